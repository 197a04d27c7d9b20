"""Nights through the database: a client's weekly pattern books a waking night, a carer available
overnight is planned for it across midnight, and the next morning's problem rests that carer."""

import datetime as dt

from api.domain.rostering.calls import generate_calls
from api.domain.rostering.planning import build_problem, current_plan, rest_after_plan, store_plan
from api.solver import Options, check, solve

MONDAY = dt.date(2031, 3, 3)
TUESDAY = MONDAY + dt.timedelta(days=1)
H = 3600


def test_a_waking_night_from_the_pattern_is_planned_and_rests_the_carer_next_morning(client, factory, run):
    night_carer = factory.carer(name="Night Owl", availability=[
        {"weekday": 0, "start": "21:00", "end": "09:00"},  # overnight
        {"weekday": 1, "start": "07:00", "end": "23:00"}])
    assert night_carer["availability"][0]["end"] == "09:00"
    su = factory.client_()
    factory.default(su["id"], weekday=0, start="22:00", duration_minutes=9 * 60, call_type="waking_night")
    factory.default(su["id"], weekday=1, start="08:00", duration_minutes=30, call_type="morning")
    factory.default(su["id"], weekday=1, start="20:00", duration_minutes=30, call_type="bed")
    run(generate_calls, MONDAY, TUESDAY)

    monday, _ = run(build_problem, MONDAY)
    (night,) = monday.calls
    assert night.kind == "waking_night" and night.earliest <= 22 * H <= night.latest and night.duration == 9 * H
    plan = solve(monday, Options(time_limit=None, solution_limit=10))
    assert plan.assignments() == {night.id: (str(night_carer["id"]),)}
    run(store_plan, MONDAY, plan)
    again, _ = run(build_problem, MONDAY)
    assert check(again, run(current_plan, MONDAY, again)) == []

    tuesday, _ = run(build_problem, TUESDAY)
    rested = tuesday.carer(str(night_carer["id"]))
    began = plan.starts()[(night.id, str(night_carer["id"]))]
    assert rested.rest_until == began + 9 * H + 11 * H - 24 * H  # the night's end, 11 hours' rest
    morning, bed = sorted(tuesday.calls, key=lambda c: c.earliest)
    after = solve(tuesday, Options(time_limit=None, solution_limit=10))
    assert after.assignments() == {bed.id: (str(night_carer["id"]),)}
    assert [u.call_id for u in after.unallocated] == [morning.id]


def test_the_rest_after_a_night_is_an_agency_setting(client, factory, run):
    night_carer = factory.carer(availability=[{"weekday": d, "start": "21:00", "end": "09:00"} for d in range(7)])
    su = factory.client_()
    factory.default(su["id"], weekday=0, start="22:00", duration_minutes=9 * 60, call_type="waking_night")
    saved = client.put("/settings", json={"values": {"rest_after_waking_night_minutes": 120}},
                       headers=factory.headers("manager"))
    assert saved.status_code == 200, saved.text
    run(generate_calls, MONDAY, MONDAY)
    monday, _ = run(build_problem, MONDAY)
    plan = solve(monday, Options(time_limit=None, solution_limit=10))
    run(store_plan, MONDAY, plan)
    began = plan.starts()[(monday.calls[0].id, str(night_carer["id"]))]
    tuesday, _ = run(build_problem, TUESDAY)
    assert tuesday.carer(str(night_carer["id"])).rest_until == began + 9 * H + 2 * H - 24 * H


def test_a_draft_of_the_night_before_rests_its_carer_though_not_stored(client, factory, run):
    # a multi-day draft solves day by day before anything is stored: Tuesday rests whoever
    # Monday's draft put on the night, not what the database holds
    night_carer = factory.carer(availability=[{"weekday": 0, "start": "21:00", "end": "09:00"},
                                              {"weekday": 1, "start": "07:00", "end": "23:00"}])
    su = factory.client_()
    factory.default(su["id"], weekday=0, start="22:00", duration_minutes=9 * 60, call_type="sleep_in")
    run(generate_calls, MONDAY, TUESDAY)
    monday, _ = run(build_problem, MONDAY)
    draft = solve(monday, Options(time_limit=None, solution_limit=10))
    began = draft.starts()[(monday.calls[0].id, str(night_carer["id"]))]
    stored, _ = run(build_problem, TUESDAY)
    assert stored.carer(str(night_carer["id"])).rest_until is None  # nothing stored for Monday
    tuesday, _ = run(build_problem, TUESDAY, None, rest_after_plan(monday, draft))
    assert tuesday.carer(str(night_carer["id"])).rest_until == began + 9 * H + 11 * H - 24 * H
