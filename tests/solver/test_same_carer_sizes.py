"""``same_carer`` between calls with different numbers of carers (issue 15): the smaller set of
carers within the larger - a single call linked to a double-up is done by one of its two carers.
The checker, the routing model, insertion (greedy, "Who can take this?") and a link to the day
before agree (every solve runs the checker)."""

import dataclasses

from api.solver import Call, Carer, FixedCall, Link, Part, Shift, check, greedy, solve
from api.solver.check import problem_table
from api.solver.insertion import insertions

from .builders import H, M, base, det, plan_of

DAY = (Shift(7 * H, 14 * H),)


def linked(**double_up) -> "object":
    """Breakfast (single) at place 1 and a double-up at place 3 for one client, linked same carer;
    three carers: C lives by breakfast (its cheapest carer), A and B by the double-up."""
    p = base()
    calls = [
        Call("bfast", "cl1", 1, 8 * H, 8 * H + 30 * M, 30 * M),
        Call("d", "cl1", 3, 11 * H, 11 * H + 30 * M, 30 * M, carers_required=2, **double_up),
    ]
    carers = [Carer("A", DAY, 3, skills=("medication",)), Carer("B", DAY, 3), Carer("C", DAY, 1)]
    return p.replace(calls=calls, carers=carers, links=[Link("same_carer", "bfast", "d")])


def rules(problem, plan):
    return {v.rule for v in check(problem, plan)}


def test_the_checker_wants_the_single_calls_carer_among_the_double_ups():
    p = linked()
    among = plan_of(p, {("A", 0): [("bfast", 8 * H), ("d", 11 * H)], ("B", 0): [("d", 11 * H)]})
    apart = plan_of(p, {("C", 0): [("bfast", 8 * H)], ("A", 0): [("d", 11 * H)], ("B", 0): [("d", 11 * H)]})
    assert rules(p, among) == set()
    assert rules(p, apart) == {"same_carer"}


def _kept(p, plan):
    assert check(p, plan) == []
    a = plan.assignments()
    assert set(a) == {"bfast", "d"}, plan.unallocated
    assert set(a["bfast"]) < set(a["d"])


def test_the_solver_plans_both_with_the_single_calls_carer_on_the_double_up():
    p = linked()
    _kept(p, solve(p, det()))


def test_insertion_plans_both_whichever_comes_first():
    p = linked()
    _kept(p, greedy(p))  # breakfast first: the double-up then takes its carer and one more
    late_bfast = p.replace(calls=[dataclasses.replace(p.call("bfast"), earliest=13 * H, latest=13 * H + 30 * M)])
    late_bfast = late_bfast.replace(calls=[late_bfast.call("bfast"), p.call("d")])
    _kept(late_bfast, greedy(late_bfast))


def test_a_double_up_with_parts_keeps_the_single_calls_carer_on_one_of_its_parts():
    p = linked(parts=(Part(), Part(skills=("medication",), duration=20 * M, offset=15 * M)))
    _kept(p, solve(p, det()))


def test_who_can_take_the_open_slot_offers_only_the_single_calls_carer():
    p = linked()
    plan = plan_of(p, {("C", 0): [("bfast", 8 * H)], ("B", 0): [("d", 11 * H)]})
    offers = {o.carer_id: o.fits for o in insertions(p, plan, "d", problem_table(p))}
    assert offers == {"A": False, "C": True}


def test_a_double_up_linked_to_last_nights_single_call_has_its_carer():
    p = linked()
    p = p.replace(calls=[p.call("d")], fixed=[FixedCall("night", "cl1", -3 * H, ("C",))],
                  links=[Link("same_carer", "night", "d")])
    plan = solve(p, det())
    assert check(p, plan) == []
    assert "C" in plan.assignments()["d"]
