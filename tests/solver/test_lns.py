"""Ruin and recreate (api.solver.lns): re-timing runs around ties, and a search that keeps every rule."""

import time

from api.solver import Call, Carer, FixedCall, Link, Problem, Rules, Shift, check
from api.solver.check import problem_table
from api.solver.lns import compact, cost, ruin_recreate
from api.solver.routes import Routes

from .builders import H, M, line_matrix, plan_of


def two_calls(bfast_latest=10 * H, lunch_earliest=10 * H, max_gap=4 * H):
    """Breakfast and lunch of one client (place 1), lunch 3 h at least after breakfast."""
    return Problem(
        calls=[
            Call("bfast", "cl1", 1, 8 * H, bfast_latest, 30 * M),
            Call("lunch", "cl1", 1, lunch_earliest, 14 * H, 30 * M),
        ],
        carers=[Carer("A", (Shift(8 * H, 14 * H),), 0)],
        travel=line_matrix(),
        rules=Rules(),
        links=[Link("gap", "bfast", "lunch", 3 * H, max_gap)],
    )


def routes_of(problem, runs):
    r = Routes(problem, problem_table(problem))
    r.load(plan_of(problem, runs))
    return r


def starts(routes):
    return {s.call.id: s.start for slots in routes.runs.values() for s in slots}


def test_compact_starts_each_call_as_early_as_its_run_and_its_gap_allow():
    p = two_calls()
    r = routes_of(p, {("A", 0): [("bfast", 9 * H), ("lunch", 12 * H + 30 * M)]})
    assert compact(r)
    # breakfast once A has driven there from home (10 min), lunch 3 h after it
    assert starts(r) == {"bfast": 8 * H + 10 * M, "lunch": 11 * H + 10 * M}
    assert check(p, r.to_plan()) == []


def test_compact_keeps_the_maximum_gap():
    # lunch opens at 12:00 and may be at most 3 h 30 after breakfast: breakfast waits until 8:30
    p = two_calls(lunch_earliest=12 * H, max_gap=3 * H + 30 * M)
    r = routes_of(p, {("A", 0): [("bfast", 9 * H), ("lunch", 12 * H + 30 * M)]})
    assert compact(r)
    assert starts(r) == {"bfast": 8 * H + 30 * M, "lunch": 12 * H}
    assert check(p, r.to_plan()) == []


def test_compact_keeps_the_gap_to_an_adjacent_days_call():
    # last night's call at 21:00 the day before; the morning call at least 10 h after it (07:00)
    p = Problem(
        calls=[Call("mon-am", "rosa", 1, 6 * H, 10 * H, 30 * M)],
        carers=[Carer("A", (Shift(6 * H, 14 * H),), 0)],
        travel=line_matrix(),
        links=[Link("gap", "sun-bed", "mon-am", min_gap=10 * H)],
        fixed=[FixedCall("sun-bed", "rosa", -3 * H, ("A",))],
    )
    r = routes_of(p, {("A", 0): [("mon-am", 8 * H)]})
    assert compact(r)
    assert starts(r) == {"mon-am": 7 * H}
    assert check(p, r.to_plan()) == []


def a_late_pair():
    """A double service at place 1 (two calls at once, different carers) due by 9:00, and a long
    call at place 2 that A does first in the starting plan, making the pair late."""
    return Problem(
        calls=[
            Call("pa", "cl1", 1, 8 * H + 30 * M, 9 * H, 30 * M, max_lateness=2 * H),
            Call("pb", "cl1", 1, 8 * H + 30 * M, 9 * H, 30 * M, max_lateness=2 * H),
            Call("long", "cl2", 2, 8 * H, 13 * H, 60 * M),
        ],
        carers=[Carer("A", (Shift(8 * H, 14 * H),), 0), Carer("B", (Shift(8 * H, 14 * H),), 0)],
        travel=line_matrix(),
        rules=Rules(max_lateness=2 * H),
        links=[Link("gap", "pa", "pb", 0, 0), Link("different_carers", "pa", "pb")],
    )


def test_ruin_and_recreate_moves_calls_around_a_tied_pair_to_end_its_lateness():
    p = a_late_pair()
    r = routes_of(p, {("A", 0): [("long", 8 * H + 20 * M), ("pa", 9 * H + 30 * M)], ("B", 0): [("pb", 9 * H + 30 * M)]})
    assert check(p, r.to_plan()) == []
    before = cost(r)
    ruin_recreate(r, time.perf_counter() + 1.0, seed=1)
    plan = r.to_plan()
    assert check(p, plan) == []
    assert plan.late == []  # the pair at 8:30, the long call after it
    assert cost(r) < before
    assert plan.travel_seconds() == 60 * M  # 0-1-2-0 and 0-1-0: nothing shorter serves all three
