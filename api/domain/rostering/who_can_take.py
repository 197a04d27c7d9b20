""""Who can take this?" for a call short of carers: every working carer ranked by the cost of
inserting the call into their current run, each with the warnings that move would bring.

The place and cost come from the solver's insertion (api.solver.insertion), the warnings
from its checker through the same door as a hand move (move_checks.move_warnings), and the
call's reason from the same explainer as the board and the drafts: one rule set. Assigning is
the ordinary move (POST /calls/{id}/move) with the offered carer and start.
"""

from __future__ import annotations

import time

import msgspec

from api.domain.rostering.double_up_parts import newcomer_part
from api.domain.rostering.move_checks import MoveWarning, move_warnings, names_for
from api.domain.shared.common import ConflictException, minutes_to_hhmm, not_found
from api.domain.tables import Visit


class Offer(msgspec.Struct):
    carer_id: int
    carer_name: str
    start: str  # HH:MM the call would start in this carer's day
    fits: bool  # fits as the runs stand and breaks no rule
    added_travel_minutes: int
    late_minutes: int
    work_minutes: int  # the carer's working time that day with this call
    target_minutes: int | None  # their share of contracted hours for the day
    regular: bool  # one of the client's regular carers (continuity)
    cost: int  # what the optimiser's objective would add
    warnings: list[MoveWarning]


class WhoCanTake(msgspec.Struct):
    visit_id: int
    version: int
    client_name: str
    window_start: str
    window_end: str
    duration_minutes: int
    carers_required: int
    carers_on_call: list[str]
    reason: str  # why it is short of carers (the shared explainer)
    offers: list[Offer]
    elapsed_ms: float  # how long the ranking took on the server


async def who_can_take(visit_id: int) -> WhoCanTake:
    from api.domain.rostering.planning import build_problem, current_plan
    from api.solver.check import problem_table
    from api.solver.explain import reason_short
    from api.solver.insertion import insertions
    from api.solver.routes import Routes

    t0 = time.perf_counter()
    visit = await Visit.select(*Visit.all_columns(), Visit.client.name.as_alias("client_name")).where(
        Visit.id == visit_id).first()
    if visit is None:
        raise not_found("call", visit_id)
    if visit["status"] != "planned":
        raise ConflictException(detail=f"the call is {visit['status']}; it can no longer be given to a carer")
    problem, _ = await build_problem(visit["date"])
    call = problem._calls_by_id().get(str(visit_id))
    if call is None:
        raise ConflictException(detail="the call is not open for planning")
    plan = await current_plan(visit["date"], problem)
    names = await names_for(problem)
    table = problem_table(problem)
    routes = Routes(problem, table)
    routes.load(plan)
    on_call = plan.assignments().get(call.id, ())
    missing = call.carers_required - len(on_call)
    reason = reason_short(problem, plan, call, table, missing, routes) if missing > 0 else "fully allocated"
    offers = []
    for o in _insertions(problem, plan, call, table, routes):
        warnings = move_warnings(problem, plan, table, call, o.carer_id, None, o.start, names)
        offers.append(Offer(
            carer_id=int(o.carer_id), carer_name=names.carer(o.carer_id), start=minutes_to_hhmm(o.start // 60),
            fits=o.fits and not warnings, added_travel_minutes=round(o.added_travel / 60),
            late_minutes=o.late // 60, work_minutes=o.worked // 60,
            target_minutes=None if o.target is None else o.target // 60, regular=o.regular, cost=o.cost,
            warnings=warnings,
        ))
    offers.sort(key=lambda o: (not o.fits, len(o.warnings), o.cost, o.carer_name))
    return WhoCanTake(
        visit_id=visit_id, version=visit["version"], client_name=visit["client_name"],
        window_start=minutes_to_hhmm(visit["window_start"]), window_end=minutes_to_hhmm(visit["window_end"]),
        duration_minutes=visit["duration_minutes"], carers_required=visit["carers_required"],
        carers_on_call=[names.carer(c) for c in on_call], reason=reason, offers=offers,
        elapsed_ms=round((time.perf_counter() - t0) * 1000, 1),
    )


def _insertions(problem, plan, call, table, routes):
    """The solver's insertions of one more carer: for a double-up with parts, each carer is
    offered the part they would take (as a move gives it them, double_up_parts.newcomer_part),
    placed as the optimiser places parts, at its offset from the parts already planned; the
    offer's start is when that carer arrives."""
    from api.solver.insertion import insertions
    from api.solver.parts import expand, expand_plan, part_id
    from api.solver.routes import Routes

    if not call.parts:
        return insertions(problem, plan, call.id, table, routes)
    on_call = {r.carer_id: s.part for r in plan.runs for s in r.stops if s.call_id == call.id}
    wanted = {c.id: newcomer_part(call, set(on_call.values()), set(c.skills)) for c in problem.carers
              if c.id not in on_call}
    expanded, _ = expand(problem)
    eplan = expand_plan(plan, problem)
    part_routes = Routes(expanded, table)
    part_routes.load(eplan)
    out = []
    for r in sorted(set(wanted.values())):
        out += [o for o in insertions(expanded, eplan, part_id(call.id, r), table, part_routes)
                if wanted.get(o.carer_id) == r]
    return out
