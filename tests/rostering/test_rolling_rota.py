"""The rolling rota: calls from defaults weeks ahead, each given its carer from the master rota
(who did the same call in the weeks before), checked by the solver's checker; daily at the
agency's set time and on demand."""

import datetime as dt

import pytest

from api.domain.rostering.rolling_schedule import roll_if_due
from api.domain.shared.common import agency_zone, server_today
from tests.support.jobs import finished_job

pytestmark = pytest.mark.usefixtures("solver_queue")  # a queue worker on PostgreSQL

MONDAY = dt.date(2030, 1, 7)



def _roll(client, h, start, end):
    started = client.post("/rota/rolling", json={"start": str(start), "end": str(end)}, headers=h)
    assert started.status_code == 202, started.text
    job = finished_job(client, h, started.json()["id"])
    assert job["status"] == "applied", job
    return job


def _carers_by_date(client, h, client_id, start, end):
    out: dict[str, set[int]] = {}
    for a in client.get(f"/assignments?start={start}&end={end}", headers=h).json():
        if a["client_id"] == client_id:
            out.setdefault(a["date"], set()).add(a["carer_id"])
    return out


def test_future_weeks_get_the_carers_who_did_the_same_calls(client, factory):
    h = factory.headers("planner")
    ann, bea, cal = (factory.carer(name=n, skills=["medication", "hoist"]) for n in ("Ann", "Bea", "Cal"))
    rosa, olive = factory.client_(name="Rosa"), factory.client_(name="Olive")
    factory.default(rosa["id"], weekday=0, start="08:00")
    factory.default(olive["id"], weekday=0, start="10:00", carers_required=2, required_skills=["hoist"])
    assert client.post("/calls/generate", json={"start": str(MONDAY), "end": str(MONDAY)}, headers=h).json()["created"] == 2
    # Week one, by hand: Bea does Rosa's morning call, Ann and Cal Olive's double-up.
    for call in client.get(f"/calls/uncovered?date={MONDAY}", headers=h).json():
        for carer in ([bea] if call["client_id"] == rosa["id"] else [ann, cal]):
            version = client.get(f"/calls/{call['id']}", headers=h).json()["version"]
            moved = client.post(f"/calls/{call['id']}/move", headers=h,
                                json={"version": version, "to_carer_id": carer["id"]})
            assert moved.status_code == 200, moved.text
    # Bea is on leave on the third Monday.
    leave = client.post("/leave", headers=h, json={"kind": "training", "carer_id": bea["id"],
                                                    "start_date": "2030-01-21", "end_date": "2030-01-21"}).json()
    assert client.post(f"/leave/{leave['id']}/approve", json={"version": 1},
                       headers=factory.headers("manager")).status_code == 200

    job = _roll(client, h, MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=27))
    assert job["progress"]["calls_created"] == 6
    assert (job["progress"]["master"], job["progress"]["other"], job["progress"]["unallocated"]) == (5, 1, 0)

    rosa_weeks = _carers_by_date(client, h, rosa["id"], "2030-01-14", "2030-02-03")
    assert rosa_weeks["2030-01-14"] == {bea["id"]} and rosa_weeks["2030-01-28"] == {bea["id"]}
    assert rosa_weeks["2030-01-21"] and bea["id"] not in rosa_weeks["2030-01-21"]  # on leave: someone else
    olive_weeks = _carers_by_date(client, h, olive["id"], "2030-01-14", "2030-02-03")
    assert olive_weeks == {d: {ann["id"], cal["id"]} for d in ("2030-01-14", "2030-01-21", "2030-01-28")}
    for day in ("2030-01-14", "2030-01-21", "2030-01-28"):
        assert client.get(f"/calls/uncovered?date={day}", headers=h).json() == []


def test_a_call_the_planner_left_unallocated_stays_so_and_a_second_roll_changes_nothing(client, factory):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann")
    rosa = factory.client_(name="Rosa")
    factory.default(rosa["id"], weekday=0, start="08:00")
    first = _roll(client, h, MONDAY, MONDAY + dt.timedelta(days=13))
    # No history for the first Monday (the cheapest carer), then the week before's carer.
    assert (first["progress"]["calls_created"], first["progress"]["other"], first["progress"]["master"]) == (2, 1, 1)
    second_monday = MONDAY + dt.timedelta(days=7)
    call = client.get(f"/assignments?start={second_monday}", headers=h).json()[0]
    version = client.get(f"/calls/{call['visit_id']}", headers=h).json()["version"]
    assert client.post(f"/calls/{call['visit_id']}/unassign", headers=h,
                       json={"version": version, "carer_id": ann["id"]}).status_code == 200

    again = _roll(client, h, MONDAY, MONDAY + dt.timedelta(days=13))
    assert again["progress"]["calls_created"] == 0
    assert (again["progress"]["master"], again["progress"]["other"]) == (0, 0)
    assert [c["id"] for c in client.get(f"/calls/uncovered?date={second_monday}", headers=h).json()] == [call["visit_id"]]


def _set_time(client, factory, value):
    r = client.put("/settings", json={"values": {"rolling_rota_time": value}}, headers=factory.headers("manager"))
    assert r.status_code == 200, r.text


def test_the_daily_roll_starts_once_after_the_set_time(client, factory, run):
    # The set time is this minute: a job's start is stamped with the real clock, so "started
    # since the set time" can only be checked against a set time already passed today.
    now = dt.datetime.now(agency_zone()).replace(second=0, microsecond=0)
    if now.time() < dt.time(0, 1):
        pytest.skip("no minute of today lies before the set time yet")
    at = now.strftime("%H:%M")
    _set_time(client, factory, at)
    h = factory.headers("planner")
    rosa = factory.client_(name="Rosa")
    factory.default(rosa["id"], weekday=server_today().weekday(), start="08:00")
    assert run(roll_if_due, now - dt.timedelta(minutes=1)) is None  # before the set time
    job = run(roll_if_due, dt.datetime.now(dt.timezone.utc))
    assert job is not None and job["kind"] == "roll"
    assert finished_job(client, h, job["id"])["status"] == "applied"
    assert run(roll_if_due, dt.datetime.now(dt.timezone.utc)) is None  # once a day
    status = client.get("/rota/rolling", headers=h).json()
    assert status["time"] == at and status["days"] == 28 and status["last"]["id"] == job["id"]
    assert status["last"]["progress"]["calls_created"] == 4  # one a week for four weeks
    _set_time(client, factory, "")  # the agency turned the daily roll off
    assert client.get("/rota/rolling", headers=h).json()["time"] is None
    assert run(roll_if_due, now + dt.timedelta(days=1)) is None
    bad = client.put("/settings", json={"values": {"rolling_rota_time": "25:00"}}, headers=factory.headers("manager"))
    assert bad.status_code == 400 and "rolling_rota_time" in bad.text


def test_roll_errors(client, factory):
    h = factory.headers("planner")
    r = client.post("/rota/rolling", json={"start": "2030-01-10", "end": "2030-01-01"}, headers=h)
    assert r.status_code == 400 and "end" in r.text
    r = client.post("/rota/rolling", json={"start": "2030-01-01", "end": "2030-03-01"}, headers=h)
    assert r.status_code == 400 and "28" in r.text
    assert client.post("/rota/rolling", json={}, headers=factory.headers("carer")).status_code == 403


def test_a_changed_weekly_pattern_keeps_the_carer_of_the_same_call(client, factory):
    h = factory.headers("planner")
    factory.carer(name="Ann")  # as free as Bea: the master rota, not the cost, decides
    bea = factory.carer(name="Bea")
    rosa = factory.client_(name="Rosa")
    old = factory.default(rosa["id"], weekday=0, start="08:00")
    client.post("/calls/generate", json={"start": str(MONDAY), "end": str(MONDAY)}, headers=h)
    call = client.get(f"/calls/uncovered?date={MONDAY}", headers=h).json()[0]
    version = client.get(f"/calls/{call['id']}", headers=h).json()["version"]
    assert client.post(f"/calls/{call['id']}/move", headers=h,
                       json={"version": version, "to_carer_id": bea["id"]}).status_code == 200
    # The pattern changes: the Monday call moves to 08:30 (a new default), the old one ends.
    assert client.post(f"/client-defaults/{old['id']}/deactivate", json={"version": old["version"]}, headers=h).status_code == 200
    factory.default(rosa["id"], weekday=0, start="08:30")

    job = _roll(client, h, MONDAY + dt.timedelta(days=7), MONDAY + dt.timedelta(days=7))
    assert (job["progress"]["calls_created"], job["progress"]["master"]) == (1, 1)
    assert _carers_by_date(client, h, rosa["id"], "2030-01-14", "2030-01-14") == {"2030-01-14": {bea["id"]}}


def test_a_roll_job_has_no_draft_days_and_its_draft_answers_plainly(client, factory):
    h = factory.headers("planner")
    factory.carer()
    job = _roll(client, h, MONDAY, MONDAY)
    draft = client.get(f"/optimise/jobs/{job['id']}/draft", headers=h)
    assert draft.status_code == 200, draft.text
    assert draft.json()["days"] == {} and draft.json()["job"]["kind"] == job["kind"]
