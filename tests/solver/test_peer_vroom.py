"""VROOM as the benchmark's peer (api.solver.peer_vroom) on tiny hand-made days.

pyvroom is a pinned optional dependency (extras `peer` and `test`): without it these tests skip
with the install line, and the rest of the suite does not need it."""

import dataclasses

import pytest

from api.solver import Call, Carer, Problem, Rules, Shift, check
from api.solver.model import Part
from api.solver.peer_vroom import INSTALL_HINT, dropped_rules, solve_vroom, vroom_repaired, without_double_ups

from .builders import H, M, base, line_matrix, with_carer

pytest.importorskip("vroom", reason=INSTALL_HINT)


def test_vroom_keeps_skills_exclusions_windows_and_shifts():
    # c1 needs medication (only A); A may not visit cl2, so c2 is B's
    p = with_carer(without_double_ups(base()), "A", excluded_clients=("cl2",))
    plan = solve_vroom(p, threads=1).plan
    assert check(p, plan) == []
    assert plan.assignments() == {"c1": ("A",), "c2": ("B",)}
    for run in plan.runs:
        for s in run.stops:
            call = p.call(s.call_id)
            assert call.earliest <= s.start <= call.latest


def test_vroom_plan_of_a_full_day_is_scored_by_our_checker():
    # told nothing of double-ups, VROOM serves both carers of one; the checker judges the rest
    p = base()
    plan = solve_vroom(p, threads=1).plan
    assert plan.coverage(p) == 100.0
    rules = {v.rule for v in check(p, plan)}
    assert rules <= {"double_up_together", "carers_required"}


def test_repaired_vroom_plan_keeps_the_double_up_together():
    p = base()
    plan = vroom_repaired(p, threads=1).plan
    assert check(p, plan) == []
    assert plan.coverage(p) == 100.0
    assert plan.assignments()["d"] == ("A", "B")
    assert len({s.start for r in plan.runs for s in r.stops if s.call_id == "d"}) == 1


def test_repair_fixes_a_run_vroom_made_without_breaks():
    # one carer, three back-to-back hour-long calls at one place: with a 2 h stretch limit VROOM
    # (not told of breaks) runs all three; the repair must leave one out to keep the rule
    calls = [Call(f"c{i}", f"cl{i}", 1, (9 + i) * H, (9 + i) * H, 60 * M) for i in range(3)]
    p = Problem(calls=calls, carers=[Carer("B", (Shift(8 * H, 14 * H),), 0)], travel=line_matrix(),
                rules=Rules(break_after=2 * H, break_duration=20 * M))
    assert "breaks in long runs" in dropped_rules(p)
    assert len(solve_vroom(p, threads=1).plan.runs[0].stops) == 3
    plan = vroom_repaired(p, threads=1).plan
    assert check(p, plan) == []
    assert len(plan.runs[0].stops) == 2


def test_dropped_rules_name_what_vroom_is_not_told():
    p = base()
    words = dropped_rules(p)
    assert any("double-ups" in w for w in words)
    assert dropped_rules(without_double_ups(p)) == []


def test_double_up_parts_with_their_own_skills_reach_vroom():
    # part 1 of the double-up needs catheter care, which only B has; A has medication for c1
    p = with_carer(base(), "B", skills=("hoist", "catheter"))
    p = p.replace(calls=[c if c.id != "d" else dataclasses.replace(c, parts=(Part(), Part(skills=("catheter",))))
                         for c in p.calls])
    plan = vroom_repaired(p, threads=1).plan
    assert check(p, plan) == []
    assert plan.coverage(p) == 100.0
    parts = {(r.carer_id, s.part) for r in plan.runs for s in r.stops if s.call_id == "d"}
    assert parts == {("A", 0), ("B", 1)}


def test_a_gender_wish_narrows_who_vroom_may_send_only_when_asked_and_while_someone_can_go():
    far_woman = Problem(
        calls=[Call("c1", "cl1", 1, 9 * H, 10 * H, 30 * M, gender_preference="F")],
        carers=[Carer("A", (Shift(8 * H, 14 * H),), 1, gender="M"), Carer("B", (Shift(8 * H, 14 * H),), 8, gender="F")],
        travel=line_matrix(),
        rules=Rules(),
    )
    assert solve_vroom(far_woman, threads=1).plan.assignments() == {"c1": ("A",)}  # the peer: travel only
    assert solve_vroom(far_woman, threads=1, wishes=True).plan.assignments() == {"c1": ("B",)}
    only_men = with_carer(far_woman, "B", gender="M")
    assert solve_vroom(only_men, threads=1, wishes=True).plan.assignments() == {"c1": ("A",)}
