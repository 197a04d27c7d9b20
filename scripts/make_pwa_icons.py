"""Draw the PWA's icons (a white house with a heart door on Carerun teal) as real PNGs.

No imaging library needed: pixels are computed and written with zlib and struct.
Run: python scripts/make_pwa_icons.py  (writes pwa/static/icons/*.png)
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

TEAL = (11, 94, 90)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "pwa" / "static" / "icons"


def _inside_house(x: float, y: float) -> bool:
    """(x, y) in 0..1 of the safe zone: a roof over a square body, with a heart cut out."""
    body = 0.38 <= y <= 0.85 and 0.22 <= x <= 0.78
    roof = 0.12 <= y < 0.42 and abs(x - 0.5) <= (y - 0.12) * 1.15 + 0.02
    return body or roof


def _in_heart(x: float, y: float) -> bool:
    # A heart centred at (0.5, 0.62): two circles over a triangle.
    cx, cy, r = 0.5, 0.6, 0.075
    left = (x - (cx - r)) ** 2 + (y - cy) ** 2 <= r * r
    right = (x - (cx + r)) ** 2 + (y - cy) ** 2 <= r * r
    tri = cy <= y <= cy + 0.17 and abs(x - cx) <= (cy + 0.17 - y) * 0.95
    return left or right or tri


def draw(size: int, safe: float) -> bytes:
    """RGB rows; `safe` shrinks the drawing so a maskable icon survives a circular mask."""
    rows = []
    margin = (1 - safe) / 2
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            x = ((px + 0.5) / size - margin) / safe
            y = ((py + 0.5) / size - margin) / safe
            colour = WHITE if _inside_house(x, y) and not _in_heart(x, y) else TEAL
            row += bytes(colour)
        rows.append(bytes(row))
    return b"".join(rows)


def png(size: int, safe: float) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(draw(size, safe), 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, safe in (("icon-192.png", 192, 0.9), ("icon-512.png", 512, 0.9),
                             ("maskable-192.png", 192, 0.66), ("maskable-512.png", 512, 0.66)):
        (OUT / name).write_bytes(png(size, safe))
        print("wrote", OUT / name)
