"""VROOM's plan as the start of the budgeted search (api.solver.vroom_start).

pyvroom is a pinned dependency; these tests skip with the install line if it is missing."""

import time

import pytest

from api.solver import Options, check, solve
from api.solver.bench import figures
from api.solver.check import problem_table
from api.solver.cluster import split_by_runs
from api.solver.generate import generate
from api.solver.peer_vroom import INSTALL_HINT, without_double_ups
from api.solver.routes import model_breaks_ok
from api.solver.vroom_start import vroom_routes

from .builders import H, M, long_day_needing_a_break

pytest.importorskip("vroom", reason=INSTALL_HINT)


def _day_without_double_ups():
    return without_double_ups(generate(60, seed=3).days[0])


def test_a_day_without_double_ups_is_searched_from_vrooms_plan_and_keeps_every_rule():
    p = _day_without_double_ups()
    plan = solve(p, Options(time_limit=3))
    assert plan.stats["vroom_starts"] == 1
    assert check(p, plan) == []
    assert plan.coverage(p) == 100.0


def test_the_bench_says_where_the_plan_started():
    p = _day_without_double_ups()
    plan = solve(p, Options(time_limit=2))
    assert figures(p, plan, 2.0)["start"] == "VROOM's plan in 1 of 1 parts"
    plan = solve(p, Options(time_limit=2, vroom_start=False))
    assert figures(p, plan, 2.0)["start"] == "our own starts"


def test_a_day_with_double_ups_is_searched_from_vrooms_plan_with_each_double_up_together():
    p = generate(60, seed=3).days[0]
    assert any(c.carers_required == 2 for c in p.calls)
    plan = solve(p, Options(time_limit=3))
    assert plan.stats["vroom_starts"] == 1
    assert check(p, plan) == []  # every double-up served by different carers starting together


def test_the_vroom_start_can_be_turned_off():
    plan = solve(_day_without_double_ups(), Options(time_limit=2, vroom_start=False))
    assert plan.stats["vroom_starts"] == 0


def test_vrooms_runs_come_back_keeping_the_models_break_rule():
    # nearly back to back (5 minutes' leeway): a carer cannot take them all without the break
    # due after 3 hours, which VROOM is not always told of
    p = long_day_needing_a_break(window=5 * M)
    table = problem_table(p)
    routes = vroom_routes(p, table, time.perf_counter() + 5, time.perf_counter() + 10, threads=1)
    plan = routes.to_plan()
    assert check(p, plan, table) == []
    assert plan.coverage(p) == 100.0
    for key, slots in routes.runs.items():
        seq = [(s.call, s.start) for s in slots]
        assert model_breaks_ok(seq, routes.carers[key[0]], table, 3 * H, 30 * M)


def test_a_large_day_without_double_ups_is_planned_whole_by_vroom_then_searched_in_clusters():
    p = without_double_ups(generate(120, seed=5).days[0])
    plan = solve(p, Options(time_limit=6, cluster_calls=40, workers=2))
    assert plan.stats["whole_day_vroom"] is True and plan.stats["clusters"] >= 2
    assert check(p, plan) == []
    assert plan.coverage(p) >= 95


def test_a_day_split_by_its_runs_keeps_each_carer_with_their_calls():
    p = without_double_ups(generate(120, seed=5).days[0])
    table = problem_table(p)
    routes = vroom_routes(p, table, time.perf_counter() + 5, time.perf_counter() + 10, threads=1)
    runs = routes.timed_runs()
    parts = split_by_runs(p, runs, 3)
    assert len(parts) == 3
    part_of_call = {c.id: i for i, part in enumerate(parts) for c in part.calls}
    part_of_carer = {c.id: i for i, part in enumerate(parts) for c in part.carers}
    assert sorted(part_of_call) == sorted(c.id for c in p.calls)  # every call in exactly one part
    assert sum(len(part.calls) for part in parts) == len(p.calls)
    assert sorted(part_of_carer) == sorted(c.id for c in p.carers)
    for (carer_id, _), seq in runs.items():
        assert {part_of_call[c.id] for c, _ in seq} <= {part_of_carer[carer_id]}


def test_a_double_up_whose_carers_fall_in_two_clusters_is_kept_where_the_plan_has_it():
    p = generate(120, seed=5).days[0]
    table = problem_table(p)
    routes = vroom_routes(p, table, time.perf_counter() + 5, time.perf_counter() + 10, threads=1)
    runs = routes.timed_runs()
    parts = split_by_runs(p, runs, 3)
    part_of_carer = {c.id: i for i, part in enumerate(parts) for c in part.carers}
    served = {}
    for (carer_id, _), seq in runs.items():
        for call, start in seq:
            served.setdefault(call.id, []).append((carer_id, start))
    shared = [cid for cid, who in served.items() if len({part_of_carer[c] for c, _ in who}) > 1]
    assert shared, "the day should have a double-up shared by two clusters"
    for call_id in shared:
        for carer_id, start in served[call_id]:
            mine = next(c for c in parts[part_of_carer[carer_id]].calls if c.id == call_id)
            assert (mine.carers_required, mine.pinned, mine.started_at) == (1, (carer_id,), start)


def test_a_large_day_with_double_ups_is_planned_whole_by_vroom_after_greedys_first_plan():
    p = generate(120, seed=5).days[0]
    assert any(c.carers_required > 1 for c in p.calls)
    plan = solve(p, Options(time_limit=8, cluster_calls=40, workers=2))
    assert plan.stats["whole_day_vroom"] is True and plan.stats["clusters"] >= 2
    assert check(p, plan) == []  # every double-up served by different carers starting together
    assert plan.coverage(p) >= 95
    assert plan.stats["first_s"] is not None


def test_a_planners_stop_is_heard_before_vroom_plans():
    # watched (the app's Optimise): our insertion's plan is read first, and a Stop by then
    # leaves VROOM out, whose planning cannot be interrupted
    seen = []
    p = _day_without_double_ups()
    plan = solve(p, Options(time_limit=30, should_stop=lambda: bool(seen)), seen.append)
    assert plan.stats["stopped"] is True and plan.stats["vroom_starts"] == 0
    assert check(p, plan) == []


def test_while_a_planner_watches_vroom_still_plans_the_start():
    p = _day_without_double_ups()
    plan = solve(p, Options(time_limit=3, should_stop=lambda: False), lambda progress: None)
    assert plan.stats["vroom_starts"] == 1
    assert check(p, plan) == []
