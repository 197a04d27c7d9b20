"""The objective's parts, recomputed from a plan with one small function per soft cost."""

from __future__ import annotations

from .eligibility import against_wish
from .model import Plan, Problem


def travel_cost(problem: Problem, plan: Plan) -> int:
    """Seconds of travel, weighted."""
    return problem.weights.travel * plan.travel_seconds()


def unallocated_cost(problem: Problem, plan: Plan) -> int:
    """Carer-slots left undone; pinned and started calls cost more."""
    w = problem.weights
    calls = problem._calls_by_id()
    total = 0
    for u in plan.unallocated:
        call = calls.get(u.call_id)
        heavy = call is not None and (call.pinned or call.started_at is not None)
        total += u.missing * (w.pinned_unallocated if heavy else w.unallocated)
    return total


def lateness_cost(problem: Problem, plan: Plan) -> int:
    """Minutes started after the window, per carer, weighted steeply."""
    return sum(problem.weights.late_per_minute * s.late_seconds // 60 for r in plan.runs for s in r.stops)


def _visits(problem: Problem, plan: Plan):
    calls = problem._calls_by_id()
    carers = problem._carers_by_id()
    for r in plan.runs:
        for s in r.stops:
            yield calls[s.call_id], carers[r.carer_id]


def continuity_cost(problem: Problem, plan: Plan) -> int:
    """Visits to a client with regular carers by a carer who is not one of them."""
    with_regulars = {cl for c in problem.carers for cl in c.preferred_clients}
    return problem.weights.continuity * sum(
        1 for call, carer in _visits(problem, plan)
        if call.client_id in with_regulars and call.client_id not in carer.preferred_clients
    )


def preference_cost(problem: Problem, plan: Plan) -> int:
    """Visits by a carer of a gender the client asked not to have."""
    return problem.weights.preference * sum(
        1 for call, carer in _visits(problem, plan)
        if against_wish(carer, call)
    )


def stability_cost(problem: Problem, plan: Plan) -> int:
    """Carer-slots given to someone other than the current plan's carer."""
    return problem.weights.stability * sum(
        1 for call, carer in _visits(problem, plan) if call.current and carer.id not in call.current
    )


def hours_cost(problem: Problem, plan: Plan) -> int:
    """Minutes of working time away from each carer's target for the day."""
    worked: dict[str, int] = {}
    for r in plan.runs:
        worked[r.carer_id] = worked.get(r.carer_id, 0) + r.work_seconds
    return problem.weights.hours * sum(
        abs(worked.get(c.id, 0) - c.target) // 60 for c in problem.carers if c.target is not None and not c.absent
    )


PARTS = {
    "unallocated": unallocated_cost,
    "lateness": lateness_cost,
    "travel": travel_cost,
    "continuity": continuity_cost,
    "preference": preference_cost,
    "stability": stability_cost,
    "hours": hours_cost,
}


def score(problem: Problem, plan: Plan) -> dict[str, int]:
    """Each part of the objective and their ``total``."""
    parts = {name: fn(problem, plan) for name, fn in PARTS.items()}
    parts["total"] = sum(parts.values())
    return parts
