"""Links to a call of an adjacent day (issue 15): last night's call is planned already, so it is a
fixed call of the Problem (its start from this day's midnight, its carers); the checker judges
the link against it and the solver keeps it."""

import dataclasses

from api.solver import Call, Carer, FixedCall, Link, Problem, Shift, check, solve

from .builders import H, M, det, line_matrix, plan_of

# last night's call at Rosa's, 21:00 the day before (-3 h from this midnight), done by A
LAST_NIGHT = FixedCall("sun-bed", "rosa", -3 * H, ("A",))


def morning(*links: Link, carers=None) -> Problem:
    """Rosa's morning call (window 06:00-10:00, place 1); A lives at 0, B at 2 (both 10 min away)."""
    return Problem(
        calls=[Call("mon-am", "rosa", 1, 6 * H, 10 * H, 30 * M)],
        carers=carers or [Carer("A", (Shift(6 * H, 14 * H),), 0), Carer("B", (Shift(6 * H, 14 * H),), 2)],
        travel=line_matrix(),
        links=list(links),
        fixed=[LAST_NIGHT],
    )


TEN_HOURS = Link("gap", "sun-bed", "mon-am", min_gap=10 * H)


def rules(problem, plan):
    return {(v.rule, v.other_call_id) for v in check(problem, plan)}


def test_checker_catches_a_call_too_soon_after_last_nights():
    p = morning(TEN_HOURS)
    assert rules(p, plan_of(p, {("A", 0): [("mon-am", 6 * H + 30 * M)]})) == {("linked_gap", "sun-bed")}
    assert rules(p, plan_of(p, {("A", 0): [("mon-am", 7 * H)]})) == set()


def test_checker_catches_a_call_too_long_after_last_nights():
    p = morning(Link("gap", "sun-bed", "mon-am", min_gap=9 * H, max_gap=11 * H))
    assert rules(p, plan_of(p, {("A", 0): [("mon-am", 8 * H + 30 * M)]})) == {("linked_gap", "sun-bed")}


def test_checker_catches_another_carer_than_last_nights_and_the_same_one():
    same = morning(Link("same_carer", "sun-bed", "mon-am"))
    assert rules(same, plan_of(same, {("B", 0): [("mon-am", 7 * H)]})) == {("same_carer", "sun-bed")}
    differ = morning(Link("different_carers", "sun-bed", "mon-am"))
    assert rules(differ, plan_of(differ, {("A", 0): [("mon-am", 7 * H)]})) == {("different_carers", "sun-bed")}


def test_a_call_already_under_way_is_not_judged_by_last_nights_link():
    p = morning(TEN_HOURS)
    p = p.replace(calls=[dataclasses.replace(p.calls[0], started_at=6 * H + 30 * M, pinned=("A",))])
    assert rules(p, plan_of(p, {("A", 0): [("mon-am", 6 * H + 30 * M)]})) == set()


def solved(problem):
    plan = solve(problem, det())
    assert check(problem, plan) == []
    return plan


def test_solver_keeps_the_gap_to_last_nights_call():
    # unlinked the call would start as the window opens (06:10 at the soonest from home)
    plan = solved(morning(TEN_HOURS))
    (stop,) = [s for r in plan.runs for s in r.stops]
    assert stop.start >= 7 * H


def test_solver_gives_last_nights_carer_or_another_when_asked():
    # A and B live as near to Rosa: the link alone decides who goes
    same = solved(morning(Link("same_carer", "sun-bed", "mon-am")))
    assert same.assignments() == {"mon-am": ("A",)}
    differ = solved(morning(Link("different_carers", "sun-bed", "mon-am")))
    assert differ.assignments() == {"mon-am": ("B",)}


def test_a_call_that_cannot_keep_the_gap_is_left_out_saying_so():
    # the window closes at 06:45: 10 h after 21:00 is 07:00
    p = morning(TEN_HOURS)
    p = p.replace(calls=[dataclasses.replace(p.calls[0], latest=6 * H + 45 * M)])
    plan = solved(p)
    (out,) = plan.unallocated
    assert out.call_id == "mon-am"
    assert "at least 10 h after the previous day's 21:00 call it is linked to" in out.reason


def test_the_same_carer_as_last_night_who_is_not_working_leaves_the_call_out_saying_why():
    p = morning(Link("same_carer", "sun-bed", "mon-am"), carers=[Carer("B", (Shift(6 * H, 14 * H),), 2)])
    plan = solved(p)
    (out,) = plan.unallocated
    assert "with the carer of the previous day's 21:00 call it is linked to" in out.reason


def test_a_double_up_with_parts_is_kept_away_from_last_nights_carer():
    from api.solver import Part

    p = morning(Link("different_carers", "sun-bed", "mon-am"),
                carers=[Carer(x, (Shift(6 * H, 14 * H),), 1) for x in ("A", "B", "C")])
    call = dataclasses.replace(p.calls[0], carers_required=2, parts=(Part(), Part(offset=10 * M, duration=20 * M)))
    plan = solved(p.replace(calls=[call]))
    assert plan.assignments() == {"mon-am": ("B", "C")}


def test_fixed_calls_round_trip_through_json():
    p = morning(TEN_HOURS)
    assert Problem.from_dict(p.to_dict()).to_dict() == p.to_dict()
    assert Problem.from_dict(p.to_dict()).fixed == [LAST_NIGHT]


def test_days_solved_one_after_the_other_tie_a_call_to_how_the_day_before_was_planned():
    from api.solver.multiday import solve_days

    # Sunday: Rosa's bed call, which only A can reach in her shift; Monday: her morning call,
    # the same carer as Sunday's bed call and at least 10 h after it (B lives there: cheaper)
    carers = [Carer("A", (Shift(18 * H, 23 * H),), 0), Carer("B", (Shift(6 * H, 14 * H),), 2)]
    sunday = Problem(calls=[Call("sun-bed", "rosa", 1, 21 * H, 21 * H + 30 * M, 30 * M)], carers=carers,
                     travel=line_matrix())
    monday_carers = [Carer("A", (Shift(6 * H, 14 * H),), 0), Carer("B", (Shift(6 * H, 14 * H),), 1)]
    monday = morning(Link("same_carer", "sun-bed", "mon-am"), TEN_HOURS, carers=monday_carers).replace(fixed=[])
    sun_plan, mon_plan = solve_days([sunday, monday], det())
    assert sun_plan.assignments() == {"sun-bed": ("A",)}
    assert mon_plan.assignments() == {"mon-am": ("A",)}
    (stop,) = [s for r in mon_plan.runs for s in r.stops]
    assert stop.start >= sun_plan.runs[0].stops[0].start - 24 * H + 10 * H


def test_a_call_only_last_nights_carer_could_take_is_left_out_saying_so():
    p = morning(Link("different_carers", "sun-bed", "mon-am"), carers=[Carer("A", (Shift(6 * H, 14 * H),), 2)])
    (out,) = solved(p).unallocated
    assert "apart from the carer of the previous day's 21:00 call it is linked to" in out.reason


def test_a_day_whose_links_are_all_to_the_day_before_is_still_planned_in_clusters():
    from api.solver import Options
    from api.solver.generate import generate

    day = generate(calls=120, seed=3).days[0]
    singles = [c for c in day.calls if c.carers_required == 1][:6]
    # each of six clients had a call at 21:00 the day before, by someone not working today
    fixed = [FixedCall(f"eve-{c.id}", c.client_id, -3 * H, ("nobody-today",)) for c in singles]
    links = [Link("gap", f.id, c.id, min_gap=c.earliest + 3 * H + 15 * M) for f, c in zip(fixed, singles)]
    problem = day.replace(fixed=fixed, links=links)
    plan = solve(problem, Options(time_limit=None, solution_limit=20, cluster_calls=50))
    assert plan.stats["clusters"] > 1
    assert check(problem, plan) == []
    got = {s.call_id: s.start for r in plan.runs for s in r.stops}
    kept = [c for c in singles if c.id in got]
    assert kept and all(got[c.id] >= c.earliest + 15 * M for c in kept)


def test_cover_gives_the_call_of_a_carer_now_off_to_one_who_keeps_last_nights_link():
    from api.solver.cover import CarerOff, cover

    # B did last night's call and C lives nearest: when A is off, only C may take the call
    # (B would break "a different carer from last night's")
    carers = [Carer("A", (Shift(6 * H, 14 * H),), 1), Carer("B", (Shift(6 * H, 14 * H),), 1),
              Carer("C", (Shift(6 * H, 14 * H),), 3)]
    p = morning(Link("different_carers", "sun-bed", "mon-am"), TEN_HOURS, carers=carers)
    p = p.replace(fixed=[FixedCall("sun-bed", "rosa", -3 * H, ("B",))])
    current = plan_of(p, {("A", 0): [("mon-am", 7 * H)]})
    res = cover(p, current, CarerOff("A"))
    assert check(res.problem, res.plan) == []
    assert res.plan.assignments() == {"mon-am": ("C",)}
    (stop,) = [s for r in res.plan.runs for s in r.stops]
    assert stop.start >= 7 * H


def test_who_can_take_offers_a_start_that_keeps_last_nights_gap_and_not_last_nights_carer():
    from api.solver import Plan
    from api.solver.check import problem_table
    from api.solver.insertion import insertions

    p = morning(Link("different_carers", "sun-bed", "mon-am"), TEN_HOURS)  # A did last night's call
    p = p.replace(calls=[dataclasses.replace(p.calls[0], latest=7 * H + 30 * M)])  # booked at 06:45
    offers = {o.carer_id: o for o in insertions(p, Plan(), "mon-am", problem_table(p))}
    assert not offers["A"].fits
    assert offers["B"].fits and offers["B"].start >= 7 * H
