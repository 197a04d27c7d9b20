"""Warnings for a hand move: what would be wrong if this carer did this call at this time.

`warnings_for_move(visit_id, carer_id, start_minute)` is the one door the planner's board
uses before a move is confirmed. The proposed day goes through the solver's own checker, so a
hand move is judged by exactly the rules the optimiser keeps.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from api.domain.rostering.double_up_parts import moved_times
from api.domain.rostering.planner_words import Names, in_words
from api.domain.shared.common import not_found
from api.domain.tables import Carer, Client, Visit
from api.solver import Call, Plan, Problem, rule_names
from api.solver.travel import TravelTable


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
    rule_names.NIGHT_REST: ("night_rest", "Rest after a night"),
    rule_names.LINKED_GAP: ("gap_between_calls", "Gap between calls"),
    rule_names.SAME_CARER: ("same_carer_needed", "Same carer needed"),
    rule_names.DIFFERENT_CARERS: ("different_carers_needed", "Different carers needed"),
}
IGNORED_RULES = (rule_names.CARERS_REQUIRED, rule_names.UNKNOWN_IDS)  # a preview concerns one carer's part


async def warnings_for_move(
    visit_id: int, carer_id: int | None, start_minute: int, from_carer_id: int | None = None
) -> list[MoveWarning]:
    """Everything a planner should know before `carer_id` does call `visit_id`, taking over
    from `from_carer_id` when given (None: the call keeps its carers and only its time changes).
    `start_minute` (minutes from midnight on the call's date) is when the named carer -
    `carer_id`, else `from_carer_id` - arrives; with nobody named, the call's start. Every carer
    of a double-up keeps their part's offset from the call's start. The proposed day goes
    through the solver's own checker; only the problems the move would add are returned. An
    empty list means no rule is broken."""
    from api.domain.rostering.planning import build_problem, current_plan
    from api.solver.check import problem_table

    visit = await Visit.select().where(Visit.id == visit_id).first()
    if visit is None:
        raise not_found("call", visit_id)
    day: dt.date = visit["date"]
    carer = None
    if carer_id is not None:
        carer = await Carer.select().where(Carer.id == carer_id).first()
        if carer is None:
            raise not_found("carer", carer_id)
        if not carer["active"]:
            return [MoveWarning("inactive_carer", f"{carer['name']} is no longer active")]

    problem, _ = await build_problem(day)
    call = next((c for c in problem.calls if c.id == str(visit_id)), None)
    if carer is not None and not any(c.id == str(carer_id) for c in problem.carers):
        return [MoveWarning("off_shift", f"{carer['name']} is not working on {day:%a %d %b}")]
    if call is None:
        return [MoveWarning("started", "this call is no longer open for planning")]
    before = await current_plan(day, problem)
    names = await names_for(problem)
    # a carer staying on the call, re-timed with it, who no longer works that day
    working = {c.id for c in problem.carers} | {str(from_carer_id)}
    off = [MoveWarning("off_shift", f"{names.carer(r.carer_id)} is not working on {day:%a %d %b}")
           for r in before.runs if r.carer_id not in working and any(s.call_id == call.id for s in r.stops)]
    return off + move_warnings(problem, before, problem_table(problem), call,
                               None if carer_id is None else str(carer_id),
                               None if from_carer_id is None else str(from_carer_id), start_minute * 60, names)


async def names_for(problem: Problem) -> Names:
    """The names of the carers and clients of a solver problem (one query each)."""
    carers = {str(c["id"]): c["name"] for c in await Carer.select(Carer.id, Carer.name)}
    client_ids = sorted({int(c.client_id) for c in problem.calls})
    clients = {str(c["id"]): c["name"] for c in await Client.select(Client.id, Client.name).where(
        Client.id.is_in(client_ids or [-1]))}
    return Names(carers, clients)


def move_warnings(problem: Problem, before: Plan, table: TravelTable, call: Call, to_carer: str | None,
                  from_carer: str | None, start: int, names: Names) -> list[MoveWarning]:
    """The warnings of one move, judged by the solver's checker against the plan `before`
    (start in seconds from midnight: see `warnings_for_move`). Only the runs the move touches
    are checked: every rule but those about a call's carers concerns one carer's day, so this
    is exact, and fast enough to ask for every carer at once ("Who can take this?")."""
    from api.solver import check

    proposed = _with_move(before, problem, call, to_carer, from_carer, start)
    involved = {r.carer_id for r in proposed.runs for st in r.stops if st.call_id == call.id}
    involved |= {c for c in (to_carer, from_carer) if c is not None}
    # a call linked to this one (a gap, the same or different carers) brings its carers' runs
    linked = {x.first if x.second == call.id else x.second for x in problem.links if call.id in (x.first, x.second)}
    involved |= {r.carer_id for r in before.runs for st in r.stops if st.call_id in linked}

    def only(plan: Plan) -> Plan:
        return Plan(runs=[r for r in plan.runs if r.carer_id in involved])

    def key(v):
        return (v.rule, v.call_id, v.carer_id)

    existing = {key(v) for v in check(problem, only(before), table)}
    out: list[MoveWarning] = []
    for v in check(problem, only(proposed), table):
        if v.rule in IGNORED_RULES or key(v) in existing:
            continue
        if v.call_id != call.id and v.other_call_id != call.id and v.carer_id not in involved:
            continue
        code, label = RULE_CODES.get(v.rule, (v.rule, v.rule.replace("_", " ").capitalize()))
        out.append(MoveWarning(code, f"{label}: {in_words(v, problem, proposed, names)}"))
    return out


def _with_move(plan: Plan, problem: Problem, call: Call, to_carer: str | None, from_carer: str | None,
               start: int) -> Plan:
    """A copy of the plan with the call done by `to_carer` (see `warnings_for_move`): every
    carer of the call re-timed with it, each at their part's offset and for their part's length,
    as a double-up must keep together."""
    from api.domain.rostering.planning import _shift_index
    from api.solver import Run, Stop

    arrivals = {r.carer_id: st.start for r in plan.runs for st in r.stops if st.call_id == call.id}
    carers = problem._carers_by_id()
    skills = {c.id: set(c.skills) for c in problem.carers}
    moved = moved_times(call, arrivals, skills, to_carer, from_carer, start)
    runs = [Run(run.carer_id, run.shift, [st for st in run.stops if st.call_id != call.id], run.start, run.end,
                run.travel_seconds, run.travel_metres, 0) for run in plan.runs]
    for carer_id, at in moved.starts.items():
        part = moved.parts[carer_id]
        shift = _shift_index(carers.get(carer_id), at)
        target = next((r for r in runs if r.carer_id == carer_id and r.shift == shift), None)
        if target is None:
            target = Run(carer_id, shift, [], at, at, 0, 0, 0)
            runs.append(target)
        target.stops.append(Stop(call.id, call.client_id, at, at + call.part_duration(part), 0, 0, part=part))
        target.stops.sort(key=lambda x: x.start)
    for run in runs:
        run.work_seconds = sum(x.end - x.start for x in run.stops)
    return type(plan)(runs=[r for r in runs if r.stops])
