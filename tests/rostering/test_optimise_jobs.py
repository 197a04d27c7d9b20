"""Optimise and cover as background jobs in a worker process: progress, stop, draft, apply."""

import datetime as dt
import json
import time

import pytest

from api.domain.setup.demo import build_demo
from tests.support.jobs import finished_job
from api.domain.shared.common import server_today

pytestmark = pytest.mark.usefixtures("solver_queue")  # a queue worker on PostgreSQL



def test_optimise_a_day_gives_a_draft_then_apply_stores_it(client, factory, run):
    run(build_demo, seed=3, clients=12, carers=4, password="demo")
    h = factory.headers_for("planner")  # the demo's planner
    today = server_today().isoformat()
    job = client.post("/optimise/jobs", json={"start": today, "solution_limit": 30}, headers=h)
    assert job.status_code == 201, job.text
    done = finished_job(client, h, job.json()["id"])
    assert done["status"] == "done", done
    assert done["progress"]["days_done"] == 1
    draft = client.get(f"/optimise/jobs/{done['id']}/draft", headers=h).json()["days"][today]
    assert {"diff", "unallocated", "coverage_pct", "runs"} <= set(draft)
    assert client.post(f"/optimise/jobs/{done['id']}/apply", headers=h).status_code == 200
    runs = client.get(f"/assignments?start={today}", headers=h).json()
    planned = {(str(a["visit_id"]), str(a["carer_id"])) for a in runs}
    drafted = {(s["call_id"], r["carer_id"]) for r in draft["runs"] for s in r["stops"]}
    assert planned == drafted
    assert client.post(f"/optimise/jobs/{done['id']}/apply", headers=h).status_code == 409


def test_stop_keeps_the_best_plan_so_far_and_events_stream(client, factory, run):
    run(build_demo, seed=4, clients=12, carers=4, password="demo")
    h = factory.headers_for("planner")  # the demo's planner
    today = server_today()
    job = client.post("/optimise/jobs", json={"start": today.isoformat(), "end": (today + dt.timedelta(days=2)).isoformat(),
                                              "time_limit": 120}, headers=h).json()
    assert client.post("/optimise/jobs", json={"start": today.isoformat()}, headers=h).status_code == 409
    time.sleep(2)
    assert client.post(f"/optimise/jobs/{job['id']}/stop", headers=h).status_code == 200
    events = []
    with client.stream("GET", f"/optimise/jobs/{job['id']}/events", headers=h) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                events.append(json.loads(line[5:]))
    assert events[-1]["status"] == "stopped"
    stopped = finished_job(client, h, job["id"], timeout=30)
    assert stopped["status"] == "stopped"
    draft = client.get(f"/optimise/jobs/{job['id']}/draft", headers=h).json()["days"]
    assert today.isoformat() in draft and len(draft) < 3


def test_jobs_need_a_planner_and_valid_dates(client, factory):
    carer_h = factory.headers("carer")
    assert client.post("/optimise/jobs", json={"start": "2030-01-01"}, headers=carer_h).status_code == 403
    h = factory.headers("planner")
    bad = client.post("/optimise/jobs", json={"start": "2030-01-10", "end": "2030-01-01"}, headers=h)
    assert bad.status_code == 400
    assert client.get("/optimise/jobs/999", headers=h).status_code == 404


def test_cover_for_a_sick_carer_moves_only_their_calls(client, factory, run):
    from api.domain.tables import Leave

    run(build_demo, seed=3, clients=12, carers=4, password="demo")
    h = factory.headers_for("planner")  # the demo's planner
    today = server_today()
    sick = client.get("/auth/me", headers=factory.headers_for("carer01")).json()["carer_id"]
    before = client.get(f"/assignments?start={today}", headers=h).json()
    theirs = {str(a["visit_id"]) for a in before if a["carer_id"] == sick}
    assert theirs
    run(Leave.insert, Leave(carer=sick, kind="sick", start_date=today, end_date=today, status="approved"))
    job = client.post("/optimise/jobs", json={"start": today.isoformat(), "kind": "cover", "solution_limit": 20},
                      headers=h).json()
    assert finished_job(client, h, job["id"])["status"] == "done"
    draft = client.get(f"/optimise/jobs/{job['id']}/draft", headers=h).json()["days"][today.isoformat()]
    assert set(draft["diff"][str(sick)]["removed"]) == theirs
    for carer, change in draft["diff"].items():
        if carer != str(sick):
            # Only a double-up shared with the sick carer may move as a pair.
            assert set(change["removed"]) <= theirs, (carer, change)
            # A run that takes on none of the sick carer's calls needed no change at all.
            if not set(change["added"]) & theirs:
                assert not change["removed"] and not change["retimed"], (carer, change)
    assert all(r["carer_id"] != str(sick) for r in draft["runs"])
