"""The solver adapter: the database's view of a date becomes a Problem, and a Plan comes back
as assignments with locked ones untouched."""

import datetime as dt

from api.domain.rostering.calls import generate_calls
from api.domain.rostering.planning import build_problem, current_plan, store_plan
from api.domain.setup.settings_registry import by_key
from api.domain.tables import Assignment, Leave
from api.solver import Options, check, solve

MONDAY = dt.date(2031, 3, 3)


def _setup(factory, run):
    skilled = factory.carer(name="Skilled", skills=["hoist", "medication"],
                            qualifications=[{"skill": "hoist", "expires_on": "2031-03-02"}])
    other = factory.carer(name="Other", skills=["medication"])
    away = factory.carer(name="Away", skills=["medication"])
    client = factory.client_(excluded_carer_ids=[other["id"]])
    factory.default(client["id"], weekday=0, start="09:00", required_skills=["medication"])
    run(generate_calls, MONDAY, MONDAY)
    run(Leave.insert, Leave(carer=away["id"], kind="annual", start_date=MONDAY, end_date=MONDAY, status="approved"))
    return skilled, other, away, client


def test_problem_reflects_leave_expired_skills_and_exclusions(client, factory, run):
    skilled, other, away, c = _setup(factory, run)
    problem, _ = run(build_problem, MONDAY)
    carers = {x.id: x for x in problem.carers}
    assert carers[str(away["id"])].absent
    assert "hoist" not in carers[str(skilled["id"])].skills  # qualification expired the day before
    assert str(c["id"]) in carers[str(other["id"])].excluded_clients
    (call,) = problem.calls
    assert (call.earliest, call.latest) == (8 * 3600 + 30 * 60, 9 * 3600 + 30 * 60)


def test_solved_plan_is_stored_and_read_back_without_violations(client, factory, run):
    skilled, *_ = _setup(factory, run)
    problem, _ = run(build_problem, MONDAY)
    plan = solve(problem, Options(time_limit=None, solution_limit=10))
    assert plan.assignments() == {problem.calls[0].id: (str(skilled["id"]),)}
    run(store_plan, MONDAY, plan)
    again, _ = run(build_problem, MONDAY)
    assert check(again, run(current_plan, MONDAY, again)) == []


def test_locked_assignments_are_pinned_and_left_untouched(client, factory, run):
    skilled, other, away, c = _setup(factory, run)
    spare = factory.carer(name="Spare", skills=["medication"])
    problem, _ = run(build_problem, MONDAY)
    visit_id = int(problem.calls[0].id)
    run(Assignment.insert, Assignment(visit=visit_id, carer=spare["id"], planned_start=9 * 60, locked=True))
    problem, _ = run(build_problem, MONDAY)
    assert problem.calls[0].pinned == (str(spare["id"]),)
    plan = solve(problem, Options(time_limit=None, solution_limit=10))
    run(store_plan, MONDAY, plan)
    rows = run(Assignment.select().where(Assignment.visit == visit_id).run)
    assert [(r["carer"], r["locked"], r["planned_start"]) for r in rows] == [(spare["id"], True, 9 * 60)]


def test_the_optimisers_goals_are_the_agencys_settings(client, factory, run):
    manager = factory.headers("manager")
    r = client.put("/settings", json={"values": {"goal_continuity_minutes": 12, "goal_hours_minutes": 2}},
                   headers=manager)
    assert r.status_code == 200, r.text
    problem, _ = run(build_problem, MONDAY)
    # minutes of travel -> the solver's seconds; hours: minutes of travel per hour away = per minute
    assert (problem.weights.continuity, problem.weights.hours) == (12 * 60, 2)
    # a setting never saved keeps the registry's default
    assert problem.weights.preference == by_key()["goal_gender_minutes"].default * 60
