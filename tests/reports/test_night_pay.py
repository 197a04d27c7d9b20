"""Nights in pay and payroll, against hand-worked figures (pay at £12.75 an hour for call time
and travel alike, sleep-in allowance £60, National Living Wage £12.71 from April 2026).

Nia Night (born 1990), week of Monday 2 November 2026:
 - Mon 22:00 sleep-in, 540 min planned, 10 min travel; woken 45 min (told at check-out 07:02 Tue)
 - Tue 22:00 waking night, 540 min planned, 10 min travel; in 21:55, out 07:05 Wed (550 min)

Worked for the minimum wage: 45 woken + 550 + 20 travel = 615 min = 10.25 h (the sleep-in's
sleeping hours are not time work). Pay for that time: (45 + 540) min = £124.3125, travel £4.25:
£128.56. Effective £128.56 / 10.25 h = £12.54, below £12.71: shortfall 12.71 x 10.25 - 128.56 =
£1.72. The £60 allowance is paid on top (gross £188.56) but does not count for the minimum wage.
"""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest

from api.domain.tables import Assignment, Carer, Client, Visit, VisitLog
from tests.reports.conftest import table

MONDAY = dt.date(2026, 11, 2)
LONDON = ZoneInfo("Europe/London")


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    h, m = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(h, m), LONDON)


async def _nights() -> None:
    nia = (await Carer.insert(Carer(name="Nia Night", home_lat=51.43, home_lon=-2.85,
                                    birth_date=dt.date(1990, 1, 1))).returning(Carer.id))[0]["id"]
    sid = (await Client.insert(Client(name="Sid Sleeper", address="3 Test Lane", town="Clevedon",
                                      lat=51.44, lon=-2.85, funder="private")).returning(Client.id))[0]["id"]
    for day, kind, check_in, check_out, woken in ((MONDAY, "sleep_in", "21:58", "07:02", 45),
                                                  (MONDAY + dt.timedelta(days=1), "waking_night", "21:55", "07:05", 0)):
        visit = (await Visit.insert(Visit(client=sid, date=day, window_start=22 * 60, window_end=22 * 60,
                                          duration_minutes=540, call_type=kind, status="done")
                                    ).returning(Visit.id))[0]["id"]
        await Assignment.insert(Assignment(visit=visit, carer=nia, planned_start=22 * 60, travel_minutes=10))
        for log_kind, when, minutes in (("check_in", _at(day, check_in), 0),
                                        ("check_out", _at(day + dt.timedelta(days=1), check_out), woken)):
            await VisitLog.insert(VisitLog(client_uuid=str(uuid.uuid4()), visit=visit, carer=nia, kind=log_kind,
                                           device_time=when, server_time=when, woken_minutes=minutes))


@pytest.fixture
def nights(run, client, factory):
    r = client.put("/settings", json={"values": {"pay_hourly_rate": 12.75, "pay_travel_hourly_rate": 12.75,
                                                 "sleep_in_allowance": 60.0}},
                   headers=factory.headers("manager"))
    assert r.status_code == 200, r.text
    run(_nights)


def test_a_sleep_in_counts_only_woken_time_for_the_minimum_wage(nights, report):
    (row,) = table(report("pay", as_="manager", to="2026-11-08"), "periods")
    assert (row["worked_hours"], row["sleep_ins"], row["sleep_in_pay"], row["waking_nights"], row["pay"]) == (
        10.25, 1, 60.0, 1, 188.56)
    assert (row["effective_rate"], row["minimum_wage"], row["below_minimum"], row["shortfall"]) == (
        12.54, 12.71, True, 1.72)


def test_payroll_and_timesheet_list_the_nights(nights, report):
    body = report("payroll", as_="manager", to="2026-11-08")
    (pay,) = table(body, "payroll")
    assert (pay["calls"], pay["call_hours_paid"], pay["call_pay"], pay["travel_pay"], pay["waking_nights"],
            pay["sleep_ins"], pay["sleep_in_pay"], pay["gross_pay"]) == (2, 9.75, 124.31, 4.25, 1, 1, 60.0, 188.56)
    lines = [(r["date"], r["kind"], r["check_in"], r["check_out"], r["worked_minutes"], r["woken_minutes"])
             for r in table(body, "timesheet")]
    assert lines == [("2026-11-02", "Sleep-in", "21:58", "07:02", 544, 45),
                     ("2026-11-03", "Waking night", "21:55", "07:05", 550, None)]


def test_a_night_counts_once_on_the_day_it_started(nights, report):
    lines = table(report("payroll", as_="manager", day="2026-11-03"), "timesheet")
    assert [(r["date"], r["kind"]) for r in lines] == [("2026-11-03", "Waking night")]


def test_hours_count_a_waking_night_and_not_a_sleep_in(nights, report):
    from tests.reports.conftest import figures

    got = figures(report("hours", to="2026-11-08"))
    # the waking night: 540 planned, 550 delivered; the sleep-in: no hours planned, its 45 woken delivered
    assert (got["planned"], got["delivered"], got["sleep_ins"]) == (9.0, 9.92, 1)
