"""The demo agency."""

import datetime as dt

from api.domain.setup.demo import build_demo
from api.domain.shared.common import server_today


def _planner(client):
    token = client.post("/auth/login", json={"username": "planner", "password": "demo"}).json()["access_token"]
    return {"Authorization": "Bearer " + token}


def _short_of_carers(client, h, day: dt.date) -> int:
    return len(client.get(f"/calls/uncovered?date={day}", headers=h).json())


def test_the_default_demo_is_a_well_run_agency_with_every_call_covered_four_weeks_ahead(client, run):
    summary = run(build_demo, seed=1, password="demo")
    assert summary["clients"] == 60 and summary["carers"] == 27  # 16, 8 relief and 3 night carers
    h = _planner(client)
    today = server_today()
    runs = client.get(f"/assignments?start={today}", headers=h).json()
    assert len({a["carer_id"] for a in runs}) >= 16
    for offset in (0, 1, 6, 13, 20, 27):  # today, the greedy-free later days, the rolled weeks
        day = today + dt.timedelta(days=offset)
        assert client.get(f"/assignments?start={day}", headers=h).json(), day
        assert _short_of_carers(client, h, day) == 0, day
    towns = {c["town"] for c in client.get("/clients?limit=500", headers=h).json()["items"]}
    assert {"Clevedon", "Portishead", "Weston-super-Mare"} <= towns
    # Issue 11's demo records (same build): some training due, one DBS overdue, a few reviews
    # due, and carers both ready and not ready for the next role.
    assert client.get("/training/matrix", headers=h).json()["counts"]["due"] >= 3
    assert [c["check"] for c in client.get("/carers/checks-due", headers=h).json() if c["overdue"]] == ["DBS renewal"]
    assert len(client.get("/care-plans/reviews-due?within_days=28", headers=h).json()) >= 3
    career = client.get("/career/progression", headers=h).json()
    assert 0 < career["ready_count"] < len(career["carers"])


def test_a_short_staffed_demo_leaves_calls_for_the_planner(client, run):
    summary = run(build_demo, seed=1, clients=30, carers=8, password="demo", short_staffed=True)
    assert summary["carers"] == 8
    h = _planner(client)
    today = server_today()
    short = sum(_short_of_carers(client, h, today + dt.timedelta(days=d)) for d in range(7))
    assert short > 0


def test_demo_is_deterministic(client, run, empty_tables):
    run(build_demo, seed=5, clients=8, carers=3, password="demo")
    h = {"Authorization": "Bearer " + client.post("/auth/login", json={"username": "planner", "password": "demo"}).json()["access_token"]}
    first = [(c["name"], c["lat"]) for c in client.get("/clients", headers=h).json()["items"]]
    empty_tables()
    run(build_demo, seed=5, clients=8, carers=3, password="demo")
    h = {"Authorization": "Bearer " + client.post("/auth/login", json={"username": "planner", "password": "demo"}).json()["access_token"]}
    assert [(c["name"], c["lat"]) for c in client.get("/clients", headers=h).json()["items"]] == first
