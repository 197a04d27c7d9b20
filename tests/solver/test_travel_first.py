"""A day with soft goals is planned for travel alone first, then for the goals from that plan
(api.solver.solve._travel_first); pyvroom plans the start (skips with the install line if missing)."""

import pytest

from api.solver import Options, check, solve
from api.solver.generate import generate
from api.solver.peer_vroom import INSTALL_HINT, without_double_ups

pytest.importorskip("vroom", reason=INSTALL_HINT)


def _day_with_regular_carers():
    p = without_double_ups(generate(60, seed=3).days[0])
    assert p.weights.continuity > 0 and any(c.preferred_clients for c in p.carers)
    return p


def test_a_stop_while_the_day_is_planned_for_travel_keeps_that_whole_plan():
    seen = []
    p = _day_with_regular_carers()
    plan = solve(p, Options(time_limit=30, should_stop=lambda: bool(seen)), seen.append)
    assert plan.stats["stopped"] is True
    assert plan.coverage(p) == 100.0
    assert check(p, plan) == []


def test_progress_while_planning_for_travel_reports_no_best_of_another_objective():
    # the travel-only model's costs leave the goals out: shown as the best, the planner's
    # progress would later seem to get worse
    seen = []
    p = _day_with_regular_carers()
    plan = solve(p, Options(time_limit=3, should_stop=lambda: False), seen.append)
    assert check(p, plan) == []
    bests = [s.best_objective for s in seen if s.best_objective is not None]
    assert bests and bests == sorted(bests, reverse=True)
    # the goals' search's best, not the travel-only model's (lower by about the goals' cost)
    assert bests[-1] >= plan.objective["total"] - plan.objective["continuity"] // 2
