"""Finding coordinates for an address with the agency's geocoder (a Nominatim or Photon
service named by the `geocoder_url` setting). Optional: without one, staff drop a pin on the
map, and nothing else in the app depends on it."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
import urllib.request

import msgspec
from litestar.exceptions import HTTPException

from api.domain.setup import agency_settings
from api.domain.shared.common import ConflictException, invalid

TIMEOUT_S = 5
MAX_RESULTS = 5


class Place(msgspec.Struct):
    label: str
    lat: float
    lon: float


class GeocoderUnavailable(HTTPException):
    status_code = 502


def _places(payload) -> list[Place]:
    """Nominatim answers a list of {lat, lon, display_name}; Photon a GeoJSON FeatureCollection."""
    places = []
    if isinstance(payload, list):
        for item in payload:
            places.append(Place(str(item.get("display_name", "")), float(item["lat"]), float(item["lon"])))
    elif isinstance(payload, dict) and isinstance(payload.get("features"), list):
        for feature in payload["features"]:
            lon, lat = feature["geometry"]["coordinates"][:2]
            props = feature.get("properties") or {}
            street = " ".join(str(props[k]) for k in ("housenumber", "street") if props.get(k))
            words = [props.get("name"), street, props.get("city"), props.get("postcode")]
            places.append(Place(", ".join(str(w) for w in words if w), float(lat), float(lon)))
    else:
        raise ValueError("neither a Nominatim nor a Photon answer")
    return places[:MAX_RESULTS]


def _fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "Carerun (home care rostering)",
                                                   "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 - the manager's setting
        return response.read(1_000_000)


async def geocode(query: str) -> list[Place]:
    query = (query or "").strip()
    if len(query) < 3:
        raise invalid("q", "give at least 3 characters of the address")
    base = (await agency_settings.get("geocoder_url") or "").strip()
    if not base:
        raise ConflictException(detail="no address look-up service is set (Settings: "
                            "Address look-up service); drop a pin on the map instead")
    separator = "&" if "?" in base else "?"
    url = base + separator + urllib.parse.urlencode({"q": query, "format": "json", "limit": MAX_RESULTS})
    try:
        body = await asyncio.to_thread(_fetch, url)
        return _places(json.loads(body))
    except Exception as exc:  # noqa: BLE001 - any failure of the outside service is one answer
        raise GeocoderUnavailable(detail=f"the address look-up service did not answer usefully ({exc}); "
                                  "drop a pin on the map instead") from exc
