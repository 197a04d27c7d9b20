"""Applying an Optimise draft never overwrites hand work done after the job read the day: the
changed calls keep what the planner gave them and are reported; the rest follow the draft."""

import datetime as dt

import pytest

from api.domain.setup.demo import build_demo
from tests.support.jobs import finished_job
from api.domain.shared.common import server_today

pytestmark = pytest.mark.usefixtures("solver_queue")  # a queue worker on PostgreSQL



def _carers_of(client, h, day):
    out: dict[int, set[int]] = {}
    for a in client.get(f"/assignments?start={day}", headers=h).json():
        out.setdefault(a["visit_id"], set()).add(a["carer_id"])
    return out


def test_a_hand_move_after_the_job_started_is_kept_and_reported(client, factory, run):
    run(build_demo, seed=3, clients=12, carers=4, password="demo")
    h = factory.headers_for("planner")
    today = server_today().isoformat()
    job = client.post("/optimise/jobs", json={"start": today, "solution_limit": 30}, headers=h).json()
    assert finished_job(client, h, job["id"])["status"] == "done"
    draft = client.get(f"/optimise/jobs/{job['id']}/draft", headers=h).json()["days"][today]
    drafted: dict[int, set[int]] = {}
    for r in draft["runs"]:
        for s in r["stops"]:
            drafted.setdefault(int(s["call_id"]), set()).add(int(r["carer_id"]))

    # After the job read the day, the planner moves a single call to a carer the draft did not choose.
    carers = {c["id"] for c in client.get("/carers?limit=50", headers=h).json()["items"]}
    moved_id, to_carer = next(
        (vid, other) for vid, who in sorted(drafted.items()) if len(who) == 1
        for other in sorted(carers - who)
        if client.get(f"/calls/{vid}", headers=h).json()["carers_required"] == 1)
    call = client.get(f"/calls/{moved_id}", headers=h).json()
    body = {"version": call["version"], "to_carer_id": to_carer}
    if call["assignments"]:
        if call["assignments"][0]["carer_id"] == to_carer:
            body = {"version": call["version"], "start": call["assignments"][0]["planned_start"]}
        else:
            body["from_carer_id"] = call["assignments"][0]["carer_id"]
    moved = client.post(f"/calls/{moved_id}/move", json=body, headers=h)
    assert moved.status_code == 200, moved.text
    hand = {a["carer_id"] for a in moved.json()["assignments"]}

    applied = client.post(f"/optimise/jobs/{job['id']}/apply", headers=h)
    assert applied.status_code == 200, applied.text
    skipped = applied.json()["skipped"]
    assert [s["visit_id"] for s in skipped] == [moved_id]
    assert skipped[0]["reason"] == "changed by hand after the draft was made"
    assert skipped[0]["client_name"] == call["client_name"] and skipped[0]["date"] == today

    now = _carers_of(client, h, today)
    assert now.get(moved_id) == hand  # the hand move stands
    for vid, who in drafted.items():
        if vid != moved_id:
            assert now.get(vid) == who, vid  # everything else is the draft
