"""Nights: a waking night or a sleep-in runs past midnight as a normal call of the day it starts,
no other call overlaps it and the carer rests after it (the night_rest rule, both sides)."""

from api.solver import Call, Carer, Problem, Rules, Shift, check, solve
from api.solver.model import SLEEP_IN, WAKING_NIGHT

from .builders import H, M, det, line_matrix, plan_of


def night_day(**carer) -> Problem:
    """Carer N works evenings into the night (18:00 to 09:00 next day); a waking night at place 1
    22:00-07:00 and a bed call at place 2 at 20:00."""
    return Problem(
        calls=[
            Call("night", "cl1", 1, 22 * H, 22 * H, 9 * H, kind=WAKING_NIGHT),
            Call("bed", "cl2", 2, 20 * H, 20 * H + 30 * M, 30 * M),
        ],
        carers=[Carer("N", (Shift(18 * H, 33 * H),), 0, **carer)],
        travel=line_matrix(),
        rules=Rules(),
    )


def rules_broken(problem, runs):
    return {v.rule for v in check(problem, plan_of(problem, runs))}


def test_an_evening_run_ends_with_the_night_across_midnight():
    p = night_day()
    plan = solve(p, det())
    assert check(p, plan) == []
    run = plan.run_of("N")
    assert [(s.call_id, s.start, s.end) for s in run.stops] == [("bed", 20 * H, 20 * H + 30 * M), ("night", 22 * H, 31 * H)]


def test_a_call_overlapping_the_night_is_refused():
    p = night_day()
    p = p.replace(calls=p.calls + [Call("late", "cl3", 3, 23 * H, 23 * H + 30 * M, 30 * M)])
    plan = solve(p, det())
    assert check(p, plan) == []
    assert plan.assignments()["night"] == ("N",)
    assert [u.call_id for u in plan.unallocated] == ["late"]
    assert "no_overlap" in rules_broken(p, {("N", 0): [("night", 22 * H), ("late", 23 * H)]})


def test_rest_after_last_night_keeps_the_morning_free():
    # the night before ended at 07:00; 11 hours of rest: nothing before 18:00
    p = Problem(
        calls=[Call("early", "cl1", 1, 9 * H, 9 * H + 30 * M, 30 * M)],
        carers=[Carer("N", (Shift(7 * H, 22 * H),), 0, rest_until=18 * H)],
        travel=line_matrix(),
    )
    plan = solve(p, det())
    assert check(p, plan) == [] and [u.call_id for u in plan.unallocated] == ["early"]
    assert "night_rest" in rules_broken(p, {("N", 0): [("early", 9 * H)]})
    rested = p.replace(calls=[Call("tea", "cl1", 1, 18 * H + 10 * M, 18 * H + 30 * M, 30 * M)])
    assert rules_broken(rested, {("N", 0): [("tea", 18 * H + 10 * M)]}) == set()


def test_rest_after_a_night_in_the_same_plan():
    # a sleep-in from 00:00 to 08:00 of the day; the rest runs to 19:00
    p = Problem(
        calls=[
            Call("sleep", "cl1", 1, 0, 0, 8 * H, kind=SLEEP_IN),
            Call("lunch", "cl2", 2, 12 * H, 12 * H + 30 * M, 30 * M),
        ],
        carers=[Carer("N", (Shift(0, 23 * H),), 1)],
        travel=line_matrix(),
        rules=Rules(break_after=24 * H),
    )
    plan = solve(p, det())
    assert check(p, plan) == []
    assert plan.assignments() == {"sleep": ("N",)}
    assert rules_broken(p, {("N", 0): [("sleep", 0), ("lunch", 12 * H)]}) == {"night_rest"}
    later = p.replace(calls=[p.calls[0], Call("bed", "cl2", 2, 19 * H + 10 * M, 20 * H, 30 * M)])
    assert rules_broken(later, {("N", 0): [("sleep", 0), ("bed", 19 * H + 10 * M)]}) == set()
    assert solve(later, det()).assignments() == {"bed": ("N",), "sleep": ("N",)}


def test_the_rest_is_a_rule_setting():
    p = Problem(
        calls=[
            Call("sleep", "cl1", 1, 0, 0, 8 * H, kind=SLEEP_IN),
            Call("lunch", "cl2", 2, 12 * H, 12 * H + 30 * M, 30 * M),
        ],
        carers=[Carer("N", (Shift(0, 23 * H),), 1)],
        travel=line_matrix(),
        rules=Rules(break_after=24 * H, rest_after_sleep_in=3 * H),
    )
    plan = solve(p, det())
    assert check(p, plan) == [] and plan.assignments() == {"lunch": ("N",), "sleep": ("N",)}
