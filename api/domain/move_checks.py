"""Warnings for a hand move: what would be wrong if this carer did this call at this time.

`warnings_for_move(visit_id, carer_id, start_minute)` is the one door the planner's board
uses before a move is confirmed. Its internals are a small stand-alone checker; the solver's
checker can replace them later without the routes or the board noticing.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import msgspec

from api.domain.availability import carers_absent_on, shifts_on, skills_valid_on
from api.domain.common import minutes_to_hhmm, not_found
from api.domain.tables import Assignment, Carer, Client, ClientCarerPreference, Visit
from api.settings import get_settings


class MoveWarning(msgspec.Struct):
    code: str  # skill_missing | overlap | travel_tight | over_daily_hours | over_weekly_hours
    #            | excluded_carer | carer_absent | off_shift | outside_window | inactive_carer
    message: str


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2
    ) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def travel_minutes(a: tuple[float, float], b: tuple[float, float], mode: str) -> int:
    """Door-to-door minutes: great-circle distance x road factor at the agency's speed."""
    speeds = get_settings().agency.speeds
    km = km_between(a, b) * speeds.road_factor
    return math.ceil(km / speeds.for_mode(mode) * 60)


async def _carer_calls(carer_id: int, start: dt.date, end: dt.date, skip_visit: int) -> list[dict]:
    rows = await Assignment.select(
        Assignment.planned_start,
        Assignment.visit.id.as_alias("visit_id"),
        Assignment.visit.date.as_alias("date"),
        Assignment.visit.duration_minutes.as_alias("duration"),
        Assignment.visit.client.name.as_alias("client_name"),
        Assignment.visit.client.lat.as_alias("lat"),
        Assignment.visit.client.lon.as_alias("lon"),
    ).where(
        (Assignment.carer == carer_id)
        & (Assignment.visit.date >= start)
        & (Assignment.visit.date <= end)
        & (Assignment.visit.status != "cancelled")
        & (Assignment.visit != skip_visit)
    )
    return rows


# The solver checker's rules, in the codes and words the board shows.
RULE_CODES = {
    "skills": ("skill_missing", "Skill missing"),
    "no_overlap": ("overlap", "Overlap"),
    "travel_time": ("travel_tight", "Travel too tight"),
    "daily_cap": ("over_daily_hours", "Over daily hours"),
    "weekly_cap": ("over_weekly_hours", "Over weekly hours"),
    "exclusions": ("excluded_carer", "Excluded by the client"),
    "absence": ("carer_absent", "Carer absent"),
    "shift_window": ("off_shift", "Outside the carer's shift"),
    "time_window": ("outside_window", "Outside the call's window"),
    "breaks": ("no_break", "No break"),
    "double_up_together": ("double_up_apart", "Double-up carers apart"),
    "pinned": ("pinned", "Pinned call"),
    "started": ("started", "Call already started"),
    "duration": ("duration", "Duration"),
}
IGNORED_RULES = ("carers_required", "unknown_ids")  # a preview concerns one carer's part


async def warnings_for_move(
    visit_id: int, carer_id: int, start_minute: int, from_carer_id: int | None = None
) -> list[MoveWarning]:
    """Everything a planner should know before `carer_id` does call `visit_id` at
    `start_minute` (minutes from midnight on the call's date), taking over from
    `from_carer_id` when given. The proposed day goes through the solver's own checker; only
    the problems the move would add are returned. An empty list means no rule is broken."""
    from api.domain.planning import build_problem, current_plan
    from api.solver import check
    from api.solver.check import problem_table

    visit = await Visit.select().where(Visit.id == visit_id).first()
    if visit is None:
        raise not_found("call", visit_id)
    carer = await Carer.select().where(Carer.id == carer_id).first()
    if carer is None:
        raise not_found("carer", carer_id)
    client = await Client.select().where(Client.id == visit["client"]).first()
    day: dt.date = visit["date"]
    if not carer["active"]:
        return [MoveWarning("inactive_carer", f"{carer['name']} is no longer active")]

    problem, _ = await build_problem(day)
    solver_carer = next((c for c in problem.carers if c.id == str(carer_id)), None)
    call = next((c for c in problem.calls if c.id == str(visit_id)), None)
    if solver_carer is None:
        return [MoveWarning("off_shift", f"{carer['name']} is not working on {day:%a %d %b}")]
    if call is None:
        return [MoveWarning("started", "this call is no longer open for planning")]
    table = problem_table(problem)
    before = await current_plan(day, problem)
    proposed = _with_move(before, problem, call, str(carer_id),
                          None if from_carer_id is None else str(from_carer_id), start_minute * 60)

    def key(v):
        return (v.rule, v.call_id, v.carer_id)

    existing = {key(v) for v in check(problem, before, table)}
    involved = {str(carer_id)} | {r.carer_id for r in proposed.runs for st in r.stops if st.call_id == call.id}
    names = {str(c["id"]): c["name"] for c in await Carer.select(Carer.id, Carer.name)}
    out: list[MoveWarning] = []
    for v in check(problem, proposed, table):
        if v.rule in IGNORED_RULES or key(v) in existing:
            continue
        if v.call_id != call.id and v.carer_id not in involved:
            continue
        code, label = RULE_CODES.get(v.rule, (v.rule, v.rule.replace("_", " ").capitalize()))
        out.append(MoveWarning(code, f"{label}: {_words(v, names, call.id, client['name'])}"))
    return out


def _words(v, names: dict[str, str], call_id: str, client_name: str) -> str:
    """The checker's message with ids turned into names."""
    text = v.message
    if v.carer_id and v.carer_id in names:
        text = re.sub(rf"^\b{re.escape(v.carer_id)}\b", names[v.carer_id], text)
    text = re.sub(rf"\b{re.escape(call_id)}\b", f"the call at {client_name}", text)
    return text


def _with_move(plan, problem, call, to_carer: str, from_carer: str | None, start: int):
    """A copy of the plan with the call done by `to_carer` at `start` (its other carers move
    in time with it, as a double-up must start together)."""
    from api.domain.planning import _shift_index
    from api.solver import Run, Stop

    runs = []
    for run in plan.runs:
        stops = []
        for st in run.stops:
            if st.call_id == call.id:
                if run.carer_id in (to_carer, from_carer):
                    continue
                st = Stop(st.call_id, st.client_id, start, start + call.duration, st.travel_seconds, st.travel_metres)
            stops.append(st)
        runs.append(Run(run.carer_id, run.shift, stops, run.start, run.end, run.travel_seconds,
                        run.travel_metres, sum(x.end - x.start for x in stops)))
    carer = problem.carer(to_carer)
    shift = _shift_index(carer, start)
    target = next((r for r in runs if r.carer_id == to_carer and r.shift == shift), None)
    if target is None:
        target = Run(to_carer, shift, [], start, start, 0, 0, 0)
        runs.append(target)
    target.stops.append(Stop(call.id, call.client_id, start, start + call.duration, 0, 0))
    target.stops.sort(key=lambda x: x.start)
    target.work_seconds = sum(x.end - x.start for x in target.stops)
    plan = type(plan)(runs=[r for r in runs if r.stops])
    return plan


def _is_neighbour(run: list[dict], other: dict, minute: int, before: bool) -> bool:
    """Only the call right before (or right after) the moved one needs the travel check."""
    if before:
        earlier = [c for c in run if c["planned_start"] + c["duration"] <= minute]
        return bool(earlier) and earlier[-1] is other
    later = [c for c in run if c["planned_start"] >= minute]
    return bool(later) and later[0] is other


def _hours(minutes: int) -> str:
    return f"{minutes // 60}h{minutes % 60:02d}"
