"""A draft's figures beside the working rota's: coverage, travel and continuity before -> after,
so Optimise or Find cover can never make a day worse without the planner seeing it."""

from __future__ import annotations

from api.solver import Plan, Problem
from api.solver.travel import TravelTable


def way_home_metres(problem: Problem, plan: Plan) -> int:
    """Metres from each run's last call back to the carer's home where the run does not count
    them: the working rota read from the database (`current_plan`) holds only each call's leg in,
    while a solver's draft counts the way home too. Without it a draft that kept every call where
    it was showed 949.0 km against the rota's 771.8 on the demo day: the same runs, 177.3 km of
    ways home apart (README "Soft goals")."""
    carers, calls = problem._carers_by_id(), problem._calls_by_id()
    legs = [
        (carers[r.carer_id], calls[r.stops[-1].call_id]) for r in plan.runs
        if r.stops and not r.return_travel_metres and r.carer_id in carers and r.stops[-1].call_id in calls
    ]
    if not legs:
        return 0
    table = TravelTable(problem.travel, [call.location for _, call in legs] + [carer.home_end for carer, _ in legs])
    return sum(table.metres(carer.transport, call.location, carer.home_end) for carer, call in legs)


def plan_figures(problem: Problem, plan: Plan) -> dict:
    """Calls covered (every carer they need), carer-slot coverage, travel and continuity of a plan.

    Continuity: the share of visits to clients who have regular carers that one of those
    regulars makes (the solver's own notion of a regular, `preferred_clients`)."""
    served = plan.assignments()
    covered = sum(1 for c in problem.calls if len(served.get(c.id, ())) >= c.carers_required)
    calls = {c.id: c for c in problem.calls}
    carers = {c.id: c for c in problem.carers}
    with_regulars = {cl for c in problem.carers for cl in c.preferred_clients}
    visits = by_regular = 0
    for run in plan.runs:
        carer = carers.get(run.carer_id)
        for stop in run.stops:
            call = calls.get(stop.call_id)
            if call is None or call.client_id not in with_regulars:
                continue
            visits += 1
            by_regular += carer is not None and call.client_id in carer.preferred_clients
    return {
        "calls": len(problem.calls),
        "calls_covered": covered,
        "coverage_pct": round(plan.coverage(problem), 2),
        # the way home counted on both sides, so that a draft and the rota compare
        "travel_km": round((plan.travel_metres() + way_home_metres(problem, plan)) / 1000, 1),
        "continuity_pct": round(100.0 * by_regular / visits, 1) if visits else 100.0,
    }


def comparison(problem: Problem, before: Plan, after: Plan) -> dict:
    """Before and after figures, and whether the draft covers fewer calls than the rota it
    would replace (such a draft is applied only when the planner confirms it)."""
    old, new = plan_figures(problem, before), plan_figures(problem, after)
    return {"before": old, "after": new, "covers_fewer": new["calls_covered"] < old["calls_covered"]}
