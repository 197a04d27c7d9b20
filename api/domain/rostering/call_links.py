"""What the client's weekly pattern says between calls and within a double-up, for the solver.

A client default may give a double-up's carers their own skills, length and arrival (its
``parts``) and tie a call to the client's call before it that day (``link_to_previous``: a least
and most gap between their starts, the same or a different carer), or with ``day: previous`` to
the client's last call the day before. The day's calls carry them into the Problem as
:class:`~api.solver.Part` and :class:`~api.solver.Link`; a link across midnight names the other
day's call, as planned, as a :class:`~api.solver.FixedCall`. A plan read back from the database
gets each carer's part again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from api.domain.rostering.double_up_parts import parts_by_arrival
from api.domain.tables import Assignment, ClientDefault, Visit
from api.solver import FixedCall, Link, Part, Plan, Problem
from api.solver.model import DIFFERENT_CARERS, GAP, SAME_CARER

ACTIVE = ("planned", "in_progress", "done")  # as planning.ACTIVE_STATUSES (which imports this module)
DAY_MINUTES = 24 * 60


async def pattern_rules(visits: list[dict]) -> dict[int, dict]:
    """client default id -> its parts and link, for the defaults the visits were made from."""
    ids = sorted({v["client_default"] for v in visits if v.get("client_default")})
    if not ids:
        return {}
    rows = await ClientDefault.select(ClientDefault.id, ClientDefault.parts, ClientDefault.link_to_previous).where(
        ClientDefault.id.is_in(ids)).output(load_json=True)
    return {r["id"]: r for r in rows if r["parts"] or r["link_to_previous"]}


def parts_of(visit: dict, rules: dict[int, dict]) -> tuple[Part, ...]:
    row = rules.get(visit.get("client_default"))
    parts = (row or {}).get("parts") or []
    if len(parts) != visit["carers_required"]:
        return ()  # the call was changed by hand to another number of carers: parts no longer apply
    return tuple(
        Part(skills=tuple(p.get("required_skills") or ()),
             duration=None if p.get("duration_minutes") is None else p["duration_minutes"] * 60,
             offset=(p.get("offset_minutes") or 0) * 60)
        for p in parts
    )


def links_of(visits: list[dict], rules: dict[int, dict]) -> list[Link]:
    """Each call whose default is linked to the call before: to the client's call before it that day."""
    by_client: dict[int, list[dict]] = defaultdict(list)
    for v in visits:
        by_client[v["client"]].append(v)
    out: list[Link] = []
    for day_calls in by_client.values():
        day_calls.sort(key=lambda v: (v["window_start"], v["id"]))
        for before, v in zip(day_calls, day_calls[1:]):
            link = _link_of(v, rules)
            if not link or link.get("day") == "previous":
                continue
            out += _links(link, str(before["id"]), str(v["id"]))
    return out


def _link_of(visit: dict, rules: dict[int, dict]) -> dict:
    return (rules.get(visit.get("client_default")) or {}).get("link_to_previous") or {}


def _links(link: dict, first: str, second: str) -> list[Link]:
    """The solver's links for one stored link_to_previous between two calls."""
    out = []
    lo, hi = link.get("min_gap_minutes") or 0, link.get("max_gap_minutes")
    if lo or hi is not None:
        out.append(Link(GAP, first, second, lo * 60, None if hi is None else hi * 60))
    if link.get("carer") == "same":
        out.append(Link(SAME_CARER, first, second))
    elif link.get("carer") == "different":
        out.append(Link(DIFFERENT_CARERS, first, second))
    return out


Planned = dict[str, tuple[int, tuple[str, ...]]]  # call id -> (its start, minutes from its day's midnight; carers)


def planned_in(plan: Plan) -> Planned:
    """The calls of a draft's day as planned (for the next day of the same draft)."""
    out: dict[str, tuple[int, set[str]]] = {}
    for run in plan.runs:
        for s in run.stops:
            start, carers = out.get(s.call_id, (s.start, set()))
            out[s.call_id] = (min(start, s.start), carers | {run.carer_id})
    return {k: (t // 60, tuple(sorted(c))) for k, (t, c) in out.items()}


async def _stored(visit_ids: list[int]) -> Planned:
    """The calls' working allocation: start (the first carer's arrival) and carers."""
    out: dict[str, tuple[int, set[str]]] = {}
    for a in await Assignment.select(Assignment.visit, Assignment.carer, Assignment.planned_start).where(
            Assignment.visit.is_in(visit_ids or [-1])):
        start, carers = out.get(str(a["visit"]), (a["planned_start"], set()))
        out[str(a["visit"])] = (min(start, a["planned_start"]), carers | {str(a["carer"])})
    return {k: (t, tuple(sorted(c))) for k, (t, c) in out.items()}


async def _day_calls(day: dt.date, clients: set[int]) -> dict[int, list[dict]]:
    """client id -> their calls on a date that are still to happen or happened (by start)."""
    by_client: dict[int, list[dict]] = defaultdict(list)
    if not clients:
        return by_client
    for v in await Visit.select(Visit.id, Visit.client, Visit.client_default, Visit.window_start, Visit.status).where(
            (Visit.date == day) & Visit.client.is_in(sorted(clients)) & Visit.status.is_in(list(ACTIVE))):
        by_client[v["client"]].append(v)
    for calls in by_client.values():
        calls.sort(key=lambda v: (v["window_start"], v["id"]))
    return by_client


async def adjacent_day_links(day: dt.date, visits: list[dict], rules: dict[int, dict],
                             day_before: Planned | None = None, next_day_in_draft: bool = False,
                             ) -> tuple[list[FixedCall], list[Link]]:
    """Links across midnight, each to a call of the other day as it is planned (a fixed call).

    A call of `day` linked to the day before is tied to the client's last call that day, as the
    working allocation has it (or `day_before`, the same draft's plan of that day). A call of the
    next day linked to this one ties the client's last call of `day` to it, unless the next day is
    re-planned in the same draft (that day's plan will be tied to this one's instead). A linked
    call of the other day that is not planned does not bind."""
    fixed: dict[str, FixedCall] = {}
    links: list[Link] = []
    by_client: dict[int, list[dict]] = defaultdict(list)
    for v in visits:
        by_client[v["client"]].append(v)
    for calls in by_client.values():
        calls.sort(key=lambda v: (v["window_start"], v["id"]))

    linked_back = [v for v in visits if _link_of(v, rules).get("day") == "previous"]
    before = await _day_calls(day - dt.timedelta(days=1), {v["client"] for v in linked_back})
    lasts = {c: calls[-1] for c, calls in before.items()}
    planned = await _stored([v["id"] for v in lasts.values()]) if day_before is None else day_before
    for v in linked_back:
        other = lasts.get(v["client"])
        if other is None or str(other["id"]) not in planned:
            continue
        start, carers = planned[str(other["id"])]
        fixed[str(other["id"])] = FixedCall(str(other["id"]), str(v["client"]), (start - DAY_MINUTES) * 60, carers)
        links += _links(_link_of(v, rules), str(other["id"]), str(v["id"]))

    if not next_day_in_draft and by_client:
        after = await _day_calls(day + dt.timedelta(days=1), set(by_client))
        after_rules = await pattern_rules([v for calls in after.values() for v in calls])
        tied = [v for calls in after.values() for v in calls if _link_of(v, after_rules).get("day") == "previous"]
        planned = await _stored([v["id"] for v in tied])
        for v in tied:
            if str(v["id"]) not in planned:
                continue
            start, carers = planned[str(v["id"])]
            mine = by_client[v["client"]][-1]
            fixed[str(v["id"])] = FixedCall(str(v["id"]), str(v["client"]), (start + DAY_MINUTES) * 60, carers)
            links += _links(_link_of(v, after_rules), str(mine["id"]), str(v["id"]))
    return list(fixed.values()), links


def assign_parts(problem: Problem, plan: Plan) -> None:
    """Give each carer of a double-up with parts their part again (the database keeps only their
    start): in order of arrival, the earliest part their skills allow; each stop's end follows."""
    calls = problem._calls_by_id()
    skills = {c.id: set(c.skills) for c in problem.carers}
    stops = defaultdict(list)
    for run in plan.runs:
        for s in run.stops:
            call = calls.get(s.call_id)
            if call is not None and call.parts:
                stops[s.call_id].append((run.carer_id, s))
    for call_id, got in stops.items():
        call = calls[call_id]
        parts = parts_by_arrival(call, [(s.start, carer_id) for carer_id, s in got], skills)
        for carer_id, s in got:
            if carer_id in parts:
                s.part = parts[carer_id]
                s.end = s.start + call.part_duration(s.part)
    for run in plan.runs:
        run.work_seconds = sum(s.end - s.start for s in run.stops)
