"""The reports count a carer on the shorter part of a double-up for their part's length, not
the call's (issue 15 point 1): planned and commissioned hours, pay, the payroll's timesheet,
hours against contract and short calls.

Monday 2 November 2026, Rosa's tea call (60 min, two carers): Ann does the whole hour from
16:00; Bea, hoist-trained, does the 20-min part from 16:30 (the weekly pattern's parts). Both
attend their part exactly."""

import uuid

import pytest

from api.domain.tables import Assignment, Carer, Client, ClientDefault, Visit, VisitLog
from tests.reports.conftest import figures, table
from tests.reports.worked_calls import DAY, at

PARTS = [{}, {"required_skills": ["hoist"], "duration_minutes": 20, "offset_minutes": 30}]


async def _tea() -> None:
    ann = (await Carer.insert(Carer(name="Ann Hale", home_lat=51.43, home_lon=-2.85,
                                    contracted_minutes=20 * 60)).returning(Carer.id))[0]["id"]
    bea = (await Carer.insert(Carer(name="Bea Moss", home_lat=51.48, home_lon=-2.76, skills=["hoist"],
                                    contracted_minutes=10 * 60)).returning(Carer.id))[0]["id"]
    rosa = (await Client.insert(Client(name="Rosa Juniper", address="1 Test Street", town="Clevedon",
                                       lat=51.44, lon=-2.85, funder="private")).returning(Client.id))[0]["id"]
    pattern = (await ClientDefault.insert(ClientDefault(
        client=rosa, weekday=0, start_minute=16 * 60, duration_minutes=60, carers_required=2, parts=PARTS,
    )).returning(ClientDefault.id))[0]["id"]
    visit = (await Visit.insert(Visit(
        client=rosa, client_default=pattern, date=DAY, window_start=15 * 60 + 30, window_end=16 * 60 + 30,
        duration_minutes=60, carers_required=2, status="done",
    )).returning(Visit.id))[0]["id"]
    for carer, start, end in ((ann, "16:00", "17:00"), (bea, "16:30", "16:50")):
        h, m = map(int, start.split(":"))
        await Assignment.insert(Assignment(visit=visit, carer=carer, planned_start=h * 60 + m, travel_minutes=0))
        for kind, when in (("check_in", start), ("check_out", end)):
            await VisitLog.insert(VisitLog(client_uuid=str(uuid.uuid4()), visit=visit, carer=carer, kind=kind,
                                           device_time=at(DAY, when), server_time=at(DAY, when)))


@pytest.fixture
def tea(run):
    run(_tea)


def test_hours_plan_and_commission_each_carer_s_own_part(tea, report):
    body = report("hours")
    carers = {r["carer"]: r["planned"] for r in table(body, "by_carer")}
    assert carers == {"Ann Hale": 1.0, "Bea Moss": 0.33}
    assert (figures(body)["commissioned"], figures(body)["planned"]) == (1.33, 1.33)  # 60 + 20 min


def test_pay_and_the_timesheet_count_the_carer_s_own_part(tea, report):
    rows = {r["carer"]: r for r in table(report("pay", as_="manager"), "periods")}
    assert (rows["Ann Hale"]["paid_hours"], rows["Bea Moss"]["paid_hours"]) == (1.0, 0.33)
    lines = {r["carer"]: r["planned_minutes"] for r in table(report("payroll", as_="manager"), "timesheet")}
    assert lines == {"Ann Hale": 60, "Bea Moss": 20}


def test_hours_against_contract_plan_the_carer_s_own_part(tea, report):
    rows = {r["carer"]: r["planned"] for r in table(report("contract"), "by_week")}
    assert rows == {"Ann Hale": 1.0, "Bea Moss": 0.33}


def test_a_carer_who_stays_their_whole_part_is_not_short(tea, report):
    assert figures(report("punctuality"))["short"] == 0
