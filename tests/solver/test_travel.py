import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from api.solver import Call, Carer, Haversine, Matrix, Osrm, Problem, Shift, check, solve

from .builders import H, M, det

CLEVEDON = (51.438, -2.854)
PORTISHEAD = (51.484, -2.767)


def test_haversine_road_factor_and_speed():
    secs, metres = Haversine(road_factor=1.3, speeds_kmh={"car": 36.0, "walk": 5.0}).matrices([CLEVEDON, PORTISHEAD], "car")
    assert 10_000 < metres[0][1] < 10_600  # about 7.9 km great circle x 1.3
    assert secs[0][1] == pytest.approx(metres[0][1] / 10, abs=1)
    walk, _ = Haversine(speeds_kmh={"car": 36.0, "walk": 5.0}).matrices([CLEVEDON, PORTISHEAD], "walk")
    assert walk[0][1] > 6 * secs[0][1]
    assert secs[0][0] == 0


def test_matrix_per_mode():
    m = Matrix(seconds=[[0, 100], [100, 0]], seconds_by_mode={"walk": [[0, 900], [900, 0]]})
    assert m.matrices([1, 0], "car")[0] == [[0, 100], [100, 0]]
    assert m.matrices([0, 1], "walk")[0][0][1] == 900
    assert m.matrices([0, 1], "car")[1] == [[0, 0], [0, 0]]


class _FakeOsrm(BaseHTTPRequestHandler):
    calls: list[str] = []

    def do_GET(self):  # noqa: N802
        _FakeOsrm.calls.append(self.path)
        coords = self.path.split("/")[4].split("?")[0].split(";")
        n = len(coords)
        body = {
            "code": "Ok",
            "durations": [[0 if i == j else 420.4 for j in range(n)] for i in range(n)],
            "distances": [[0 if i == j else 6000.0 for j in range(n)] for i in range(n)],
        }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def osrm():
    server = HTTPServer(("127.0.0.1", 0), _FakeOsrm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_osrm_table_client_against_a_local_fake(osrm):
    secs, metres = Osrm(osrm).matrices([CLEVEDON, PORTISHEAD, (51.43, -2.75)], "car")
    assert secs[0][1] == 421 and metres[2][0] == 6000 and secs[1][1] == 0
    path = _FakeOsrm.calls[-1]
    assert path.startswith("/table/v1/driving/-2.854000,51.438000;") and "annotations=duration%2Cdistance" in path


def test_solver_uses_the_travel_service(osrm):
    p = Problem(
        calls=[Call("c1", "cl1", PORTISHEAD, 9 * H, 9 * H + 30 * M, 30 * M)],
        carers=[Carer("A", (Shift(8 * H, 12 * H),), CLEVEDON)],
        travel=Osrm(osrm),
    )
    plan = solve(p, det())
    assert check(p, plan) == []
    assert plan.runs[0].stops[0].travel_seconds == 421 and plan.runs[0].travel_metres == 12000
