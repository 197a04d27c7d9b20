"""Punctuality and missed calls on the hand-worked calls (tests/reports/worked_calls.py)."""

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
