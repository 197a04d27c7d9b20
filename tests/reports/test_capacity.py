"""Capacity for growth on the hand-worked calls, and "Can we take this package?" on the demo agency."""

import datetime as dt

import pytest

from api.domain.setup.demo import TOWNS, build_demo
from api.domain.shared.common import server_today, week_start
from api.domain.tables import Availability
from tests.reports.conftest import table


def test_available_committed_and_spare_carer_hours_by_time_of_day(worked, report, run):
    async def ann_works_monday_mornings():
        await Availability.insert(Availability(carer=worked["ann"], weekday=0, start_minute=7 * 60, end_minute=13 * 60))
    run(ann_works_monday_mornings)
    rows = {r["time_band"]: r for r in table(report("capacity"), "by_day")}
    # Morning 07:00-11:00 = 4 h available; committed: call 1 (60 min) and the double-up (2 x 45).
    assert (rows["morning"]["available"], rows["morning"]["committed"], rows["morning"]["spare"]) == (4.0, 2.5, 1.5)
    assert (rows["lunch"]["available"], rows["lunch"]["committed"]) == (2.0, 0.5)
    # The unallocated 14:00 call is demand nobody is committed to; the 23:30 call is night.
    assert (rows["tea"]["committed"], rows["tea"]["demand"]) == (0.0, 0.5)
    assert rows["night"]["committed"] == 1.0


@pytest.fixture
def demo(run, client):
    run(build_demo, seed=3, clients=30, carers=8, password="demo-password")
    return week_start(server_today()) + dt.timedelta(days=7)


def _check(client, factory, body):
    r = client.post("/reports/capacity/package-check", json=body, headers=factory.headers("planner"))
    assert r.status_code == 200, r.text
    return r.json()


def test_a_small_package_fits_and_names_the_carers_who_would_take_it(demo, client, factory):
    lat, lon, _ = TOWNS["Clevedon"]
    answer = _check(client, factory, {"lat": lat, "lon": lon, "calls": [
        {"weekday": d, "start": "14:00", "duration_minutes": 30} for d in range(7)]})
    assert answer["fits"] is True and answer["placed"] == 7 and answer["not_placed"] == 0
    assert answer["week_start"] == demo.isoformat()
    assert all(len(c["carers"]) == 1 and c["carers"][0]["name"] for c in answer["calls"])
    assert sum(c["calls"] for c in answer["carers"]) == 7
    assert answer["added_travel_minutes"] > 0


def test_a_package_nobody_can_take_is_refused_with_the_reason(demo, client, factory):
    answer = _check(client, factory, {"town": "Clevedon", "calls": [
        {"weekday": 0, "start": "14:00", "duration_minutes": 30},
        {"weekday": 1, "start": "10:00", "duration_minutes": 45, "skills": ["tracheostomy"]}]})
    assert answer["fits"] is False and answer["placed"] == 1 and answer["not_placed"] == 1
    refused = next(c for c in answer["calls"] if not c["placed"])
    assert refused["carers"] == [] and "tracheostomy" in refused["reason"]


def test_a_package_needs_a_place_and_valid_times(client, factory):
    h = factory.headers("planner")
    r = client.post("/reports/capacity/package-check", json={"calls": [{"weekday": 0, "start": "14:00", "duration_minutes": 30}]}, headers=h)
    assert r.status_code == 400 and "lat" in r.text
    r = client.post("/reports/capacity/package-check", json={"lat": 51.4, "lon": -2.8, "calls": [
        {"weekday": 0, "start": "25:00", "duration_minutes": 30}]}, headers=h)
    assert r.status_code == 400 and "calls[0].start" in r.text
