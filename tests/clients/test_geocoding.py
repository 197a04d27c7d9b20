"""Address look-up through the agency's geocoder setting, against a local fake Nominatim and
Photon service (a real HTTP server on loopback)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

NOMINATIM = [{"display_name": "12 Pier Walk, Clevedon, BS21 7AB", "lat": "51.4391", "lon": "-2.8602"}]
PHOTON = {"type": "FeatureCollection", "features": [{"geometry": {"type": "Point", "coordinates": [-2.7511, 51.3802]},
          "properties": {"housenumber": "4", "street": "Mill Leat", "city": "Yatton", "postcode": "BS49 4AA"}}]}


@pytest.fixture
def fake_geocoder():
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            url = urlsplit(self.path)
            asked.append((url.path, parse_qs(url.query)))
            body = {"/search": NOMINATIM, "/api": PHOTON}.get(url.path)
            self.send_response(200 if body is not None else 500)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps(body if body is not None else {"error": "down"}).encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def _set_geocoder(client, factory, url):
    r = client.put("/settings", json={"values": {"geocoder_url": url}}, headers=factory.headers("manager"))
    assert r.status_code == 200, r.text


def test_without_a_geocoder_the_planner_is_told_to_drop_a_pin(client, factory):
    r = client.get("/clients/geocode", params={"q": "12 Pier Walk"}, headers=factory.headers("planner"))
    assert r.status_code == 409 and "pin" in r.json()["detail"]


def test_nominatim_and_photon_answers_give_coordinates(client, factory, fake_geocoder):
    base, asked = fake_geocoder
    planner = factory.headers("planner")
    _set_geocoder(client, factory, base + "/search")
    r = client.get("/clients/geocode", params={"q": "12 Pier Walk, Clevedon"}, headers=planner)
    assert r.status_code == 200, r.text
    assert r.json() == [{"label": "12 Pier Walk, Clevedon, BS21 7AB", "lat": 51.4391, "lon": -2.8602}]
    assert asked[-1][1]["q"] == ["12 Pier Walk, Clevedon"]
    _set_geocoder(client, factory, base + "/api")
    r = client.get("/clients/geocode", params={"q": "4 Mill Leat"}, headers=planner)
    assert r.json() == [{"label": "4 Mill Leat, Yatton, BS49 4AA", "lat": 51.3802, "lon": -2.7511}]


def test_a_failing_geocoder_is_a_502_not_a_500(client, factory, fake_geocoder):
    base, _ = fake_geocoder
    _set_geocoder(client, factory, base + "/broken")
    r = client.get("/clients/geocode", params={"q": "4 Mill Leat"}, headers=factory.headers("planner"))
    assert r.status_code == 502 and "pin" in r.json()["detail"]
    short = client.get("/clients/geocode", params={"q": "ab"}, headers=factory.headers("planner"))
    assert short.status_code == 400 and "q" in short.text
