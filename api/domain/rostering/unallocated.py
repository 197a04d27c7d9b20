"""Why a call has no (or too few) carers, in a planner's words: who gave it up last
(sickness, leave, a move), else the solver's own explainer."""

from __future__ import annotations

import datetime as dt

from api.domain.tables import AuditEvent


async def unallocated_reasons(day: dt.date, calls: list[dict]) -> dict[int, str]:
    """Why each call has no (or too few) carers, in a planner's words.

    A simple explanation from the records: who gave it up last (sickness, leave, a move),
    or that nobody on shift has the skills. The optimiser's own reasons can take over here.
    """
    if not calls:
        return {}
    ids = [str(c["id"]) for c in calls]
    released: dict[str, str] = {}
    for e in await AuditEvent.select(AuditEvent.entity_id, AuditEvent.after).where(
        (AuditEvent.entity == "visit") & AuditEvent.entity_id.is_in(ids) & (AuditEvent.action == "release")
    ).output(load_json=True).order_by(AuditEvent.id):
        released[e["entity_id"]] = (e["after"] or {}).get("reason", "")
    # Everything else: the solver's own explanation, found by examining which rule excludes
    # each carer (skills, exclusions, hours, shifts, already busy).
    from api.domain.rostering.planning import build_problem, current_plan
    from api.solver.check import problem_table
    from api.solver.explain import explain

    problem, _ = await build_problem(day)
    plan = await current_plan(day, problem)
    table = problem_table(problem)
    served = plan.assignments()
    out = {}
    for c in calls:
        if released.get(str(c["id"])):
            out[c["id"]] = released[str(c["id"])]
            continue
        call = next((x for x in problem.calls if x.id == str(c["id"])), None)
        if call is None:
            out[c["id"]] = "not open for planning"
            continue
        missing = call.carers_required - len(served.get(call.id, ()))
        out[c["id"]] = _reason(problem, plan, call, table, missing, explain)
    return out


def _reason(problem, plan, call, table, missing, explain) -> str:
    skills = " and ".join(sorted(call.skills))
    if not problem.carers:
        return f"no carer{f' with the {skills} skill' if skills else ''} is working that day"
    text = explain(problem, plan, call, table, missing)
    if text.startswith("no ") and " is free " in text:
        # Every rule lets some carer take it: nobody has tried yet.
        return "not yet allocated: a carer could take it (Find cover or Optimise)"
    return text
