"""The demo agency."""

import datetime as dt

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


def test_demo_is_deterministic(client, run, empty_tables):
    run(build_demo, seed=5, clients=8, carers=3, password="demo")
    h = {"Authorization": "Bearer " + client.post("/auth/login", json={"username": "planner", "password": "demo"}).json()["access_token"]}
    first = [(c["name"], c["lat"]) for c in client.get("/clients", headers=h).json()["items"]]
    empty_tables()
    run(build_demo, seed=5, clients=8, carers=3, password="demo")
    h = {"Authorization": "Bearer " + client.post("/auth/login", json={"username": "planner", "password": "demo"}).json()["access_token"]}
    assert [(c["name"], c["lat"]) for c in client.get("/clients", headers=h).json()["items"]] == first
