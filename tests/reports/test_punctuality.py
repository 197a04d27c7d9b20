"""Punctuality and missed calls on the hand-worked calls (tests/reports/worked_calls.py)."""

import datetime as dt
import uuid

from api.domain.tables import Assignment, Carer, Client, Visit, VisitLog
from tests.reports.conftest import figures, table


def test_on_time_late_missed_and_short_are_counted_as_worked_by_hand(worked, report):
    body = report("punctuality")
    # 7 calls judged (the cancelled one is not): on time 1, 3 (double-up starts 09:40), 5 (across
    # midnight), 6 (no check-out); late 2; missed 7 and the unallocated 8.
    assert figures(body) | {} == {
        "on_time_percent": 57.1, "missed_per_1000": 285.7, "calls": 7, "late": 1, "missed": 2,
        "short": 1, "no_check_out": 1,
    }


def test_by_carer_each_check_in_is_judged_against_that_carers_planned_start(worked, report):
    rows = {r["carer"]: r for r in table(report("punctuality"), "by_carer")}
    ann, bea = rows["Ann Example"], rows["Bea Example"]
    assert (ann["calls"], ann["on_time"], ann["late"], ann["missed"], ann["short"]) == (4, 2, 1, 1, 0)
    assert (bea["calls"], bea["on_time"], bea["short"], bea["no_check_out"]) == (3, 3, 1, 1)


def test_filtering_by_carer_keeps_only_that_carers_calls(worked, report):
    body = report("punctuality", carer_id=worked["bea"])
    assert figures(body)["calls"] == 3 and figures(body)["on_time_percent"] == 100.0


def test_calls_not_yet_due_are_not_judged(worked, report):
    assert figures(report("punctuality", day="2030-01-07"))["calls"] == 0


def test_csv_export_writes_the_named_table(worked, client, factory):
    response = client.get("/reports/punctuality/csv", params={"from": "2026-11-02", "to": "2026-11-02",
                                                               "table": "by_carer"}, headers=factory.headers("manager"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    lines = response.text.strip().splitlines()
    assert lines[0].startswith("Carer,Calls,On time,Late,Missed")
    assert any(line.startswith("Ann Example,4,2,1,1,0") for line in lines[1:])


def test_bad_ranges_and_filters_are_refused_naming_the_field(worked, client, factory):
    h = factory.headers("planner")
    r = client.get("/reports/punctuality", params={"from": "2026-11-09", "to": "2026-11-02"}, headers=h)
    assert r.status_code == 400 and "to" in r.text
    r = client.get("/reports/punctuality", params={"funder": "council"}, headers=h)
    assert r.status_code == 400 and "funder" in r.text
    r = client.get("/reports/punctuality/csv", params={"table": "nope"}, headers=h)
    assert r.status_code == 400 and "table" in r.text


def test_dates_outside_any_agencys_records_are_refused(client, factory):
    h = factory.headers("manager")
    r = client.get("/reports/dashboard", params={"today": "0001-01-01"}, headers=h)
    assert r.status_code == 400 and "today" in r.text
    r = client.get("/reports/hours", params={"from": "9999-12-30", "to": "9999-12-31"}, headers=h)
    assert r.status_code == 400 and "from" in r.text


async def _clocks_go_back() -> int:
    """Sunday 25 October 2026, when the clocks go back at 02:00 BST: a call at 00:30 (BST) with its
    check-in at 00:40 BST, and a call at 08:00 (GMT) with its check-in at 08:10 GMT. Both are on
    time; read with the other hour's offset, either would be an hour out (late, or 50 min early)."""
    day = dt.date(2026, 10, 25)
    carer = (await Carer.insert(Carer(name="Cal Clock", home_lat=51.43, home_lon=-2.85)).returning(Carer.id))[0]["id"]
    person = (await Client.insert(Client(name="Dot Dawn", address="4 Test Row", town="Yatton", lat=51.39,
                                         lon=-2.82, funder="private")).returning(Client.id))[0]["id"]
    for planned, checked_in in ((30, dt.datetime(2026, 10, 24, 23, 40, tzinfo=dt.timezone.utc)),  # 00:40 BST
                                (480, dt.datetime(2026, 10, 25, 8, 10, tzinfo=dt.timezone.utc))):  # 08:10 GMT
        visit = (await Visit.insert(Visit(client=person, date=day, window_start=planned, window_end=planned,
                                          duration_minutes=30, status="done")).returning(Visit.id))[0]["id"]
        await Assignment.insert(Assignment(visit=visit, carer=carer, planned_start=planned))
        await VisitLog.insert(VisitLog(client_uuid=str(uuid.uuid4()), visit=visit, carer=carer, kind="check_in",
                                       device_time=checked_in, server_time=checked_in))
    return carer


def test_check_ins_on_the_day_the_clocks_change_are_read_by_the_clock_of_the_moment(run, report):
    carer = run(_clocks_go_back)
    body = report("punctuality", day="2026-10-25", carer_id=carer)
    assert (figures(body)["calls"], figures(body)["late"], figures(body)["on_time_percent"]) == (2, 0, 100.0)
    lines = table(report("payroll", as_="manager", day="2026-10-25", carer_id=carer), "timesheet")
    assert [line["check_in"] for line in lines] == ["00:40", "08:10"]
