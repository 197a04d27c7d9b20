"""Live today: late and missed calls from check-ins, as a snapshot and as server-sent events."""

import datetime as dt
import json
import uuid

from api.domain.tables import VisitLog
from tests.support.planner_setup import add_call
from api.domain.shared.common import server_today

DAY = dt.date(2030, 1, 7)


def _log(run, visit_id, carer_id, kind):
    async def insert():
        await VisitLog.insert(VisitLog(client_uuid=str(uuid.uuid4()), visit=visit_id, carer=carer_id, kind=kind))
    run(insert)


def _states(client, h, at):
    body = client.get(f"/live/today?at={DAY}T{at}:00", headers=h).json()
    return {c["visit_id"]: c["state"] for c in body["calls"]}, body


def test_late_and_missed_follow_the_check_ins(client, factory, run):
    h = factory.headers("planner")
    ann = factory.carer()
    someone = factory.client_()
    # Window 08:30-09:30, 30 minutes: late after 08:45, missed after 10:00.
    call = add_call(client, h, someone["id"], date=DAY.isoformat(), start="09:00", carer_ids=[ann["id"]])
    done = add_call(client, h, someone["id"], date=DAY.isoformat(), start="07:00", carer_ids=[ann["id"]])
    _log(run, done["id"], ann["id"], "check_in")
    _log(run, done["id"], ann["id"], "check_out")
    states, _ = _states(client, h, "08:45")
    assert states == {call["id"]: "due", done["id"]: "done"}
    assert _states(client, h, "08:46")[0][call["id"]] == "late"
    states, body = _states(client, h, "10:01")
    assert states[call["id"]] == "missed" and body["counts"]["missed"] == 1 and body["at"] == "10:01"
    _log(run, call["id"], ann["id"], "check_in")
    assert _states(client, h, "09:10")[0][call["id"]] == "in_progress"
    _log(run, call["id"], ann["id"], "check_out")
    assert _states(client, h, "10:30")[0][call["id"]] == "done"


def test_live_is_for_planners(client, factory):
    _, carer_h = factory.carer_user()
    assert client.get("/live/today", headers=carer_h).status_code == 403
    assert client.get("/live/today?at=yesterday", headers=factory.headers("planner")).status_code == 400


def test_the_stream_sends_the_snapshot_as_a_server_sent_event(client, factory):
    h = factory.headers("planner")
    add_call(client, h, factory.client_(name="Olive")["id"], date=server_today().isoformat(), start="09:00")
    # EventSource cannot send headers, so a short-lived ticket for this stream rides in the query.
    ticket = client.post("/auth/stream-ticket", json={"path": "/live/stream"}, headers=h).json()["ticket"]
    with client.stream("GET", f"/live/stream?max_events=1&ticket={ticket}") as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        text = "".join(r.iter_text())
    event = dict(line.split(": ", 1) for line in text.strip().splitlines() if ": " in line)
    assert event["event"] == "live"
    body = json.loads(event["data"])
    assert [c["client_name"] for c in body["calls"]] == ["Olive"]
    assert client.get("/live/stream?max_events=1").status_code == 401


def test_due_means_within_the_next_hour_and_alerts_list_no_carer_late_and_missed(client, factory, run):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann Live")
    someone = factory.client_(name="Rhoda Alert")
    # Windows: 07:30-08:30 (missed at 11:00), 10:30-11:30 (late at 11:00), 11:30-12:30 (due),
    # 13:30-14:30 with no carer, 16:30-17:30 (upcoming: not due for hours).
    missed = add_call(client, h, someone["id"], date=DAY.isoformat(), start="08:00", carer_ids=[ann["id"]])
    late = add_call(client, h, someone["id"], date=DAY.isoformat(), start="11:00", carer_ids=[ann["id"]])
    due = add_call(client, h, someone["id"], date=DAY.isoformat(), start="12:00", carer_ids=[ann["id"]])
    nobody = add_call(client, h, someone["id"], date=DAY.isoformat(), start="14:00")
    later = add_call(client, h, someone["id"], date=DAY.isoformat(), start="17:00", carer_ids=[ann["id"]])
    states, body = _states(client, h, "11:00")
    assert states[missed["id"]] == "missed" and states[late["id"]] == "late"
    assert states[due["id"]] == "due" and states[later["id"]] == "upcoming"
    assert states[nobody["id"]] == "upcoming"
    assert body["counts"]["due"] == 1 and body["counts"]["no_carer"] == 1
    alerts = [(a["kind"], a["visit_id"]) for a in body["alerts"]]
    assert alerts == [("no_carer", nobody["id"]), ("missed", missed["id"]), ("late", late["id"])]
    assert body["alert_count"] == 3
    assert "Rhoda Alert" in body["alerts"][0]["message"] and "no carer" in body["alerts"][0]["message"]


def test_actual_check_in_and_out_times_are_shown(client, factory, run):
    h = factory.headers("planner")
    ann = factory.carer()
    call = add_call(client, h, factory.client_()["id"], date=DAY.isoformat(), start="09:00", carer_ids=[ann["id"]])
    _log(run, call["id"], ann["id"], "check_in")
    _, body = _states(client, h, "09:20")
    row = next(c for c in body["calls"] if c["visit_id"] == call["id"])
    assert row["state"] == "in_progress" and row["checked_in_at"] and row["checked_out_at"] is None
