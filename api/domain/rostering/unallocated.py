"""Why a call has no (or too few) carers, in a planner's words.

One truth for every screen: the reason is the solver's own explainer (api.solver.explain, the
same function that explains an Optimise or Find cover draft) run on the working rota as stored.
When the call's carers were last taken off by sickness or leave, that comes first ("carer off
sick; no carer with the hoist skill is free 07:30-08:30").
"""

from __future__ import annotations

import datetime as dt

from api.domain.tables import AuditEvent


async def _released_reasons(ids: list[str]) -> dict[str, str]:
    """For calls whose last change was a release (sickness, leave): its reason."""
    last: dict[str, dict] = {}
    for e in await AuditEvent.select(AuditEvent.entity_id, AuditEvent.action, AuditEvent.after).where(
        (AuditEvent.entity == "visit") & AuditEvent.entity_id.is_in(ids)
    ).output(load_json=True).order_by(AuditEvent.id):
        last[e["entity_id"]] = e
    return {vid: (e["after"] or {}).get("reason", "") for vid, e in last.items() if e["action"] == "release"}


async def unallocated_reasons(day: dt.date, calls: list[dict]) -> dict[int, str]:
    """Why each call (rows with an "id") has fewer carers than it needs."""
    if not calls:
        return {}
    from api.domain.rostering.planning import build_problem, current_plan
    from api.solver.check import problem_table
    from api.solver.explain import reason_short
    from api.solver.routes import Routes

    released = await _released_reasons([str(c["id"]) for c in calls])
    problem, _ = await build_problem(day)
    plan = await current_plan(day, problem)
    table = problem_table(problem)
    routes = Routes(problem, table)
    routes.load(plan)
    served = plan.assignments()
    by_id = problem._calls_by_id()
    out = {}
    for c in calls:
        call = by_id.get(str(c["id"]))
        if call is None:
            out[c["id"]] = "not open for planning"
            continue
        missing = call.carers_required - len(served.get(call.id, ()))
        if not problem.carers:
            skills = " and ".join(sorted(call.skills))
            text = f"no carer{f' with the {skills} skill' if skills else ''} is working that day"
        else:
            text = reason_short(problem, plan, call, table, missing, routes)
        why = released.get(str(c["id"]))
        out[c["id"]] = f"{why}; {text}" if why else text
    return out
