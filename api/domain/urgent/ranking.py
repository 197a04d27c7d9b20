"""Who can be there soonest: each carer who may go, with when they could arrive from where they
are now and what going does to the rest of their run.

Built on the solver's own parts: the day's problem and working plan (planning.build_problem /
current_plan), its travel model and table, and its checker's rules for skills, exclusions and
absence, so an urgent call is judged by the same rules as every planned one.

Where a carer is now: at the call they checked in to and have not left (free when its planned
length is up), else at the last call they checked out of; with nothing recorded today, where
their working plan puts them (at a call under way or just done); else at home. A carer off
shift counts only when on tonight's out-of-hours team.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from api.domain.people.availability import carers_absent_on, skills_valid_on
from api.domain.rostering.planning import build_problem, current_plan
from api.domain.setup import agency_settings
from api.domain.shared.common import agency_zone, minutes_to_hhmm
from api.domain.tables import Carer, Client, ClientCarerPreference, OutOfHoursShift, Visit, VisitLog
from api.solver import Call, Plan, Problem, Run, Shift, Stop
from api.solver import Carer as SolverCarer
from api.solver.check import Context, absence, exclusions, skills
from api.solver.travel import TravelTable

URGENT_ID = "urgent"
LATE_WEIGHT = 2  # a minute made late on someone else's call counts twice a minute of arrival
HANDOVER_COST = 30  # minutes: a call that must be handed on costs the office a re-plan
OFF_SHIFT_COST = 10  # minutes: prefer a carer already working to calling one in


@dataclass
class LateCall:
    visit_id: int
    client_name: str
    planned_start: str
    new_start: str
    minutes_late: int  # past the latest start of its window
    hand_over: bool  # later than the agency allows: propose it for another carer


@dataclass
class Candidate:
    carer_id: int
    name: str
    eta: str  # clock time at the door
    eta_minutes: int  # from now
    travel_minutes: int
    from_where: str
    on_shift: bool
    out_of_hours: bool
    late_calls: list[LateCall] = field(default_factory=list)
    score: int = 0


@dataclass
class CannotGo:
    carer_id: int
    name: str
    reason: str


@dataclass
class Ranking:
    now: str
    candidates: list[Candidate]
    cannot_go: list[CannotGo]


def _num(solver_id: str):
    """The database id behind a solver id (the benchmark's generated days use names)."""
    return int(solver_id) if solver_id.isdigit() else solver_id


def _now_local(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(agency_zone())


def _minute_of(moment: dt.datetime) -> int:
    local = moment.astimezone(agency_zone())
    return local.hour * 60 + local.minute


async def out_of_hours_carers(day: dt.date, now_minute: int) -> set[int]:
    """Carers on the out-of-hours team now: tonight's, or last night's before it ends."""
    ends = await agency_settings.get("out_of_hours_ends")
    end_minute = int(ends[:2]) * 60 + int(ends[3:])
    nights = [day] + ([day - dt.timedelta(days=1)] if now_minute < end_minute else [])
    rows = await OutOfHoursShift.select(OutOfHoursShift.carer).where(
        OutOfHoursShift.date.is_in(nights) & (OutOfHoursShift.role == "carer")
        & OutOfHoursShift.carer.is_not_null())
    return {r["carer"] for r in rows}


async def _extra_carers(ids: set[int], day: dt.date) -> list[SolverCarer]:
    """Out-of-hours carers with no rota today, as the solver sees carers (skills valid today,
    exclusions, absence), with the rest of the day as their shift."""
    if not ids:
        return []
    valid = await skills_valid_on(day)
    absent = await carers_absent_on(day)
    excluded: dict[int, set[str]] = {}
    for p in await ClientCarerPreference.select().where(
            (ClientCarerPreference.kind == "excluded") & ClientCarerPreference.carer.is_in(list(ids))):
        excluded.setdefault(p["carer"], set()).add(str(p["client"]))
    out = []
    for c in await Carer.select().where(Carer.id.is_in(list(ids)) & (Carer.active == True)):  # noqa: E712
        out.append(SolverCarer(
            id=str(c["id"]), shifts=(Shift(0, 24 * 3600),), start_location=(c["home_lat"], c["home_lon"]),
            skills=tuple(sorted(valid.get(c["id"], set()))), transport=c["transport_mode"],
            gender=c["gender"], absent=c["id"] in absent,
            excluded_clients=tuple(sorted(excluded.get(c["id"], ())))))
    return out


def _refusals(problem: Problem, call: Call, carer: SolverCarer, start: int) -> list[str]:
    """The checker's word on this carer taking the urgent call (skills, exclusions, absence)."""
    alone = Problem(calls=[call], carers=[carer], travel=problem.travel, rules=problem.rules)
    stop = Stop(call.id, call.client_id, start, start + call.duration, 0, 0)
    plan = Plan(runs=[Run(carer.id, 0, [stop], start, start + call.duration, 0, 0, call.duration)])
    ctx = Context(alone, plan, TravelTable(problem.travel, [call.location, carer.start_location]))
    words = []
    for violation in absence(ctx) + skills(ctx) + exclusions(ctx):
        if violation.rule == "absence":
            words.append("on leave or off sick today")
        elif violation.rule == "skills":
            missing = sorted(set(call.skills) - set(carer.skills))
            words.append(f"does not hold {', '.join(missing)} (valid today)")
        else:
            words.append("the client has asked for this carer not to visit")
    return words


async def _last_logs(carer_ids: list[int], day: dt.date) -> dict[int, dict]:
    """Each carer's latest check-in or check-out today, with the call's place and length."""
    rows = await VisitLog.select(
        VisitLog.carer, VisitLog.kind, VisitLog.server_time, VisitLog.visit,
        VisitLog.visit.duration_minutes.as_alias("duration"),
        VisitLog.visit.client.lat.as_alias("lat"), VisitLog.visit.client.lon.as_alias("lon"),
        VisitLog.visit.client.name.as_alias("client_name"),
    ).where(VisitLog.carer.is_in(carer_ids or [-1]) & (VisitLog.visit.date == day)
            & VisitLog.kind.is_in(["check_in", "check_out"])).order_by(VisitLog.server_time)
    last: dict[int, dict] = {}
    for r in rows:
        last[r["carer"]] = r
    return last


def _position(run: Run | None, calls: dict[str, Call], names: dict[str, str], log: dict | None,
              home, now_s: int) -> tuple[tuple[float, float], int, str, int]:
    """(place, free from (seconds), in words, index of the first stop still to do)."""
    stops = run.stops if run else []
    if log is not None:
        visit = str(log["visit"])
        done_index = next((i + 1 for i, s in enumerate(stops) if s.call_id == visit), 0)
        at = (log["lat"], log["lon"])
        if log["kind"] == "check_in":
            began = _minute_of(log["server_time"]) * 60
            free = max(now_s, began + log["duration"] * 60)
            return at, free, f"at {log['client_name']}'s (checked in, free at {minutes_to_hhmm(free // 60)})", done_index
        return at, now_s, f"left {log['client_name']}'s at {minutes_to_hhmm(_minute_of(log['server_time']))}", done_index
    started = [i for i, s in enumerate(stops) if s.start <= now_s]
    if started:
        i = started[-1]
        stop = stops[i]
        free = max(now_s, stop.end)
        when = f"due to finish {minutes_to_hhmm(stop.end // 60)}" if stop.end > now_s else "call done"
        return calls[stop.call_id].location, free, f"at {names.get(stop.client_id, 'a client')}'s ({when})", i + 1
    return home, now_s, "from home", 0


def _impact(run: Run | None, first: int, calls: dict[str, Call], names: dict[str, str],
            table: TravelTable, mode: str, place, ready: int,
            handover_s: int) -> list[LateCall]:
    """Walk the rest of the run from the urgent call: which calls start after their window."""
    late = []
    t, where = ready, place
    for stop in (run.stops[first:] if run else []):
        call = calls[stop.call_id]
        arrive = t + table.seconds(mode, where, call.location)
        start = max(arrive, stop.start)
        if start > call.latest:
            over = start - call.latest
            late.append(LateCall(_num(stop.call_id), names.get(call.client_id, "a client"),
                                 minutes_to_hhmm(stop.start // 60), minutes_to_hhmm(start // 60),
                                 -(-over // 60), over > handover_s))
        t, where = start + call.duration, call.location
    return late


@dataclass
class Day:
    """What the ranking reads of a day: the solver's problem and working plan, who is on the
    out-of-hours team, names, and what carers recorded so far."""

    problem: Problem
    plan: Plan
    extra_carers: list[SolverCarer]
    out_of_hours: set[int]
    client_names: dict[str, str]
    carer_names: dict[str, str]
    last_logs: dict[int, dict]
    done_calls: set[int]
    handover_s: int


def urgent_call(request: dict, now_s: int) -> Call:
    return Call(
        id=URGENT_ID, client_id=str(request["client"] or "new"), location=(request["lat"], request["lon"]),
        earliest=now_s, latest=now_s + request["respond_within_minutes"] * 60,
        duration=request["duration_minutes"] * 60, skills=tuple(request["required_skills"] or ()))


async def load_day(request: dict, day: dt.date, now_s: int) -> Day:
    problem, _ = await build_problem(day)
    plan = await current_plan(day, problem)
    ooh = await out_of_hours_carers(day, now_s // 60)
    planned = {c.id for c in problem.carers}
    extra = await _extra_carers({i for i in ooh if str(i) not in planned}, day)
    client_ids = {int(c.client_id) for c in problem.calls}
    names = {str(r["id"]): r["name"] for r in await Client.select(Client.id, Client.name).where(
        Client.id.is_in(list(client_ids) or [-1]))}
    carer_names = {str(r["id"]): r["name"] for r in await Carer.select(Carer.id, Carer.name)}
    logs = await _last_logs([int(c.id) for c in list(problem.carers) + extra], day)
    done = {v["id"] for v in await Visit.select(Visit.id).where((Visit.date == day) & (Visit.status == "done"))}
    handover_s = int(await agency_settings.get("urgent_handover_minutes")) * 60
    return Day(problem, plan, extra, ooh, names, carer_names, logs, done, handover_s)


async def rank(request: dict, now: dt.datetime | None = None) -> Ranking:
    """Carers who could go to an urgent request, soonest and least harmful first."""
    local = _now_local(now)
    now_s = (local.hour * 60 + local.minute) * 60
    return rank_day(await load_day(request, local.date(), now_s), urgent_call(request, now_s), now_s)


def rank_day(day: Day, call: Call, now_s: int) -> Ranking:
    """The ranking itself, on what `load_day` read (no database: the benchmark times it alone)."""
    problem, plan = day.problem, day.plan
    planned = {c.id for c in problem.carers}
    calls = {c.id: c for c in problem.calls}
    candidates, cannot = [], []
    for carer in list(problem.carers) + day.extra_carers:
        name = day.carer_names.get(carer.id, carer.id)
        refusals = _refusals(problem, call, carer, now_s)
        on_shift = any(s.start <= now_s < s.end for s in carer.shifts) and carer.id in planned
        runs = sorted((r for r in plan.runs if r.carer_id == carer.id), key=lambda r: r.start)
        run = next((r for r in runs if r.end > now_s), runs[-1] if runs else None)
        out_of_hours = _num(carer.id) in day.out_of_hours
        if not on_shift and not out_of_hours and not (run and run.end > now_s):
            refusals.append("off shift and not on the out-of-hours team")
        if refusals:
            cannot.append(CannotGo(_num(carer.id), name, "; ".join(refusals)))
            continue
        place, free, words, first = _position(run, calls, day.client_names, day.last_logs.get(_num(carer.id)),
                                              carer.start_location, now_s)
        if run:  # calls recorded as done are behind them whatever the plan says
            while first < len(run.stops) and _num(run.stops[first].call_id) in day.done_calls:
                first += 1
        ahead = run.stops[first:] if run else []
        # a table over just this carer's places: one over the whole day costs seconds on a big one
        table = TravelTable(problem.travel, [place, call.location] + [calls[s.call_id].location for s in ahead])
        travel = table.seconds(carer.transport, place, call.location)
        arrive = free + travel
        late = _impact(run, first, calls, day.client_names, table, carer.transport, call.location,
                       arrive + call.duration, day.handover_s)
        eta_minutes = -(-(arrive - now_s) // 60)
        score = (eta_minutes + LATE_WEIGHT * sum(c.minutes_late for c in late)
                 + HANDOVER_COST * sum(c.hand_over for c in late) + (0 if on_shift else OFF_SHIFT_COST))
        candidates.append(Candidate(
            _num(carer.id), name, minutes_to_hhmm(min(arrive // 60, 24 * 60 - 1)), eta_minutes,
            -(-travel // 60), words, on_shift, out_of_hours, late, score))
    candidates.sort(key=lambda c: (c.score, c.eta_minutes, c.name))
    cannot.sort(key=lambda c: c.name)
    return Ranking(minutes_to_hhmm(now_s // 60), candidates, cannot)
