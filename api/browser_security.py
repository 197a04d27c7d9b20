"""Security headers on every answer: a Content-Security-Policy with no inline script, no
sniffing, no framing, no referrer leaving the site, and HSTS when served over https.

Added in a before-send hook so that every answer carries them, errors and 404s included.
The API documentation under /schema loads its viewer from a CDN with an inline script, so it
gets a looser policy of its own; nothing there holds care data.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from litestar.types import Message, Scope

from api.settings import get_settings

HSTS = "max-age=31536000; includeSubDomains"
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://unpkg.com; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://unpkg.com https://fonts.googleapis.com; "
    "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https:; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def _tile_origin(tile_url: str) -> str:
    """Where map tiles come from, as a CSP source ({s} subdomains become a wildcard)."""
    parts = urlsplit(tile_url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


@lru_cache(maxsize=1)
def app_policy() -> str:
    tiles = _tile_origin(get_settings().tile_url)
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",  # no inline script, no eval
        "style-src 'self'",  # styles set from script go through the CSSOM, which CSP allows
        f"img-src 'self' data: blob: {tiles}".strip(),
        "connect-src 'self'",
        "font-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def _headers_for(scope: Scope) -> dict[str, str]:
    path = scope.get("path", "")
    headers = {
        "Content-Security-Policy": DOCS_POLICY if path.startswith("/schema") else app_policy(),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), payment=(), usb=()",
    }
    if scope.get("scheme") == "https" or get_settings().hsts:
        headers["Strict-Transport-Security"] = HSTS
    return headers


@lru_cache(maxsize=8)
def _raw_headers(docs: bool, https: bool, hsts: bool) -> tuple[tuple[bytes, bytes], ...]:
    """The headers above as the ASGI message carries them, built once per kind of answer."""
    scope = {"path": "/schema" if docs else "/", "scheme": "https" if https else "http"}
    return tuple((name.lower().encode(), value.encode()) for name, value in _headers_for(scope).items())


async def add_security_headers(message: Message, scope: Scope) -> None:
    """Before-send hook: the headers go on the start of every HTTP answer (a header the route
    set itself is left as it is). Appended as raw bytes: this runs on every answer."""
    if message["type"] != "http.response.start":
        return
    raw = _raw_headers(scope.get("path", "").startswith("/schema"), scope.get("scheme") == "https",
                       get_settings().hsts)
    headers = list(message.get("headers") or ())
    present = {name.lower() for name, _ in headers}
    headers.extend(pair for pair in raw if pair[0] not in present)
    message["headers"] = headers
