"""The adapter between the database and the solver.

`build_problem` turns a date's calls, carers, leave, valid qualifications, client preferences
and recent history (for continuity) into a solver `Problem`; `current_plan` reads the working
allocation back as a solver `Plan`; `store_plan` writes a `Plan` as assignments, leaving locked
ones untouched. Solver ids are the database ids as strings; solver times are seconds from the
day's midnight, the database's are minutes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from api.domain.rostering.call_links import Planned, adjacent_day_links, assign_parts, links_of, parts_of, pattern_rules
from api.domain.rostering.part_lengths import length as part_length, part_lengths
from api.domain.shared.db import is_postgres, write_transaction
from api.domain.shared import audit
from api.domain.people.availability import carers_absent_on, skills_valid_on, standing_shifts
from api.domain.people.contract_hours import load_timeline
from api.domain.people.default_rota import load_rotas
from api.domain.setup import agency_settings
from api.domain.shared.choices import NIGHT_CALL_TYPES, CallType, call_kind
from api.domain.shared.common import minutes_to_hhmm, week_start
from api.domain.shared.locks import lock_visits
from api.domain.tables import (
    Assignment,
    Carer,
    Client,
    ClientCarerPreference,
    Visit,
)
from api.settings import get_settings
from api.solver import Call, Haversine, Osrm, Plan, Problem, Rules, Run, Shift, Stop, Weights
from api.solver import Carer as SolverCarer

ACTIVE_STATUSES = ("planned", "in_progress", "done")
STARTED_STATUSES = ("in_progress", "done")
CONTINUITY_LOOKBACK_DAYS = 28
REGULARS_PER_CLIENT = 3


@dataclass
class DayContext:
    """What the adapter read, kept to store or explain the plan later."""

    day: dt.date
    visit_versions: dict[int, int]
    locked: set[tuple[int, int]]  # (visit id, carer id)


@dataclass(frozen=True)
class WholeMinutes:
    """Travel rounded up to whole minutes. The database keeps times in minutes, so with every
    window, duration and journey a whole number of minutes the solver's start times are too,
    and a plan read back from the database passes the checker exactly as it was made."""

    inner: object

    def matrices(self, locations, mode):
        seconds, metres = self.inner.matrices(locations, mode)
        return [[-(-int(v) // 60) * 60 for v in row] for row in seconds], metres

    def to_dict(self):
        return self.inner.to_dict()


def travel_model():
    settings = get_settings()
    if settings.osrm_url:
        return WholeMinutes(Osrm(settings.osrm_url))
    s = settings.agency.speeds
    return WholeMinutes(Haversine(
        speeds_kmh={"car": s.car, "walk": s.walk, "bike": s.bike, "public": s.public},
        road_factor=s.road_factor,
    ))


def weekly_cap(legal_max: int, contracted: int, over_contract: int) -> int:
    """A carer's most minutes of work in the week: the working-time maximum, or their contracted
    minutes in force plus the agency's allowance over contract, whichever is lower (zero-hours
    carers: the maximum)."""
    return min(legal_max, contracted + over_contract) if contracted else legal_max


async def _minutes_worked(start: dt.date, end: dt.date) -> dict[int, int]:
    """Planned working minutes per carer between two dates inclusive: each call's length, or
    the carer's own part's on a double-up whose parts differ in length."""
    worked: Counter[int] = Counter()
    if end < start:
        return worked
    where = ((Assignment.visit.date >= start) & (Assignment.visit.date <= end)
             & (Assignment.visit.status != "cancelled"))
    rows = await Assignment.select(
        Assignment.carer, Assignment.visit.id.as_alias("visit_id"), Assignment.visit.duration_minutes.as_alias("minutes")
    ).where(where)
    lengths = await part_lengths(where)
    for r in rows:
        worked[r["carer"]] += part_length(lengths, r["visit_id"], r["carer"], r["minutes"])
    return worked


async def _regulars(day: dt.date) -> dict[int, set[int]]:
    """client id -> the carers who count as their regulars: explicit preferences plus the
    carers who visited them most over the last four weeks."""
    since = day - dt.timedelta(days=CONTINUITY_LOOKBACK_DAYS)
    counts: dict[int, Counter[int]] = defaultdict(Counter)
    rows = await Assignment.select(
        Assignment.carer, Assignment.visit.client.id.as_alias("client_id")
    ).where((Assignment.visit.date >= since) & (Assignment.visit.date < day))
    for r in rows:
        counts[r["client_id"]][r["carer"]] += 1
    regulars = {c: {k for k, _ in n.most_common(REGULARS_PER_CLIENT)} for c, n in counts.items()}
    for p in await ClientCarerPreference.select().where(ClientCarerPreference.kind == "preferred"):
        regulars.setdefault(p["client"], set()).add(p["carer"])
    return regulars


GOAL_SETTINGS = {  # solver weight -> agency setting (minutes of travel; hours: per hour away)
    "continuity": "goal_continuity_minutes",
    "preference": "goal_gender_minutes",
    "stability": "goal_stability_minutes",
    "hours": "goal_hours_minutes",
}


async def goal_weights() -> Weights:
    """The solver's weights with the agency's soft goals (settings in minutes of travel; the
    solver's unit is a second of travel, and its hours weight is per minute away)."""
    values = await agency_settings.get_many(*GOAL_SETTINGS.values())
    per = {"hours": 1}
    return Weights(**{w: int(values[key]) * per.get(w, 60) for w, key in GOAL_SETTINGS.items()})


async def build_problem(
    day: dt.date, extra_worked: dict[int, int] | None = None, last_night: dict[int, int] | None = None,
    day_before: Planned | None = None, next_day_in_draft: bool = False,
) -> tuple[Problem, DayContext]:
    """The solver's view of one date. `extra_worked` adds minutes already planned this week
    that are not in the database yet (a multi-day draft solved day by day); `last_night`, from
    such a draft of the day before (see `rest_after_plan`), replaces the stored day's rests, and
    `day_before` (see `call_links.planned_in`) its calls for links across midnight;
    `next_day_in_draft` says the draft re-plans the next day (its calls then do not bind this one)."""
    settings = get_settings().agency
    visits = await Visit.select().where(
        (Visit.date == day) & Visit.status.is_in(list(ACTIVE_STATUSES))
    ).output(load_json=True)
    clients = {c["id"]: c for c in await Client.select()}
    assigned: dict[int, list[dict]] = defaultdict(list)
    for a in await Assignment.select().where(Assignment.visit.is_in([v["id"] for v in visits] or [-1])):
        assigned[a["visit"]].append(a)

    calls = []
    locked: set[tuple[int, int]] = set()
    rules = await pattern_rules(visits)  # parts of double-ups and links between calls
    for v in visits:
        client = clients[v["client"]]
        current = tuple(sorted(str(a["carer"]) for a in assigned[v["id"]]))
        pinned = tuple(sorted(str(a["carer"]) for a in assigned[v["id"]] if a["locked"]))
        locked |= {(v["id"], a["carer"]) for a in assigned[v["id"]] if a["locked"]}
        started_at = None
        if v["status"] in STARTED_STATUSES and assigned[v["id"]]:
            # A call under way or done stays where it is, with whoever is doing it.
            pinned = current
            started_at = min(a["planned_start"] for a in assigned[v["id"]]) * 60
        calls.append(Call(
            id=str(v["id"]),
            client_id=str(v["client"]),
            location=(client["lat"], client["lon"]),
            earliest=v["window_start"] * 60,
            latest=v["window_end"] * 60,
            duration=v["duration_minutes"] * 60,
            carers_required=v["carers_required"],
            skills=tuple(v["required_skills"] or ()),
            pinned=pinned,
            current=current,
            started_at=started_at,
            gender_preference=None if client["gender_preference"] == "any" else client["gender_preference"],
            kind=call_kind(v["call_type"]),
            parts=parts_of(v, rules),
        ))

    standing = await standing_shifts(day)
    absent = await carers_absent_on(day)
    skills = await skills_valid_on(day)
    worked = await _minutes_worked(week_start(day), day - dt.timedelta(days=1))
    for carer_id, minutes in (extra_worked or {}).items():
        worked[carer_id] += minutes
    regulars = await _regulars(day)
    excluded: dict[int, set[int]] = defaultdict(set)
    for p in await ClientCarerPreference.select().where(ClientCarerPreference.kind == "excluded"):
        excluded[p["carer"]].add(p["client"])
    rotas = await load_rotas()  # working days a week in the default rota in force on the day
    rest = await _rest_minutes()
    rest_until = last_night if last_night is not None else await _rest_after_last_night(day, rest)

    contracts = await load_timeline()  # the hours in force on this day (a change of hours applies from its date)
    over_contract = round(float(await agency_settings.get("weekly_hours_over_contract")) * 60)

    carers = []
    for c in await Carer.select().where(Carer.active == True).output(load_json=True):  # noqa: E712
        shifts = sorted(standing.get(c["id"], []))
        if not shifts:
            continue
        working_days = max(1, len(rotas.weekdays(c["id"], day)) or 5)
        contracted = contracts.on(c["id"], day)
        carers.append(SolverCarer(
            id=str(c["id"]),
            shifts=tuple(Shift(s * 60, e * 60) for s, e in shifts),
            start_location=(c["home_lat"], c["home_lon"]),
            skills=tuple(sorted(skills.get(c["id"], set()))),
            transport=c["transport_mode"],
            gender=c["gender"],
            absent=c["id"] in absent,
            worked_week=worked.get(c["id"], 0) * 60,
            weekly_cap=weekly_cap(settings.max_weekly_minutes, contracted, over_contract) * 60,
            daily_cap=settings.max_daily_minutes * 60,
            target=math.ceil(contracted / working_days) * 60 if contracted else None,
            excluded_clients=tuple(str(x) for x in sorted(excluded.get(c["id"], ()))),
            preferred_clients=tuple(
                str(client_id) for client_id, regs in sorted(regulars.items()) if c["id"] in regs
            ),
            rest_until=rest_until[c["id"]] * 60 if c["id"] in rest_until else None,
        ))
    fixed, across = await adjacent_day_links(day, visits, rules, day_before, next_day_in_draft)
    problem = Problem(
        calls=calls,
        carers=carers,
        travel=travel_model(),
        rules=Rules(
            break_after=settings.break_after_minutes * 60,
            break_duration=settings.break_minutes * 60,
            max_lateness=settings.max_lateness_minutes * 60,
            rest_after_waking_night=rest[CallType.WAKING_NIGHT] * 60,
            rest_after_sleep_in=rest[CallType.SLEEP_IN] * 60,
        ),
        weights=await goal_weights(),
        links=links_of(visits, rules) + across,
        fixed=fixed,
    )
    context = DayContext(day=day, visit_versions={v["id"]: v["version"] for v in visits}, locked=locked)
    return problem, context


async def _rest_minutes() -> dict[str, int]:
    return {CallType.WAKING_NIGHT: int(await agency_settings.get("rest_after_waking_night_minutes")),
            CallType.SLEEP_IN: int(await agency_settings.get("rest_after_sleep_in_minutes"))}


async def _rest_after_last_night(day: dt.date, rest: dict[str, int]) -> dict[int, int]:
    """carer id -> minute of `day` before which they take no call: the end of a call of the day
    before that ran past midnight (a night, a late call), plus the rest after a night."""
    rows = await Assignment.select(
        Assignment.carer, Assignment.planned_start, Assignment.visit.duration_minutes.as_alias("minutes"),
        Assignment.visit.call_type.as_alias("call_type"),
    ).where((Assignment.visit.date == day - dt.timedelta(days=1))
            & Assignment.visit.status.is_in(list(ACTIVE_STATUSES)))
    out: dict[int, int] = {}
    for r in rows:
        end = r["planned_start"] + r["minutes"] - 24 * 60
        if end <= 0:
            continue
        free = end + (rest[r["call_type"]] if r["call_type"] in NIGHT_CALL_TYPES else 0)
        out[r["carer"]] = max(out.get(r["carer"], 0), free)
    return out


def rest_after_plan(problem: Problem, plan: Plan) -> dict[int, int]:
    """carer id -> minute of the next day before which they take no call, from a plan of a day
    (not stored yet): its calls that run past midnight, plus the rest after a night."""
    calls = problem._calls_by_id()
    out: dict[int, int] = {}
    for run in plan.runs:
        for stop in run.stops:
            call = calls.get(stop.call_id)
            end = stop.end - 24 * 3600
            if call is None or end <= 0:
                continue
            free = (end + problem.rest_after(call)) // 60
            out[int(run.carer_id)] = max(out.get(int(run.carer_id), 0), free)
    return out


async def current_plan(day: dt.date, problem: Problem) -> Plan:
    """The working allocation of a date as a solver Plan (for checks, cover and diffs)."""
    rows = await Assignment.select(
        Assignment.carer, Assignment.visit, Assignment.planned_start,
        Assignment.travel_minutes, Assignment.travel_metres,
        Assignment.visit.duration_minutes.as_alias("minutes"),
        Assignment.visit.client.id.as_alias("client_id"),
    ).where((Assignment.visit.date == day) & Assignment.visit.status.is_in(list(ACTIVE_STATUSES)))
    by_carer: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_carer[str(r["carer"])].append(r)
    carers = {c.id: c for c in problem.carers}
    runs = []
    for carer_id, stops in sorted(by_carer.items()):
        stops.sort(key=lambda r: r["planned_start"])
        carer = carers.get(carer_id)
        by_shift: dict[int, list[Stop]] = defaultdict(list)
        for r in stops:
            start = r["planned_start"] * 60
            shift = _shift_index(carer, start)
            by_shift[shift].append(Stop(
                call_id=str(r["visit"]), client_id=str(r["client_id"]), start=start,
                end=start + r["minutes"] * 60, travel_seconds=r["travel_minutes"] * 60,
                travel_metres=r["travel_metres"],
            ))
        for shift, run_stops in sorted(by_shift.items()):
            runs.append(Run(
                carer_id=carer_id, shift=shift, stops=run_stops,
                start=run_stops[0].start - run_stops[0].travel_seconds, end=run_stops[-1].end,
                travel_seconds=sum(s.travel_seconds for s in run_stops),
                travel_metres=sum(s.travel_metres for s in run_stops),
                work_seconds=sum(s.end - s.start for s in run_stops),
            ))
    plan = Plan(runs=runs)
    assign_parts(problem, plan)
    return plan


def _shift_index(carer: SolverCarer | None, start: int) -> int:
    if carer is None:
        return 0
    for i, shift in enumerate(carer.shifts):
        if shift.start <= start < shift.end:
            return i
    return min(range(len(carer.shifts)), key=lambda i: abs(carer.shifts[i].start - start), default=0)


async def store_plan(day: dt.date, plan: Plan, actor_id: int | None = None,
                     read_versions: dict[int, int] | None = None) -> dict:
    """Make a plan the working allocation of its date, in its own transaction (see store_day)."""
    async with write_transaction():
        return await store_day(day, plan, actor_id, read_versions)


async def store_day(day: dt.date, plan: Plan, actor_id: int | None = None,
                    read_versions: dict[int, int] | None = None) -> dict:
    """Make a plan the working allocation of its date. Call inside a write transaction.

    Locked assignments and calls already started are left exactly as they are. With
    `read_versions` (each call's version when the plan's job read it) a call changed since -
    moved, pinned, released, cancelled, or new - keeps what it has now: newer hand work is
    never overwritten. Those calls are returned under "skipped", each with why. A call whose
    carers or times change gets a new version, so a board still showing the old one gets 409.
    """
    if is_postgres():  # hold the day's calls first: a hand move waits, or went first
        await lock_visits([v["id"] for v in await Visit.select(Visit.id).where(Visit.date == day)])
    visits = await Visit.select(
        Visit.id, Visit.status, Visit.version, Visit.window_start, Visit.client.name.as_alias("client_name"),
    ).where(Visit.date == day)
    skipped = _changed_since(visits, read_versions)
    skip_ids = {s["visit_id"] for s in skipped}
    open_ids = [v["id"] for v in visits if v["status"] == "planned" and v["id"] not in skip_ids]
    existing = await Assignment.select().where(Assignment.visit.is_in(open_ids or [-1]))
    keep = {(a["visit"], a["carer"]) for a in existing if a["locked"]}
    before = sorted((a["visit"], a["carer"], a["planned_start"]) for a in existing)
    await Assignment.delete().where(
        Assignment.visit.is_in(open_ids or [-1]) & (Assignment.locked == False)  # noqa: E712
    )
    open_set = set(open_ids)
    new = []
    for run in plan.runs:
        for stop in run.stops:
            key = (int(stop.call_id), int(run.carer_id))
            if key[0] not in open_set or key in keep:
                continue
            new.append(Assignment(
                visit=key[0], carer=key[1], planned_start=stop.start // 60,
                travel_minutes=math.ceil(stop.travel_seconds / 60),
                travel_metres=stop.travel_metres,
            ))
    for i in range(0, len(new), 500):
        await Assignment.insert(*new[i : i + 500])
    after = sorted(
        (a["visit"], a["carer"], a["planned_start"])
        for a in await Assignment.select().where(Assignment.visit.is_in(open_ids or [-1]))
    )
    changed = _calls_changed(before, after)
    if changed:
        await Visit.update({Visit.version: Visit.version + 1}).where(Visit.id.is_in(sorted(changed)))
    await audit.record(
        actor_id, "assignment", day.isoformat(), "store_plan",
        {"assignments": before},
        {"assignments": after, "unallocated": len(plan.unallocated), "skipped": skipped},
    )
    return {"assigned": len(new), "kept_locked": len(keep), "unallocated": len(plan.unallocated),
            "skipped": skipped}


def _changed_since(visits: list[dict], read_versions: dict[int, int] | None) -> list[dict]:
    """The day's calls that changed after the job read them, with the planner's reason."""
    if read_versions is None:
        return []
    out = []
    for v in sorted(visits, key=lambda v: (v["window_start"], v["id"])):
        was = read_versions.get(v["id"])
        if was == v["version"]:
            continue
        if was is None:
            if v["status"] != "planned":
                continue  # cancelled before the job and never read: nothing to keep or report
            why = "added after the draft was made"
        elif v["status"] == "cancelled":
            why = "cancelled after the draft was made"
        elif v["status"] != "planned":
            why = "started after the draft was made"
        else:
            why = "changed by hand after the draft was made"
        out.append({"visit_id": v["id"], "client_name": v["client_name"],
                    "window_start": minutes_to_hhmm(v["window_start"]), "reason": why})
    return out


def _calls_changed(before: list[tuple], after: list[tuple]) -> set[int]:
    was: dict[int, set] = defaultdict(set)
    now: dict[int, set] = defaultdict(set)
    for visit, carer, start in before:
        was[visit].add((carer, start))
    for visit, carer, start in after:
        now[visit].add((carer, start))
    return {v for v in set(was) | set(now) if was[v] != now[v]}
