"""Reasons a planner understands for calls nobody can take.

Each carer is run through the hard rules in the order a planner would think of them (off today,
skills, client's exclusions, hours left, working at that time, free at that time); the reason is
the first step where too few carers remain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .eligibility import shift_fits
from .model import Call, Carer, Plan, Problem
from .timefmt import clock, day_clock
from .travel import TravelTable

if TYPE_CHECKING:
    from .routes import Routes


def _who(call: Call) -> str:
    if not call.skills:
        return "carer"
    sk = " and ".join(sorted(call.skills))
    return f"carer with the {sk} skill{'s' if len(call.skills) > 1 else ''}"


def _when(call: Call) -> str:
    if call.started_at is not None:
        return f"{clock(call.started_at)}-{clock(call.started_at + call.duration)}"
    return f"{clock(call.earliest)}-{clock(call.latest + call.duration)}"


def explain(problem: Problem, plan: Plan, call: Call, table: TravelTable, missing: int | None = None,
            routes: "Routes | None" = None) -> str:
    """A sentence saying why ``call`` (its ``missing`` carer-slots) is not planned.

    When every rule leaves enough carers, the insertion the re-planner uses decides: if the
    call fits into the runs as they stand (no other call moved), it is "not yet allocated" and
    says how many carers have room; otherwise nobody is free. So every screen that asks this
    function about the same plan says the same thing. ``routes`` (loaded with ``plan``) saves
    reloading the runs when many calls are explained."""
    need = call.carers_required if missing is None else missing
    served = set(plan.assignments().get(call.id, ()))
    worked: dict[str, int] = {}
    for run in plan.runs:
        worked[run.carer_id] = worked.get(run.carer_id, 0) + run.work_seconds
    who, when = _who(call), _when(call)
    if call.pinned and len(call.pinned) >= call.carers_required:
        # no ids in a planner's sentence; the board shows who the call is pinned to
        pinned_to = "its pinned carer" if len(call.pinned) == 1 else "one of its pinned carers"
        for cid in call.pinned:
            carer = problem._carers_by_id().get(cid)
            if carer is None:
                return f"pinned, but {pinned_to} is not working that day"
            if carer.absent:
                return f"pinned, but {pinned_to} is off"
        return f"pinned, but {pinned_to} cannot fit it in {when}"

    def count(cs: list[Carer]) -> int:
        return len([c for c in cs if c.id not in served])

    other = "other " if served else ""  # a double-up short of a partner: its carer is not the question
    stages: list[tuple[str, list[Carer]]] = []
    present = [c for c in problem.carers if not c.absent]
    stages.append((f"every {other}carer is off today", present))
    skilled = [c for c in present if set(call.skills) <= set(c.skills)]
    off_skilled = [c for c in problem.carers if c.absent and set(call.skills) <= set(c.skills)]
    stages.append(
        (f"every {other}{who} is off" if off_skilled
         else f"no {other}carer working today has the {' and '.join(sorted(call.skills))} skill", skilled)
    )
    allowed = [c for c in skilled if call.client_id not in c.excluded_clients]
    stages.append((f"the client has excluded every {other}{who} working today", allowed))
    hours = [c for c in allowed if _hours_left(c, worked.get(c.id, 0), call.duration)]
    stages.append((f"every {other}{who} has used their hours", hours))
    on_shift = [c for c in hours if any(shift_fits(problem, table, call, c, sh) for sh in c.shifts)]
    stages.append((f"no {other}{who} is working {when}", on_shift))
    for text, group in stages:
        n = count(group)
        if n < need:
            return _few(text, n, need, call, who, when) if n > 0 else text
    room = carers_with_room(problem, plan, call, table, need, routes)
    if room:
        many = who.replace("carer", "carers", 1) if len(room) != 1 else who
        return f"not yet allocated: {len(room)} {many} could take it as the runs stand"
    keep = _gap_to_keep(problem, plan, call)
    if keep:
        return f"no {other}{who} is free {when} {keep}"
    return _few(f"no {other}{who} is free {when}", 0, need, call, who, when)


def _gap_to_keep(problem: Problem, plan: Plan, call: Call) -> str:
    """'3 h after the 08:10 call' for a call linked by a gap to a planned call (or the previous
    day's), what an adjacent day's call asks of its carer, else ''."""
    from .model import DIFFERENT_CARERS, GAP, SAME_CARER

    starts = {s.call_id: s.start - (problem.call(s.call_id).part(s.part).offset if s.call_id in problem._calls_by_id() else 0)
              for r in plan.runs for s in r.stops}
    fixed = {f.id: f.start for f in problem.fixed}  # calls of adjacent days, as planned
    for link in problem.links:
        if link.kind != GAP or call.id not in (link.first, link.second):
            continue
        other = link.first if link.second == call.id else link.second
        if other not in starts and other not in fixed:
            continue
        at = f"the {clock(starts[other])}" if other in starts else day_clock(fixed[other])
        lo, hi = _minutes(link.min_gap), None if link.max_gap is None else _minutes(link.max_gap)
        span = f"{lo}" if hi == lo else (f"at least {lo}" if hi is None else f"{lo} to {hi}")
        return f"{span} {'after' if link.second == call.id else 'before'} {at} call it is linked to"
    for link in problem.links:  # the same carer as an adjacent day's call (who may not be free), or another
        other = link.first if link.second == call.id else link.second if link.first == call.id else None
        if link.kind == SAME_CARER and other in fixed:
            return f"with the carer of {day_clock(fixed[other])} call it is linked to"
        if link.kind == DIFFERENT_CARERS and other in fixed:
            return f"apart from the carer of {day_clock(fixed[other])} call it is linked to"
    return ""


def _minutes(seconds: int) -> str:
    h, m = divmod(seconds // 60, 60)
    return f"{h} h {m:02d} min" if h and m else (f"{h} h" if h else f"{m} min")


def carers_with_room(problem: Problem, plan: Plan, call: Call, table: TravelTable, need: int = 1,
                     routes: "Routes | None" = None) -> list[str]:
    """The carers who could take one more carer-slot of ``call`` into their runs as they stand
    (the re-planner's insertion, no other call moved; at the start its other carers have), or
    [] when fewer than ``need`` carers can take it together."""
    from .routes import Routes

    if routes is None:
        routes = Routes(problem, table)
        routes.load(plan)
    have = {k[0] for k, slots in routes.runs.items() for s in slots if s.call.id == call.id}
    fixed = next((s.start for slots in routes.runs.values() for s in slots if s.call.id == call.id), None)
    lo, hi, banned, only = routes._link_bounds(call)  # what its linked calls, as planned, allow
    kept = routes.open_slot_carers(call, have)  # a same_carer partner's carer still to join
    keys = [k for k in routes.eligible(call) if k[0] not in have and k[0] not in banned and (only is None or k[0] in only)
            and (kept is None or k[0] in kept)]
    cands = routes.candidates(call, push=False, keys=keys)
    if call.id in routes.links_of:
        cands = [c for c in routes._within(call, cands, lo, hi) if not c.pushes]
    if fixed is not None:
        cands = [c for c in (routes._at(call, c, fixed) for c in cands) if c is not None and not c.pushes]
    carers = sorted({c.key[0] for c in cands})
    if len(carers) < need:
        return []
    if need > 1:  # together, at one start
        saved = routes._snapshot()
        ok = routes.insert(call, missing=need, push=False)
        routes._restore(saved)
        if not ok:
            return []
    return carers


def _few(text: str, n: int, need: int, call: Call, who: str, when: str) -> str:
    if need > 1 and n > 0:
        return f"needs {need} carers at once: only {n} {who} is available {when}"
    return text


def _hours_left(carer: Carer, worked: int, seconds: int) -> bool:
    if carer.daily_cap is not None and worked + seconds > carer.daily_cap:
        return False
    if carer.weekly_cap is not None and carer.worked_week + worked + seconds > carer.weekly_cap:
        return False
    return True


def half_covered(call: Call, missing: int) -> str:
    """'half-covered: 1 of 2 carers' for a double-up that has some of its carers, else ''."""
    have = call.carers_required - missing
    if have <= 0:
        return ""
    part = "half-covered" if call.carers_required == 2 else "part-covered"
    return f"{part}: {have} of {call.carers_required} carers"


def reason_short(problem: Problem, plan: Plan, call: Call, table: TravelTable, missing: int,
                 routes: "Routes | None" = None) -> str:
    """Why a call is short of ``missing`` carers, saying so when it has some of them."""
    text = explain(problem, plan, call, table, missing, routes)
    part = half_covered(call, missing)
    return f"{part}; {text}" if part else text


def explain_all(problem: Problem, plan: Plan, table: TravelTable) -> None:
    """Fill ``plan.unallocated`` with every call short of carers and its reason."""
    from .model import Unallocated

    have: dict[str, int] = {}
    for run in plan.runs:
        for s in run.stops:
            have[s.call_id] = have.get(s.call_id, 0) + 1
    from .routes import Routes

    routes = None
    out = []
    for call in problem.calls:
        missing = call.carers_required - have.get(call.id, 0)
        if missing > 0:
            if routes is None:
                routes = Routes(problem, table)
                routes.load(plan)
            out.append(Unallocated(call.id, reason_short(problem, plan, call, table, missing, routes), missing))
    plan.unallocated = out
