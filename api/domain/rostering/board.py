"""The planner's day board: carers as rows with their runs and travel, and the calls still
short of carers with the reason why (a read model: nothing here changes a call)."""

from __future__ import annotations

import datetime as dt

import msgspec

from api.domain.people.availability import carers_absent_on, shifts_on
from api.domain.rostering.carer_view import shown_on
from api.domain.rostering.move_checks import travel_minutes
from api.domain.rostering.runs import RunCall, assignments_for
from api.domain.rostering.unallocated import unallocated_reasons
from api.domain.shared.common import hhmm_to_minutes, minutes_to_hhmm, not_found
from api.domain.tables import Assignment, Carer, Visit


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


class BoardCarer(msgspec.Struct):
    id: int
    name: str
    transport_mode: str
    home_lat: float
    home_lon: float
    skills: list[str]
    shifts: list[dict]  # [{start, end}]
    absent: bool
    calls: list[RunCall]
    gaps: list[dict]  # travel before each call: [{visit_id, travel_minutes, free_minutes}]


class DayBoard(msgspec.Struct):
    date: dt.date
    carers: list[BoardCarer]
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


async def uncovered_calls(day: dt.date) -> list[CallOut]:
    """Planned calls on a day with fewer carers than they need, each with a reason."""
    rows = await _call_rows((Visit.date == day) & (Visit.status == "planned"))
    assigned = await _assignments_of([r["id"] for r in rows])
    short = [r for r in rows if len(assigned[r["id"]]) < r["carers_required"]]
    reasons = await unallocated_reasons(day, short)
    return [_call_out(r, assigned[r["id"]], reasons.get(r["id"], "")) for r in short]


async def day_board(day: dt.date) -> DayBoard:
    carers = await Carer.select().where(Carer.active == True).output(load_json=True).order_by(Carer.name)  # noqa: E712
    shifts = await shifts_on(day)
    absent = await carers_absent_on(day)
    runs: dict[int, list[RunCall]] = {}
    for call in await assignments_for(None, day, day):
        runs.setdefault(call.carer_id, []).append(call)
    board = []
    for c in carers:
        calls = sorted(runs.get(c["id"], []), key=lambda r: r.planned_start)
        if not calls and c["id"] not in shifts and c["id"] not in absent:
            continue  # not working today and nothing to show
        gaps, prev, prev_end = [], (c["home_lat"], c["home_lon"]), None
        for call in calls:
            start = hhmm_to_minutes(call.planned_start)
            trip = travel_minutes(prev, (call.lat, call.lon), c["transport_mode"])
            gaps.append({"visit_id": call.visit_id, "travel_minutes": trip,
                         "free_minutes": None if prev_end is None else start - prev_end})
            prev, prev_end = (call.lat, call.lon), start + call.duration_minutes
        board.append(BoardCarer(
            id=c["id"], name=c["name"], transport_mode=c["transport_mode"],
            home_lat=c["home_lat"], home_lon=c["home_lon"], skills=list(c["skills"] or []),
            shifts=[{"start": minutes_to_hhmm(s), "end": minutes_to_hhmm(e)} for s, e in shifts.get(c["id"], [])],
            absent=c["id"] in absent, calls=calls, gaps=gaps,
        ))
    unallocated = await uncovered_calls(day)
    await _mark_unpublished_changes(day, board, unallocated)
    return DayBoard(date=day, carers=board, unallocated=unallocated)


async def _mark_unpublished_changes(day: dt.date, board: list[BoardCarer], unallocated: list[CallOut]) -> None:
    """Flag each call whose carers or times differ from what the carers' phones show."""
    shown = await shown_on(day)
    for row in board:
        for call in row.calls:
            call.differs_from_published = shown.get(call.visit_id, {}).get(row.id) != hhmm_to_minutes(call.planned_start)
    for call in unallocated:
        working = {a["carer_id"]: hhmm_to_minutes(a["planned_start"]) for a in call.assignments}
        call.differs_from_published = shown.get(call.id, {}) != working
