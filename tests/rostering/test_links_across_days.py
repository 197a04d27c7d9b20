"""A call linked to the client's last call the day before (issue 15): "at least 11 h 30 min after
last night's call, by the same carer". Optimise keeps it against the other day as stored, or as
the same draft planned it; a hand move that breaks it is warned about in words."""

import datetime as dt

import pytest

from tests.support.jobs import finished_job
from api.domain.shared.common import server_today

pytestmark = pytest.mark.usefixtures("solver_queue")  # a queue worker on PostgreSQL

BED = {"weekdays": list(range(7)), "start": "21:00", "duration_minutes": 30, "call_type": "bed"}
# 21:00 + 11 h 30 min is 08:30, the end of the morning call's window (08:00 give or take 30 min)
MORNING = {"weekdays": list(range(7)), "start": "08:00", "duration_minutes": 30, "call_type": "morning",
           "link_to_previous": {"min_gap_minutes": 690, "carer": "same", "day": "previous"}}
DAY1 = server_today() + dt.timedelta(days=1)
DAY2 = DAY1 + dt.timedelta(days=1)


def _setup(client, factory):
    h = factory.headers("planner")
    rosa = factory.client_(name="Rosa Juniper")
    carers = [factory.carer(name=n) for n in ("Ann Hale", "Bob Reed", "Cy Moor")]
    r = client.put(f"/clients/{rosa['id']}/pattern", headers=h,
                   json={"version": 1, "from_date": str(DAY1), "calls": [MORNING, BED]})
    assert r.status_code == 200, r.text
    r = client.post("/calls/generate", headers=h, json={"start": str(DAY1), "end": str(DAY2)})
    assert r.status_code == 200, r.text
    return h, rosa, carers


def _calls(client, h, rosa, day) -> dict[str, dict]:
    """call type -> the client's call that day (as the board lists calls)."""
    board = client.get(f"/calls/uncovered?date={day}", headers=h).json()
    mine = sorted((c for c in board if c["client_id"] == rosa["id"]), key=lambda c: c["window_start"])
    return dict(zip(("morning", "bed"), mine))


def _optimise(client, h, start, end):
    job = client.post("/optimise/jobs", json={"start": str(start), "end": str(end), "solution_limit": 30},
                      headers=h).json()
    assert finished_job(client, h, job["id"])["status"] == "done"
    r = client.post(f"/optimise/jobs/{job['id']}/apply", json={"confirm_fewer_calls": True}, headers=h)
    assert r.status_code == 200, r.text


def _assigned(client, h, day, visit_id) -> list[dict]:
    return [a for a in client.get(f"/assignments?start={day}", headers=h).json() if a["visit_id"] == visit_id]


def _hhmm(a) -> str:
    start = a["planned_start"]
    return start if isinstance(start, str) else f"{start // 60:02d}:{start % 60:02d}"


def test_optimise_keeps_the_link_to_last_nights_call_as_stored(client, factory):
    h, rosa, (ann, _, _) = _setup(client, factory)
    bed = _calls(client, h, rosa, DAY1)["bed"]
    moved = client.post(f"/calls/{bed['id']}/move", headers=h,
                        json={"version": bed["version"], "to_carer_id": ann["id"], "start": "21:00"})
    assert moved.status_code == 200, moved.text
    morning = _calls(client, h, rosa, DAY2)["morning"]
    _optimise(client, h, DAY2, DAY2)
    (a,) = _assigned(client, h, DAY2, morning["id"])
    assert a["carer_id"] == ann["id"] and _hhmm(a) == "08:30"


def test_a_draft_of_two_days_ties_the_morning_to_the_night_it_planned(client, factory):
    h, rosa, _ = _setup(client, factory)
    bed, morning = _calls(client, h, rosa, DAY1)["bed"], _calls(client, h, rosa, DAY2)["morning"]
    _optimise(client, h, DAY1, DAY2)
    (night,) = _assigned(client, h, DAY1, bed["id"])
    (a,) = _assigned(client, h, DAY2, morning["id"])
    assert a["carer_id"] == night["carer_id"]
    gap = int(_hhmm(a)[:2]) * 60 + int(_hhmm(a)[3:]) + 24 * 60 - (int(_hhmm(night)[:2]) * 60 + int(_hhmm(night)[3:]))
    assert gap >= 690


def test_a_hand_move_that_breaks_the_link_is_warned_in_words(client, factory):
    h, rosa, (ann, bob, _) = _setup(client, factory)
    bed = _calls(client, h, rosa, DAY1)["bed"]
    assert client.post(f"/calls/{bed['id']}/move", headers=h,
                       json={"version": bed["version"], "to_carer_id": ann["id"], "start": "21:00"}).status_code == 200
    morning = _calls(client, h, rosa, DAY2)["morning"]
    preview = client.post(f"/calls/{morning['id']}/move/preview", headers=h,
                          json={"version": morning["version"], "to_carer_id": bob["id"], "start": "08:00"})
    said = {w["code"]: w["message"] for w in preview.json()["warnings"]}
    assert said["gap_between_calls"] == (
        "Gap between calls: the 08:00 call at Rosa Juniper would start 11 h 00 min after the previous day's "
        "21:00 call there; it must be at least 11 h 30 min after it")
    assert said["same_carer_needed"] == (
        "Same carer needed: the previous day's 21:00 call at Rosa Juniper and the 08:00 call at Rosa Juniper "
        "are booked with the same carer, and would have different carers")
