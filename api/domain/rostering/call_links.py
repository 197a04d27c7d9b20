"""What the client's weekly pattern says between calls and within a double-up, for the solver.

A client default may give a double-up's carers their own skills, length and arrival (its
``parts``) and tie a call to the client's call before it that day (``link_to_previous``: a least
and most gap between their starts, the same or a different carer). The day's calls carry them
into the Problem as :class:`~api.solver.Part` and :class:`~api.solver.Link`; a plan read back
from the database gets each carer's part again.
"""

from __future__ import annotations

from collections import defaultdict

from api.domain.tables import ClientDefault
from api.solver import Link, Part, Plan, Problem
from api.solver.model import DIFFERENT_CARERS, GAP, SAME_CARER


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
            link = (rules.get(v.get("client_default")) or {}).get("link_to_previous") or {}
            if not link:
                continue
            first, second = str(before["id"]), str(v["id"])
            lo, hi = link.get("min_gap_minutes") or 0, link.get("max_gap_minutes")
            if lo or hi is not None:
                out.append(Link(GAP, first, second, lo * 60, None if hi is None else hi * 60))
            if link.get("carer") == "same":
                out.append(Link(SAME_CARER, first, second))
            elif link.get("carer") == "different":
                out.append(Link(DIFFERENT_CARERS, first, second))
    return out


def assign_parts(problem: Problem, plan: Plan) -> None:
    """Give each carer of a double-up with parts their part again (the database keeps only their
    start): in order of arrival, the earliest part their skills allow; each stop's end follows."""
    calls = problem._calls_by_id()
    carers = problem._carers_by_id()
    stops = defaultdict(list)
    for run in plan.runs:
        for s in run.stops:
            call = calls.get(s.call_id)
            if call is not None and call.parts:
                stops[s.call_id].append((s.start, run.carer_id, s))
    for call_id, got in stops.items():
        call = calls[call_id]
        left = sorted(range(len(call.parts)), key=lambda r: call.parts[r].offset)
        for _, carer_id, s in sorted(got, key=lambda x: (x[0], x[1])):
            if not left:
                break
            have = set(carers[carer_id].skills) if carer_id in carers else set()
            r = next((r for r in left if set(call.part_skills(r)) <= have), left[0])
            left.remove(r)
            s.part = r
            s.end = s.start + call.part_duration(r)
    for run in plan.runs:
        run.work_seconds = sum(s.end - s.start for s in run.stops)
