"""Travel time and distance between locations.

Three providers share one small interface, :class:`Travel`:

- :class:`Haversine` (default): great-circle distance x a road factor, at a speed per transport mode;
- :class:`Matrix`: explicit travel-time (and optionally distance) matrices; locations are indices;
- :class:`Osrm`: an OSRM-compatible ``/table`` HTTP service (stdlib ``urllib`` only).

:class:`TravelTable` caches the matrices of one problem's locations for fast lookups.
"""

from __future__ import annotations

import json
import math
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence, Union

import numpy as np

Location = Union[tuple[float, float], int]

DEFAULT_SPEEDS_KMH = {"car": 40.0, "bike": 15.0, "walk": 5.0, "public": 20.0}
UNREACHABLE = 10**7  # seconds / metres for pairs a service cannot route


class Travel(Protocol):
    """Returns ``(seconds, metres)`` matrices between ``locations`` for a transport mode."""

    def matrices(
        self, locations: Sequence[Location], mode: str
    ) -> tuple[list[list[int]], list[list[int]]]: ...

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Haversine:
    """Great-circle metres x ``road_factor``; seconds at ``speeds_kmh[mode]``."""

    speeds_kmh: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SPEEDS_KMH))
    road_factor: float = 1.3

    def matrices(self, locations, mode):
        pts = np.array([_latlon(p) for p in locations], dtype=float).reshape(-1, 2)
        lat = np.radians(pts[:, 0])[:, None]
        lon = np.radians(pts[:, 1])[:, None]
        dlat = lat - lat.T
        dlon = lon - lon.T
        a = np.sin(dlat / 2) ** 2 + np.cos(lat) * np.cos(lat.T) * np.sin(dlon / 2) ** 2
        metres = 2 * 6_371_000.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))) * self.road_factor
        speed = self.speeds_kmh.get(mode, self.speeds_kmh.get("car", 40.0)) / 3.6
        seconds = np.ceil(metres / speed)
        return seconds.astype(np.int64).tolist(), np.rint(metres).astype(np.int64).tolist()

    def to_dict(self):
        return {"kind": "haversine", "speeds_kmh": dict(self.speeds_kmh), "road_factor": self.road_factor}


@dataclass(frozen=True)
class Matrix:
    """Explicit matrices; locations are row/column indices.

    ``seconds`` is used for every mode unless ``seconds_by_mode`` has one for it; ``metres`` is
    optional (zero distances are reported without it).
    """

    seconds: list[list[int]]
    metres: list[list[int]] | None = None
    seconds_by_mode: dict[str, list[list[int]]] | None = None

    def matrices(self, locations, mode):
        src = (self.seconds_by_mode or {}).get(mode, self.seconds)
        idx = [int(p) for p in locations]  # type: ignore[arg-type]
        secs = [[int(src[i][j]) for j in idx] for i in idx]
        if self.metres is None:
            dist = [[0] * len(idx) for _ in idx]
        else:
            dist = [[int(self.metres[i][j]) for j in idx] for i in idx]
        return secs, dist

    def to_dict(self):
        return {
            "kind": "matrix",
            "seconds": self.seconds,
            "metres": self.metres,
            "seconds_by_mode": self.seconds_by_mode,
        }


@dataclass(frozen=True)
class Osrm:
    """An OSRM-compatible table service, e.g. ``Osrm("http://127.0.0.1:5000")``.

    ``profiles`` maps a transport mode to the service's profile name.
    """

    url: str
    profiles: dict[str, str] = field(
        default_factory=lambda: {"car": "driving", "bike": "cycling", "walk": "foot", "public": "driving"}
    )
    timeout: float = 30.0

    def matrices(self, locations, mode):
        pts = [_latlon(p) for p in locations]
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in pts)
        profile = self.profiles.get(mode, "driving")
        query = urllib.parse.urlencode({"annotations": "duration,distance"})
        url = f"{self.url.rstrip('/')}/table/v1/{profile}/{coords}?{query}"
        with urllib.request.urlopen(url, timeout=self.timeout) as resp:  # noqa: S310 (configured URL)
            body = json.loads(resp.read().decode("utf-8"))
        if body.get("code") != "Ok":
            raise RuntimeError(f"travel service answered {body.get('code')}: {body.get('message', '')}")
        secs = [[_int_or_far(v) for v in row] for row in body["durations"]]
        dists = body.get("distances") or [[0] * len(pts) for _ in pts]
        return secs, [[_int_or_far(v) for v in row] for row in dists]

    def to_dict(self):
        return {"kind": "osrm", "url": self.url, "profiles": dict(self.profiles), "timeout": self.timeout}


def travel_from_dict(d: dict[str, Any]) -> Travel:
    kind = d.get("kind", "haversine")
    args = {k: v for k, v in d.items() if k != "kind"}
    if kind == "haversine":
        return Haversine(**args)
    if kind == "matrix":
        return Matrix(**args)
    if kind == "osrm":
        return Osrm(**args)
    raise ValueError(f"unknown travel kind {kind!r}")


class TravelTable:
    """Cached travel between a fixed set of locations, one matrix pair per transport mode."""

    def __init__(self, travel: Travel, locations: Sequence[Location]):
        self.travel = travel
        self.locations: list[Location] = []
        self.index: dict[Location, int] = {}
        for loc in locations:
            self.add(loc)
        self._cache: dict[str, tuple[list[list[int]], list[list[int]]]] = {}

    def add(self, loc: Location) -> int:
        key = _key(loc)
        if key not in self.index:
            self.index[key] = len(self.locations)
            self.locations.append(key)
            self._cache = {}
        return self.index[key]

    def mode(self, mode: str) -> tuple[list[list[int]], list[list[int]]]:
        m = self._cache.get(mode)
        if m is None:
            m = self.travel.matrices(self.locations, mode)
            self._cache[mode] = m
        return m

    def seconds(self, mode: str, a: Location, b: Location) -> int:
        # the hottest call of insertion: a location already in its key form (a matrix index or a
        # tuple) is looked up as it is, without building its key again
        m = self._cache.get(mode) or self.mode(mode)
        try:
            return m[0][self.index[a]][self.index[b]]
        except (KeyError, TypeError):
            return m[0][self.index[_key(a)]][self.index[_key(b)]]

    def metres(self, mode: str, a: Location, b: Location) -> int:
        return self.mode(mode)[1][self.index[_key(a)]][self.index[_key(b)]]


def _key(loc: Location) -> Location:
    return loc if isinstance(loc, int) else (float(loc[0]), float(loc[1]))


def _latlon(p: Location) -> tuple[float, float]:
    if isinstance(p, int):
        raise TypeError("coordinates are needed here, got a matrix index")
    return float(p[0]), float(p[1])


def _int_or_far(v: Any) -> int:
    return UNREACHABLE if v is None else int(math.ceil(float(v)))
