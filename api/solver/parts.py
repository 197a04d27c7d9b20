"""Double-ups whose parts differ, stated to the search as linked single calls.

A call with ``parts`` (own skills, durations or start offsets per carer) becomes one single-carer
call per part, named ``<call id>#<r>``, tied by links: an exact ``gap`` of the parts' offsets from
part 0, ``different_carers`` between every two parts, and ``served_together`` (all parts or none).
Links that name the call are moved to its part 0 (a gap shifted by part 0's offset). The search
(insertion and the routing model) then needs no notion of parts; :func:`collapse` turns its plan
back into stops of the original calls, each stop naming its part.
"""

from __future__ import annotations

import dataclasses

from .model import DIFFERENT_CARERS, GAP, SAME_CARER, SERVED_TOGETHER, Call, LateStart, Link, Plan, Problem, Unallocated

SEP = "#"


def has_parts(problem: Problem) -> bool:
    return any(c.parts for c in problem.calls)


def part_id(call_id: str, r: int) -> str:
    return f"{call_id}{SEP}{r}"


def expand(problem: Problem) -> tuple[Problem, dict[str, tuple[str, int]]]:
    """The problem with every call with parts split into its parts; and part id -> (call id, part)."""
    if not has_parts(problem):
        return problem, {}
    back: dict[str, tuple[str, int]] = {}
    calls: list[Call] = []
    links: list[Link] = []
    by_id = problem._calls_by_id()
    for call in problem.calls:
        if not call.parts:
            calls.append(call)
            continue
        ids = []
        for r, part in enumerate(call.parts):
            pid = part_id(call.id, r)
            back[pid] = (call.id, r)
            ids.append(pid)
            calls.append(
                dataclasses.replace(
                    call,
                    id=pid,
                    earliest=call.earliest + part.offset,
                    latest=call.latest + part.offset,
                    duration=call.part_duration(r),
                    carers_required=1,
                    skills=call.part_skills(r),
                    pinned=(call.pinned[r],) if r < len(call.pinned) else (),
                    started_at=None if call.started_at is None else call.started_at + part.offset,
                    parts=(),
                )
            )
        off0 = call.parts[0].offset
        for r in range(1, len(ids)):
            gap = call.parts[r].offset - off0
            links.append(Link(GAP, ids[0], ids[r], gap, gap))
            links.append(Link(SERVED_TOGETHER, ids[0], ids[r]))
            for q in range(r):
                links.append(Link(DIFFERENT_CARERS, ids[q], ids[r]))
    for link in problem.links:
        links.extend(_moved(link, by_id))
    return problem.replace(calls=calls, links=links), back


def _moved(link: Link, calls: dict[str, Call]) -> list[Link]:
    """A link naming calls with parts, restated on their parts."""
    a, b = calls.get(link.first), calls.get(link.second)
    if (a is None or not a.parts) and (b is None or not b.parts):
        return [link]
    a_ids = [part_id(a.id, r) for r in range(len(a.parts))] if a is not None and a.parts else [link.first]
    b_ids = [part_id(b.id, r) for r in range(len(b.parts))] if b is not None and b.parts else [link.second]
    if link.kind == GAP:
        shift = (b.parts[0].offset if b is not None and b.parts else 0) - (a.parts[0].offset if a is not None and a.parts else 0)
        hi = None if link.max_gap is None else link.max_gap + shift
        return [Link(GAP, a_ids[0], b_ids[0], link.min_gap + shift, hi)]
    if link.kind == DIFFERENT_CARERS:
        return [Link(DIFFERENT_CARERS, x, y) for x in a_ids for y in b_ids]
    if link.kind == SAME_CARER:
        return [Link(SAME_CARER, x, y) for x, y in _same_carer_pairs(a, a_ids, b, b_ids)]
    return [link]


def _same_carer_pairs(a: Call | None, a_ids: list[str], b: Call | None, b_ids: list[str]) -> list[tuple[str, str]]:
    """A same_carer link restated on parts, the smaller set of carers within the larger (as the
    checker has it): each part of the call with fewer carers among a call without parts, or
    paired with the other's first parts (which part of a double-up a single call's carer does
    is then fixed: the first)."""
    def carers(call: Call | None) -> int:
        return 1 if call is None else call.carers_required

    small, large = ((a, a_ids), (b, b_ids)) if carers(a) <= carers(b) else ((b, b_ids), (a, a_ids))
    if carers(a) == carers(b) and len(b_ids) > 1:  # as many carers: the side with parts is the smaller
        small, large = (b, b_ids), (a, a_ids)
    (s_call, s_ids), (l_call, l_ids) = small, large
    if len(l_ids) == 1:  # the larger has no parts: each of the smaller's parts among its carers
        return [(x, l_ids[0]) for x in s_ids]
    if len(s_ids) > 1:
        return list(zip(s_ids, l_ids))
    return [(s_ids[0], y) for y in l_ids[:carers(s_call)]]


def expand_plan(plan: Plan, problem: Problem) -> Plan:
    """A plan of ``problem`` as a plan of its expanded problem (stops of parts named by part)."""
    calls = problem._calls_by_id()
    out = Plan.from_dict(plan.to_dict())
    for run in out.runs:
        for s in run.stops:
            call = calls.get(s.call_id)
            if call is not None and call.parts:
                s.call_id, s.part = part_id(call.id, s.part), 0
    return out


def collapse(plan: Plan, back: dict[str, tuple[str, int]], problem: Problem) -> Plan:
    """The plan of the expanded problem as stops of the original calls (each naming its part)."""
    if not back:
        return plan
    for run in plan.runs:
        for s in run.stops:
            if s.call_id in back:
                s.call_id, s.part = back[s.call_id]
    missing: dict[str, Unallocated] = {}
    for u in plan.unallocated:
        cid = back.get(u.call_id, (u.call_id, 0))[0]
        if cid in missing:
            missing[cid].missing += u.missing
        else:
            missing[cid] = Unallocated(cid, u.reason, u.missing)
    plan.unallocated = list(missing.values())
    calls = problem._calls_by_id()
    late: dict[str, LateStart] = {}
    for x in plan.late:
        cid, r = back.get(x.call_id, (x.call_id, 0))
        start = x.start - (calls[cid].part(r).offset if cid in calls else 0)
        if cid in late:
            late[cid].carer_ids = tuple(sorted(late[cid].carer_ids + x.carer_ids))
        else:
            late[cid] = LateStart(cid, x.carer_ids, start, x.latest - (calls[cid].part(r).offset if cid in calls else 0), x.late_seconds)
    plan.late = sorted(late.values(), key=lambda x: x.call_id)
    return plan
