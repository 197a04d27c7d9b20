"""The demo agency and turning client defaults into calls."""

import datetime as dt

from api.domain.rostering.calls import generate_calls
from api.domain.setup.demo import build_demo


def test_demo_gives_every_carer_a_run_today(client, run):
    summary = run(build_demo, seed=1, password="demo")
    assert summary["clients"] == 60 and summary["carers"] == 16
    h = {"Authorization": "Bearer " + client.post("/auth/login", json={"username": "planner", "password": "demo"}).json()["access_token"]}
    today = dt.date.today().isoformat()
    runs = client.get(f"/assignments?start={today}", headers=h).json()
    assert len({a["carer_id"] for a in runs}) == 16
    towns = {c["town"] for c in client.get("/clients?limit=500", headers=h).json()["items"]}
    assert {"Clevedon", "Portishead", "Weston-super-Mare"} <= towns


def test_demo_is_deterministic(client, run):
    run(build_demo, seed=5, clients=8, carers=3, password="demo")
    h = {"Authorization": "Bearer " + client.post("/auth/login", json={"username": "planner", "password": "demo"}).json()["access_token"]}
    first = [(c["name"], c["lat"]) for c in client.get("/clients", headers=h).json()["items"]]
    from tests.conftest import _empty_tables
    run(_empty_tables)
    run(build_demo, seed=5, clients=8, carers=3, password="demo")
    h = {"Authorization": "Bearer " + client.post("/auth/login", json={"username": "planner", "password": "demo"}).json()["access_token"]}
    assert [(c["name"], c["lat"]) for c in client.get("/clients", headers=h).json()["items"]] == first


def test_generating_calls_is_idempotent_and_honours_status(client, factory, run):
    monday = dt.date(2030, 1, 7)
    home = factory.client_()
    away = factory.client_()
    factory.default(home["id"], weekday=0)
    factory.default(away["id"], weekday=0)
    h = factory.headers("planner")
    client.patch(f"/clients/{away['id']}", json={"version": 1, "status": "in_hospital"}, headers=h)
    first = client.post("/calls/generate", json={"start": "2030-01-07", "end": "2030-01-20"}, headers=h).json()
    assert first["created"] == 2  # two Mondays, only the client at home
    again = run(generate_calls, monday, monday + dt.timedelta(days=13))
    assert again["created"] == 0
    bad = client.post("/calls/generate", json={"start": "2030-01-20", "end": "2030-01-07"}, headers=h)
    assert bad.status_code == 400
    too_long = client.post("/calls/generate", json={"start": "2030-01-01", "end": "2030-03-01"}, headers=h)
    assert too_long.status_code == 400 and "28" in too_long.text
