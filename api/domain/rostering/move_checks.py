"""Warnings for a hand move: what would be wrong if this carer did this call at this time.

`warnings_for_move(visit_id, carer_id, start_minute)` is the one door the planner's board
uses before a move is confirmed. The proposed day goes through the solver's own checker, so a
hand move is judged by exactly the rules the optimiser keeps.
"""

from __future__ import annotations

import datetime as dt
import re

import msgspec

from api.domain.shared.common import not_found
from api.domain.tables import Carer, Client, Visit
from api.solver import rule_names


class MoveWarning(msgspec.Struct):
    code: str  # skill_missing | overlap | travel_tight | over_daily_hours | over_weekly_hours
    #            | excluded_carer | carer_absent | off_shift | outside_window | inactive_carer
    message: str


def travel_minutes(a: tuple[float, float], b: tuple[float, float], mode: str) -> int:
    """Door-to-door minutes between two places, as the solver estimates them."""
    from api.domain.rostering.planning import travel_model

    seconds, _ = travel_model().matrices([a, b], mode)
    return seconds[0][1] // 60


# The solver checker's rules, in the codes and words the board shows.
RULE_CODES = {
    rule_names.SKILLS: ("skill_missing", "Skill missing"),
    rule_names.NO_OVERLAP: ("overlap", "Overlap"),
    rule_names.TRAVEL_TIME: ("travel_tight", "Travel too tight"),
    rule_names.DAILY_CAP: ("over_daily_hours", "Over daily hours"),
    rule_names.WEEKLY_CAP: ("over_weekly_hours", "Over weekly hours"),
    rule_names.EXCLUSIONS: ("excluded_carer", "Excluded by the client"),
    rule_names.ABSENCE: ("carer_absent", "Carer absent"),
    rule_names.SHIFT_WINDOW: ("off_shift", "Outside the carer's shift"),
    rule_names.TIME_WINDOW: ("outside_window", "Outside the call's window"),
    rule_names.BREAKS: ("no_break", "No break"),
    rule_names.DOUBLE_UP_TOGETHER: ("double_up_apart", "Double-up carers apart"),
    rule_names.PINNED: ("pinned", "Pinned call"),
    rule_names.STARTED: ("started", "Call already started"),
    rule_names.DURATION: ("duration", "Duration"),
}
IGNORED_RULES = (rule_names.CARERS_REQUIRED, rule_names.UNKNOWN_IDS)  # a preview concerns one carer's part


async def warnings_for_move(
    visit_id: int, carer_id: int, start_minute: int, from_carer_id: int | None = None
) -> list[MoveWarning]:
    """Everything a planner should know before `carer_id` does call `visit_id` at
    `start_minute` (minutes from midnight on the call's date), taking over from
    `from_carer_id` when given. The proposed day goes through the solver's own checker; only
    the problems the move would add are returned. An empty list means no rule is broken."""
    from api.domain.rostering.planning import build_problem, current_plan
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
    from api.domain.rostering.planning import _shift_index
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
    return type(plan)(runs=[r for r in runs if r.stops])


