"""The planner's day board: the day's totals, carers as rows with their runs and the travel
before each call, and the calls still short of carers (a read model: nothing here changes a
call). Built for agency scale: a fixed handful of queries, one travel computation per request
off the event loop, and no unallocated reasons (the explainer reads the whole day; the board
asks for them separately, GET /calls/uncovered)."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict

import msgspec

from api.domain.people.availability import carers_absent_on, shifts_on
from api.domain.shared.choices import NIGHT_CALL_TYPES
from api.domain.rostering.board_travel import legs_of_runs
from api.domain.rostering.carer_view import shown_on
from api.domain.rostering.part_lengths import length as part_length, part_lengths
from api.domain.rostering.unallocated import unallocated_reasons
from api.domain.shared.common import hhmm_to_minutes, minutes_to_hhmm, not_found
from api.domain.tables import Assignment, Carer, Visit, VisitLog
from api.settings import get_settings


class CallOut(msgspec.Struct):
    id: int
    version: int
    client_id: int
    client_name: str
    town: str
    lat: float
    lon: float
    date: dt.date
    window_start: str
    window_end: str
    duration_minutes: int
    carers_required: int
    required_skills: list[str]
    tasks: list[str]
    call_type: str
    status: str
    changed_by_hand: bool
    assignments: list[dict]  # [{carer_id, planned_start, locked}]
    reason: str = ""  # why it is (partly) unallocated
    differs_from_published: bool = False  # its carers or times differ from what carers see (carer_view)


class BoardCall(msgspec.Struct, omit_defaults=True):
    """One carer's part of a call on the board: what a block, its dialog and the map need (the
    carer's phone reads the full call elsewhere). Defaults are left out of the JSON: a board
    at agency scale has more than a thousand of these."""

    visit_id: int
    visit_version: int
    client_id: int
    client_name: str
    address: str
    town: str
    lat: float
    lon: float
    planned_start: str
    window_start: str
    window_end: str
    duration_minutes: int
    differs_from_published: bool  # its carer or time differs from what carers see (carer_view)
    travel_minutes: int = 0  # the journey to this call (from home for the first)
    free_minutes: int | None = None  # time between the call before and this one
    carers_required: int = 1
    required_skills: list[str] = []
    status: str = "planned"
    locked: bool = False
    late: bool = False  # planned after its window closes or, today, not checked in in time
    co_carer_ids: list[int] = []
    call_type: str = ""  # a sleep_in or waking_night is drawn as a night running off the board


class BoardCarer(msgspec.Struct):
    id: int
    name: str
    transport_mode: str
    home_lat: float
    home_lon: float
    skills: list[str]
    shifts: list[dict]  # [{start, end}]
    absent: bool
    calls: list[BoardCall]


class DayTotals(msgspec.Struct):
    calls: int  # calls on the day, not cancelled
    care_hours: float  # planned carer hours at calls (a double-up counts twice)
    travel_hours: float  # planned travel between calls, from home to the first
    unallocated: int  # calls with fewer carers than they need


class DayBoard(msgspec.Struct):
    date: dt.date
    totals: DayTotals
    carers: list[BoardCarer]
    # Calls short of carers. Their reasons are worked out on demand (GET /calls/uncovered):
    # the explainer reads the whole day, which a board load should not wait for.
    unallocated: list[CallOut]


async def _call_rows(where) -> list[dict]:
    return await Visit.select(
        *Visit.all_columns(),
        Visit.client.name.as_alias("client_name"),
        Visit.client.town.as_alias("town"),
        Visit.client.lat.as_alias("lat"),
        Visit.client.lon.as_alias("lon"),
    ).where(where).output(load_json=True).order_by(Visit.window_start)


async def _assignments_of(visit_ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {v: [] for v in visit_ids}
    if visit_ids:
        for a in await Assignment.select().where(Assignment.visit.is_in(visit_ids)).order_by(Assignment.id):
            out[a["visit"]].append(
                {"carer_id": a["carer"], "planned_start": minutes_to_hhmm(a["planned_start"]), "locked": a["locked"]}
            )
    return out


def _call_out(row: dict, assignments: list[dict], reason: str = "") -> CallOut:
    return CallOut(
        id=row["id"], version=row["version"], client_id=row["client"], client_name=row["client_name"],
        town=row["town"], lat=row["lat"], lon=row["lon"], date=row["date"],
        window_start=minutes_to_hhmm(row["window_start"]), window_end=minutes_to_hhmm(row["window_end"]),
        duration_minutes=row["duration_minutes"], carers_required=row["carers_required"],
        required_skills=list(row["required_skills"] or []), tasks=list(row["tasks"] or []),
        call_type=row["call_type"], status=row["status"], changed_by_hand=row["changed_by_hand"],
        assignments=assignments, reason=reason,
    )


async def get_call(visit_id: int) -> CallOut:
    rows = await _call_rows(Visit.id == visit_id)
    if not rows:
        raise not_found("call", visit_id)
    return _call_out(rows[0], (await _assignments_of([visit_id]))[visit_id])


async def short_calls(day: dt.date) -> tuple[list[dict], dict[int, list[dict]]]:
    """Planned calls on a day with fewer carers than they need, and their assignments."""
    rows = await _call_rows((Visit.date == day) & (Visit.status == "planned"))
    assigned = await _assignments_of([r["id"] for r in rows])
    return [r for r in rows if len(assigned[r["id"]]) < r["carers_required"]], assigned


async def uncovered_calls(day: dt.date) -> list[CallOut]:
    """Planned calls on a day with fewer carers than they need, each with a reason."""
    short, assigned = await short_calls(day)
    reasons = await unallocated_reasons(day, short)
    return [_call_out(r, assigned[r["id"]], reasons.get(r["id"], "")) for r in short]


@functools.cache
def _board_columns() -> tuple:
    visit, client = Assignment.visit, Assignment.visit.client
    return (
        Assignment.carer, Assignment.planned_start, Assignment.locked,
        visit.id.as_alias("visit_id"), visit.version.as_alias("visit_version"),
        visit.window_start.as_alias("window_start"), visit.window_end.as_alias("window_end"),
        visit.duration_minutes.as_alias("duration_minutes"), visit.carers_required.as_alias("carers_required"),
        visit.required_skills.as_alias("required_skills"), visit.status.as_alias("status"),
        visit.call_type.as_alias("call_type"), client.id.as_alias("client_id"), client.name.as_alias("client_name"),
        client.address.as_alias("address"), client.town.as_alias("town"),
        client.lat.as_alias("lat"), client.lon.as_alias("lon"),
    )


async def _runs(day: dt.date) -> dict[int, list[dict]]:
    """Each carer's assignments on a day with their call and client, in time order (one query)."""
    where = (Assignment.visit.date == day) & (Assignment.visit.status != "cancelled")
    rows = await Assignment.select(*_board_columns()).where(where).output(load_json=True)
    lengths = await part_lengths(where)  # a carer's block is their own part of a double-up
    on_call: dict[int, list[int]] = defaultdict(list)
    runs: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        r["duration_minutes"] = part_length(lengths, r["visit_id"], r["carer"], r["duration_minutes"])
        on_call[r["visit_id"]].append(r["carer"])
        runs[r["carer"]].append(r)
    for carer_id, calls in runs.items():
        calls.sort(key=lambda r: r["planned_start"])
        for r in calls:
            r["co_carer_ids"] = sorted(c for c in on_call[r["visit_id"]] if c != carer_id)
    return runs


async def _late_today(day: dt.date, now: dt.datetime | None, runs: dict[int, list[dict]]) -> set[int]:
    """Today's calls that are late or missed by the live rule (no check-in in time)."""
    if now is None or now.date() != day:
        return set()
    started = {log["visit"] for log in await VisitLog.select(VisitLog.visit).where(
        (VisitLog.visit.date == day) & VisitLog.kind.is_in(["check_in", "check_out"]))}
    late_after, minute = get_settings().agency.late_after_minutes, now.hour * 60 + now.minute
    return {r["visit_id"] for calls in runs.values() for r in calls
            if r["status"] == "planned" and r["visit_id"] not in started
            and minute > r["window_start"] + late_after}


def _board_call(r: dict, travel: int, free: int | None, late: bool, seen: dict[int, dict[int, int]]) -> BoardCall:
    return BoardCall(
        visit_id=r["visit_id"], visit_version=r["visit_version"], client_id=r["client_id"],
        client_name=r["client_name"], address=r["address"], town=r["town"], lat=r["lat"], lon=r["lon"],
        planned_start=minutes_to_hhmm(r["planned_start"]), window_start=minutes_to_hhmm(r["window_start"]),
        window_end=minutes_to_hhmm(r["window_end"]), duration_minutes=r["duration_minutes"],
        travel_minutes=travel, free_minutes=free, carers_required=r["carers_required"],
        required_skills=list(r["required_skills"] or []), status=r["status"], locked=r["locked"],
        late=late or r["planned_start"] > r["window_end"], co_carer_ids=r["co_carer_ids"],
        differs_from_published=seen.get(r["visit_id"], {}).get(r["carer"]) != r["planned_start"],
        call_type=r["call_type"] if r["call_type"] in NIGHT_CALL_TYPES else "",
    )


async def day_board(day: dt.date, now: dt.datetime | None = None) -> DayBoard:
    """The board of a date; `now` (the agency's wall clock) marks today's late calls."""
    carers = await Carer.select(
        Carer.id, Carer.name, Carer.transport_mode, Carer.home_lat, Carer.home_lon, Carer.skills,
    ).where(Carer.active == True).output(load_json=True).order_by(Carer.name)  # noqa: E712
    shifts = await shifts_on(day)
    absent = await carers_absent_on(day)
    runs = await _runs(day)
    late = await _late_today(day, now, runs)
    seen = await shown_on(day)  # what carers' phones show: calls that differ are marked
    shown = [c for c in carers if runs.get(c["id"]) or c["id"] in shifts or c["id"] in absent]
    legs = await legs_of_runs([
        (c["transport_mode"], [(c["home_lat"], c["home_lon"])] + [(r["lat"], r["lon"]) for r in runs.get(c["id"], [])])
        for c in shown
    ])
    board, care_minutes, travel_minutes = [], 0, 0
    for c, trips in zip(shown, legs):
        calls, prev_end = [], None
        for r, trip in zip(runs.get(c["id"], []), trips):
            calls.append(_board_call(r, trip, None if prev_end is None else r["planned_start"] - prev_end,
                                     r["visit_id"] in late, seen))
            prev_end = r["planned_start"] + r["duration_minutes"]
            care_minutes += r["duration_minutes"]
        travel_minutes += sum(trips)
        board.append(BoardCarer(
            id=c["id"], name=c["name"], transport_mode=c["transport_mode"],
            home_lat=c["home_lat"], home_lon=c["home_lon"], skills=list(c["skills"] or []),
            shifts=[{"start": minutes_to_hhmm(s), "end": minutes_to_hhmm(e)} for s, e in shifts.get(c["id"], [])],
            absent=c["id"] in absent, calls=calls,
        ))
    # The calls short of carers, from the assignments already read (no list of every id).
    day_calls = await Visit.select(Visit.id, Visit.carers_required, Visit.status).where(
        (Visit.date == day) & (Visit.status != "cancelled"))
    assigned: dict[int, list[dict]] = defaultdict(list)
    for carer_id, calls in runs.items():
        for r in calls:
            assigned[r["visit_id"]].append({"carer_id": carer_id, "planned_start": minutes_to_hhmm(r["planned_start"]),
                                            "locked": r["locked"]})
    short_ids = [v["id"] for v in day_calls
                 if v["status"] == "planned" and len(assigned[v["id"]]) < v["carers_required"]]
    short = await _call_rows(Visit.id.is_in(short_ids)) if short_ids else []
    totals = DayTotals(calls=len(day_calls), care_hours=round(care_minutes / 60, 1),
                       travel_hours=round(travel_minutes / 60, 1), unallocated=len(short))
    unallocated = [_call_out(r, assigned[r["id"]]) for r in short]
    for call in unallocated:  # a call short of carers differs when its carers or times do
        working = {a["carer_id"]: hhmm_to_minutes(a["planned_start"]) for a in call.assignments}
        call.differs_from_published = seen.get(call.id, {}) != working
    return DayBoard(date=day, totals=totals, carers=board, unallocated=unallocated)
