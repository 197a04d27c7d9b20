"""After a carer accepts an urgent call that makes their later calls too late, the office's
re-plan takes those calls off them and Find cover gives them to someone free; nothing reaches
carers until the planner applies (and publishes) it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.support.carer_world import new_uuid
from tests.support.planner_setup import add_call
from tests.support.solver_workers import solver_queue  # noqa: F401  (a fixture)
from tests.urgent.conftest import ALL_DAY, SPOT, log_fall
from tests.support.jobs import finished_job

pytestmark = pytest.mark.usefixtures("solver_queue")  # a queue worker on PostgreSQL


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"



def test_delayed_calls_are_handed_to_a_free_carer(client, factory, out_of_hours):
    now = dt.datetime.now(ZoneInfo("Europe/London"))
    minute = now.hour * 60 + now.minute
    if minute > 24 * 60 - 200:
        pytest.skip("the urgent call and the run it delays need three hours left in today")
    planner = factory.headers("planner")
    busy, busy_h = factory.carer_user(name="Bea Busy", home_lat=SPOT["lat"] + 0.005, home_lon=SPOT["lon"],
                                      availability=ALL_DAY)
    free = factory.carer(name="Fred Free", home_lat=SPOT["lat"] + 0.03, home_lon=SPOT["lon"], availability=ALL_DAY)
    out_of_hours(busy, free)
    neighbour = factory.client_(name="Nora Neighbour", lat=SPOT["lat"] + 0.002, lon=SPOT["lon"])
    today = now.date().isoformat()
    calls = [add_call(client, planner, neighbour["id"], date=today, start=_hhmm(minute + gap), carer_ids=[busy["id"]])
             for gap in (40, 85, 130)]
    request = log_fall(client, planner, factory.client_(**SPOT)["id"], duration_minutes=120)
    r = client.post(f"/urgent/{request['id']}/offers", json={"carer_id": busy["id"]}, headers=planner)
    assert r.status_code == 201, r.text
    offer = client.get("/me/urgent", headers=busy_h).json()["offers"][0]
    assert client.post(f"/me/urgent/{offer['offer_id']}/accept", json={"client_uuid": new_uuid()},
                       headers=busy_h).status_code == 201
    assert client.get(f"/urgent/{request['id']}", headers=planner).json()["calls_made_late"] >= 1

    r = client.post(f"/urgent/{request['id']}/cover", headers=planner)
    assert r.status_code == 201, r.text
    released = r.json()["released_call_ids"]
    assert released and set(released) <= {c["id"] for c in calls}
    job = finished_job(client, planner, r.json()["job"]["id"])
    assert job["status"] == "done", job
    assert client.post(f"/optimise/jobs/{job['id']}/apply", json={}, headers=planner).status_code == 200
    runs = client.get(f"/assignments?start={today}&end={today}", headers=planner).json()
    holder = {a["visit_id"]: a["carer_id"] for a in runs if a["visit_id"] in released}
    assert holder and set(holder.values()) == {free["id"]}
