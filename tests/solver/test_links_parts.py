"""Double-ups whose parts differ, gaps between calls, same and different carers: the checker
catches each broken rule and the solver keeps each one (every solver test runs the checker)."""

import dataclasses

from api.solver import Call, Carer, Link, Part, Plan, Shift, check, solve

from .builders import H, M, base, det, plan_of

# -- a double-up with parts: the second carer (hoist-trained) comes 30 min after the first, for 20 min


def with_parts():
    p = base()
    parts = (Part(), Part(skills=("medication",), duration=20 * M, offset=30 * M))
    d = dataclasses.replace(p.call("d"), parts=parts, duration=60 * M)
    return p.replace(calls=[c for c in p.calls if c.id != "d"] + [d])


def parts_plan(problem, a_part: int, a_start: int, b_start: int, b_end: int | None = None) -> Plan:
    """A on one part of ``d`` at ``a_start``, B on the other at ``b_start`` (ends as the parts say)."""
    d = problem.call("d")
    plan = plan_of(problem, {("A", 0): [("d", a_start)], ("B", 0): [("d", b_start)]})
    for run in plan.runs:
        s = run.stops[0]
        s.part = a_part if run.carer_id == "A" else 1 - a_part
        s.end = s.start + d.part_duration(s.part)
    if b_end is not None:
        plan.run_of("B").stops[0].end = b_end
    return plan


def rules(problem, plan):
    return {v.rule for v in check(problem, plan)}


def test_parts_valid_plan_passes_the_checker():
    p = with_parts()  # A has medication: A does part 1
    assert rules(p, parts_plan(p, 1, 11 * H + 30 * M, 11 * H)) == set()


def test_checker_catches_a_part_done_by_a_carer_without_its_skill():
    p = with_parts()
    assert rules(p, parts_plan(p, 0, 11 * H, 11 * H + 30 * M)) == {"skills"}


def test_checker_catches_a_part_not_at_its_offset():
    p = with_parts()
    assert rules(p, parts_plan(p, 1, 11 * H + 40 * M, 11 * H)) == {"double_up_together"}


def test_checker_catches_a_part_shorter_than_its_duration():
    p = with_parts()
    assert rules(p, parts_plan(p, 1, 11 * H + 30 * M, 11 * H, b_end=11 * H + 20 * M)) == {"duration"}


def test_checker_catches_the_same_part_twice():
    p = with_parts()
    plan = parts_plan(p, 1, 11 * H + 30 * M, 11 * H)
    plan.run_of("B").stops[0].part = 1
    assert "carers_required" in rules(p, plan)


# -- links between calls: breakfast (c1) and lunch (c2) of one client


def two_calls(**link):
    p = base()
    calls = [
        Call("bfast", "cl1", 1, 8 * H, 10 * H, 30 * M),
        Call("lunch", "cl1", 1, 10 * H, 14 * H, 30 * M),
    ]
    return p.replace(calls=calls, links=[Link(**link)] if link else [])


def test_checker_catches_a_gap_too_short_and_too_long():
    p = two_calls(kind="gap", first="bfast", second="lunch", min_gap=3 * H, max_gap=4 * H)
    short = plan_of(p, {("A", 0): [("bfast", 9 * H), ("lunch", 11 * H)]})
    long = plan_of(p, {("A", 0): [("bfast", 8 * H + 30 * M), ("lunch", 13 * H)]})
    fine = plan_of(p, {("A", 0): [("bfast", 8 * H + 30 * M), ("lunch", 11 * H + 45 * M)]})
    assert rules(p, short) == {"linked_gap"}
    assert rules(p, long) == {"linked_gap"}
    assert rules(p, fine) == set()


def test_checker_catches_same_carer_broken():
    p = two_calls(kind="same_carer", first="bfast", second="lunch")
    plan = plan_of(p, {("A", 0): [("bfast", 9 * H)], ("B", 0): [("lunch", 12 * H)]})
    assert rules(p, plan) == {"same_carer"}


def test_checker_catches_different_carers_broken():
    p = two_calls(kind="different_carers", first="bfast", second="lunch")
    plan = plan_of(p, {("A", 0): [("bfast", 9 * H), ("lunch", 12 * H)]})
    assert rules(p, plan) == {"different_carers"}


def test_a_link_to_a_call_left_out_is_not_broken():
    p = two_calls(kind="gap", first="bfast", second="lunch", min_gap=3 * H)
    assert rules(p, plan_of(p, {("A", 0): [("lunch", 10 * H)]})) == set()


# -- the solver keeps them


def solved(problem):
    plan = solve(problem, det())
    assert check(problem, plan) == []
    return plan


def starts(plan):
    return {s.call_id: s.start for r in plan.runs for s in r.stops}


def test_solver_keeps_the_minimum_gap():
    # without the link lunch would go at 10:00 straight after breakfast at 8:00-9:30 or so
    p = two_calls(kind="gap", first="bfast", second="lunch", min_gap=3 * H, max_gap=4 * H)
    plan = solved(p)
    t = starts(plan)
    assert 3 * H <= t["lunch"] - t["bfast"] <= 4 * H


def test_solver_keeps_the_maximum_gap():
    # breakfast at 8:10 at the soonest (its window closes 8:30), lunch opens at 12:00; at most 3 h 30
    # apart, so breakfast must wait until 8:30 (unlinked it would start as early as it can)
    p = two_calls(kind="gap", first="bfast", second="lunch", min_gap=0, max_gap=3 * H + 30 * M)
    p = p.replace(calls=[dataclasses.replace(p.call("bfast"), latest=8 * H + 30 * M), dataclasses.replace(p.call("lunch"), earliest=12 * H)])
    plan = solved(p)
    t = starts(plan)
    assert len(plan.assignments()) == 2
    assert t["lunch"] - t["bfast"] <= 3 * H + 30 * M


def test_a_call_that_cannot_keep_its_gap_is_left_out_with_the_gap_in_its_reason():
    # breakfast by 8:30, lunch by 10:00, but lunch must come 3 h after breakfast: not both
    p = two_calls(kind="gap", first="bfast", second="lunch", min_gap=3 * H)
    p = p.replace(calls=[dataclasses.replace(p.call("bfast"), latest=8 * H + 30 * M), dataclasses.replace(p.call("lunch"), earliest=9 * H, latest=10 * H)])
    plan = solved(p)
    (out,) = plan.unallocated
    other = "bfast" if out.call_id == "lunch" else "lunch"
    assert other in plan.assignments()
    assert "at least 3 h" in out.reason and "call it is linked to" in out.reason


def test_solver_gives_different_carers_when_asked():
    # one carer could do both (same place, hours apart): the link forbids it
    p = two_calls(kind="different_carers", first="bfast", second="lunch")
    plan = solved(p)
    a = plan.assignments()
    assert len(a) == 2 and a["bfast"] != a["lunch"]


def test_solver_gives_the_same_carer_when_asked():
    # A lives next to breakfast's place 1 and works mornings; B is nearer lunch (place 6) and
    # is the cheaper carer for it: the link keeps lunch with breakfast's carer
    p = two_calls(kind="same_carer", first="bfast", second="lunch")
    p = p.replace(
        calls=[p.call("bfast"), dataclasses.replace(p.call("lunch"), location=6)],
        carers=[Carer("A", (Shift(8 * H, 14 * H),), 1), Carer("B", (Shift(8 * H, 14 * H),), 6)],
    )
    plan = solved(p)
    a = plan.assignments()
    assert len(a) == 2 and a["bfast"] == a["lunch"]


def test_solver_gives_each_part_its_skill_offset_and_duration():
    p = with_parts()
    p = p.replace(carers=list(p.carers) + [Carer("C", (Shift(8 * H, 14 * H),), 0, skills=("hoist",))])
    plan = solved(p)
    stops = {(r.carer_id, s.part): s for r in plan.runs for s in r.stops if s.call_id == "d"}
    assert len(stops) == 2
    part1 = [s for (carer, part), s in stops.items() if part == 1]
    part0 = [s for (carer, part), s in stops.items() if part == 0]
    assert [k for k in stops if k[1] == 1] == [("A", 1)]  # only A has medication
    assert part1[0].start - part0[0].start == 30 * M
    assert part1[0].end - part1[0].start == 20 * M and part0[0].end - part0[0].start == 60 * M


def test_parts_and_links_round_trip_through_json():
    from api.solver import Problem

    p = with_parts().replace(links=[Link("gap", "c1", "c2", 60, 120)])
    assert Problem.from_dict(p.to_dict()).to_dict() == p.to_dict()


# -- the Mankowska et al. (2014) adapter, on a tiny hand-made instance in the benchmark's format:
# depot 0 (and 4); patient 1 (service 0, at distance 3, window 0-5), patient 2 (services 0 then 1,
# 5-10 apart, at distance 4, window 0-20), patient 3 (service 1, at the depot, window 0-100).
# Nurse v0 does service 0 only, v1 both.


def tiny():
    import os

    from api.solver import mankowska

    inst = mankowska.read(os.path.join(os.path.dirname(__file__), "data", "mankowska_tiny.txt"))
    return mankowska, inst, mankowska.to_problem(inst)


def test_mankowska_instance_is_stated_exactly():
    _, inst, p = tiny()
    assert inst.double == [2]  # "DS 3" is 1-based
    calls = {c.id: c for c in p.calls}
    assert sorted(calls) == ["n1", "n2a", "n2b", "n3"]
    assert calls["n2a"].skills == ("s0",) and calls["n2b"].skills == ("s1",)
    assert [(x.kind, x.min_gap, x.max_gap) for x in p.links] == [("gap", 500, 1000), ("different_carers", 0, None)]
    assert {c.id: c.skills for c in p.carers} == {"v0": ("s0",), "v1": ("s0", "s1")}


def test_mankowska_objective_of_a_hand_made_solution():
    # v0: depot -> 1 (arrive 3, late 0) -> 2 (leave 1 at 13, arrive 18; service 0 at 18) -> depot
    # v1: depot -> 2 (service 1 at 25: 7 after, within 5..10; late 5) -> 3 (arrive 39, late 0) -> depot
    # distance 3 + 5 + 4 + 4 + 4 + 0 = 20; tardiness 0 + 0 + 5 + 0 = 5; max 5; cost 30 / 3 = 10
    mankowska, inst, p = tiny()
    plan = plan_of(p, {("v0", 0): [("n1", 300), ("n2a", 1800)], ("v1", 0): [("n2b", 2500), ("n3", 3900)]})
    assert check(p, plan) == []
    got = mankowska.score(inst, p, plan)
    assert got == {"distance": 20.0, "tardiness": 5.0, "max_tardiness": 5.0, "cost": 10.0}


def test_mankowska_solved_keeps_every_rule():
    _, _, p = tiny()
    plan = solved(p)
    assert plan.coverage(p) == 100.0


def test_cover_replans_a_part_whose_carer_is_off_with_a_carer_who_can_do_it():
    from api.solver.cover import CarerOff, cover

    p = with_parts()
    p = p.replace(carers=list(p.carers) + [Carer("C", (Shift(8 * H, 14 * H),), 0, skills=("hoist", "medication"))])
    plan = solved(p)
    on_part1 = next(r.carer_id for r in plan.runs for s in r.stops if s.call_id == "d" and s.part == 1)
    res = cover(p, plan, CarerOff(on_part1))
    assert check(res.problem, res.plan) == []
    parts = {s.part: r.carer_id for r in res.plan.runs for s in r.stops if s.call_id == "d"}
    assert sorted(parts) == [0, 1] and on_part1 not in parts.values()
