"""Who could take one more carer-slot of a call: every working carer, with the cost of
inserting the call into their current run ("Who can take this?").

The place in each run is found by the re-planner's own insertion (:class:`.routes.Routes`,
no other call moved), so an offer that "fits" keeps every hard rule; a carer with no such
place is offered at the call's time (or its other carers' start) and the caller asks the
checker what that would break. Costs are the objective's own weights: added travel, lateness,
distance from the carer's hours target, continuity, preference and stability.
"""

from __future__ import annotations

from dataclasses import dataclass

from .eligibility import carer_reason, shift_fits
from .model import Call, Carer, Plan, Problem
from .routes import Routes
from .travel import TravelTable


@dataclass
class Insertion:
    carer_id: str
    start: int  # seconds from midnight: where the call would go in this carer's day
    fits: bool  # the insertion found a place as the runs stand
    added_travel: int  # seconds of travel the call adds to the carer's day
    late: int  # seconds started after the call's window
    worked: int  # seconds of work that day with the call
    target: int | None  # the carer's target for the day (share of contracted hours)
    regular: bool  # one of the client's regular carers
    cost: int  # what the objective would add (cost units)


def insertions(problem: Problem, plan: Plan, call_id: str, table: TravelTable,
               routes: Routes | None = None) -> list[Insertion]:
    """One offer per working (not absent) carer not already on the call, cheapest first
    (offers that fit before those that do not)."""
    call = problem.call(call_id)
    if routes is None:
        routes = Routes(problem, table)
        routes.load(plan)
    have = {k[0] for k, slots in routes.runs.items() for s in slots if s.call.id == call.id}
    fixed = next((s.start for slots in routes.runs.values() for s in slots if s.call.id == call.id), None)
    stops = {r.carer_id: [] for r in plan.runs}
    for r in plan.runs:
        stops[r.carer_id] += [(s.start, s.end, problem.call(s.call_id)) for s in r.stops if s.call_id != call.id]
    out = []
    for carer in problem.carers:
        if carer.absent or carer.id in have:
            continue
        start = _fitting_start(problem, routes, table, call, carer, fixed)
        fits = start is not None
        if start is None:
            start = fixed if fixed is not None else call.started_at if call.started_at is not None else _linked_start(routes, call)
        out.append(_offer(problem, routes, table, call, carer, start, fits, sorted(stops.get(carer.id, []), key=lambda x: x[0])))
    out.sort(key=lambda o: (not o.fits, o.cost, o.carer_id))
    return out


def _linked_start(routes: Routes, call: Call) -> int:
    """The call's earliest start that its placed links allow (a double-up's part: at its offset
    from the part placed), for a carer with no place that keeps every rule."""
    lo, hi, _, _ = routes._link_bounds(call)
    return int(min(max(call.earliest, lo), hi))


def _fitting_start(problem: Problem, routes: Routes, table: TravelTable, call: Call, carer: Carer,
                   fixed: int | None) -> int | None:
    if carer_reason(problem, call, carer) is not None:
        return None
    lo, hi, banned, only = routes._link_bounds(call)  # what its linked calls, as planned, allow
    if carer.id in banned or (only is not None and carer.id not in only):
        return None
    have = {k[0] for k, slots in routes.runs.items() for s in slots if s.call.id == call.id}
    kept = routes.open_slot_carers(call, have)  # a same_carer partner's carer still to join
    if kept is not None and carer.id not in kept:
        return None
    keys = [(carer.id, i) for i, sh in enumerate(carer.shifts)
            if (carer.id, i) in routes.runs and shift_fits(problem, table, call, carer, sh)]
    cands = routes.candidates(call, push=False, keys=keys)
    if call.id in routes.links_of:
        cands = [c for c in routes._within(call, cands, lo, hi) if not c.pushes]
    if fixed is not None:
        cands = [c for c in (routes._at(call, c, fixed) for c in cands) if c is not None and not c.pushes]
        return cands[0].start if cands else None
    if not cands:
        return None
    # As near the booked time (the middle of the window) as this place and the links allow.
    booked = (call.earliest + call.latest) // 2 if call.started_at is None else call.started_at
    return int(min(max(booked, cands[0].lo, lo), cands[0].hi, hi))


def _offer(problem: Problem, routes: Routes, table: TravelTable, call: Call, carer: Carer, start: int,
           fits: bool, day: list[tuple[int, int, Call]]) -> Insertion:
    w = problem.weights
    mode = carer.transport
    before = [x for x in day if x[0] <= start]
    after = [x for x in day if x[0] > start]
    prev_loc = before[-1][2].location if before else carer.start_location
    next_loc = after[0][2].location if after else carer.home_end
    added = (table.seconds(mode, prev_loc, call.location) + table.seconds(mode, call.location, next_loc)
             - (table.seconds(mode, prev_loc, next_loc) if day else 0))
    late = max(0, start - call.latest) if call.started_at is None else 0
    worked_before = sum(end - begin for begin, end, _ in day)
    worked = worked_before + call.duration
    cost = w.travel * added + routes.node_cost(carer, call) + w.late_per_minute * late // 60
    if carer.target is not None:
        cost += w.hours * (abs(worked - carer.target) - abs(worked_before - carer.target)) // 60
    return Insertion(
        carer_id=carer.id, start=start, fits=fits, added_travel=added, late=late, worked=worked,
        target=carer.target, regular=call.client_id in carer.preferred_clients, cost=int(cost),
    )
