"""Warnings for a hand move: what would be wrong if this carer did this call at this time.

`warnings_for_move(visit_id, carer_id, start_minute)` is the one door the planner's board
uses before a move is confirmed. Its internals are a small stand-alone checker; the solver's
checker can replace them later without the routes or the board noticing.
"""

from __future__ import annotations

import datetime as dt
import math

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


async def warnings_for_move(visit_id: int, carer_id: int, start_minute: int) -> list[MoveWarning]:
    """Everything a planner should know before `carer_id` does call `visit_id` at
    `start_minute` (minutes from midnight on the call's date). An empty list means no
    rule is broken. The call's other assignments are ignored for overlap and hours, so
    a move within a carer's own run is checked against the rest of that run."""
    visit = await Visit.select().where(Visit.id == visit_id).output(load_json=True).first()
    if visit is None:
        raise not_found("call", visit_id)
    carer = await Carer.select().where(Carer.id == carer_id).output(load_json=True).first()
    if carer is None:
        raise not_found("carer", carer_id)
    client = await Client.select().where(Client.id == visit["client"]).first()
    day: dt.date = visit["date"]
    end_minute = start_minute + visit["duration_minutes"]
    agency = get_settings().agency
    out: list[MoveWarning] = []

    if not carer["active"]:
        out.append(MoveWarning("inactive_carer", f"{carer['name']} is no longer active"))
    if carer_id in await carers_absent_on(day):
        out.append(MoveWarning("carer_absent", f"{carer['name']} is on leave or off sick that day"))
    else:
        shifts = (await shifts_on(day)).get(carer_id, [])
        if not any(s <= start_minute and end_minute <= e for s, e in shifts):
            hours = ", ".join(f"{minutes_to_hhmm(s)}-{minutes_to_hhmm(e)}" for s, e in shifts) or "none"
            out.append(MoveWarning(
                "off_shift", f"{carer['name']} is not working then (shifts that day: {hours})"))
    missing = set(visit["required_skills"] or []) - (await skills_valid_on(day)).get(carer_id, set())
    if missing:
        out.append(MoveWarning(
            "skill_missing", f"{carer['name']} lacks {', '.join(sorted(missing))} (valid that day)"))
    if await ClientCarerPreference.exists().where(
        (ClientCarerPreference.client == visit["client"])
        & (ClientCarerPreference.carer == carer_id)
        & (ClientCarerPreference.kind == "excluded")
    ):
        out.append(MoveWarning("excluded_carer", f"{client['name']} has asked not to have {carer['name']}"))
    if not visit["window_start"] <= start_minute <= visit["window_end"]:
        out.append(MoveWarning(
            "outside_window",
            f"{minutes_to_hhmm(start_minute)} is outside the call's window "
            f"{minutes_to_hhmm(visit['window_start'])}-{minutes_to_hhmm(visit['window_end'])}"))

    monday = day - dt.timedelta(days=day.weekday())
    week = await _carer_calls(carer_id, monday, monday + dt.timedelta(days=6), visit_id)
    today = sorted((c for c in week if c["date"] == day), key=lambda c: c["planned_start"])
    here = (client["lat"], client["lon"])
    for other in today:
        o_start, o_end = other["planned_start"], other["planned_start"] + other["duration"]
        if o_start < end_minute and start_minute < o_end:
            out.append(MoveWarning(
                "overlap", f"overlaps {other['client_name']} {minutes_to_hhmm(o_start)}-{minutes_to_hhmm(o_end)}"))
            continue
        trip = travel_minutes((other["lat"], other["lon"]), here, carer["transport_mode"])
        if o_end <= start_minute and start_minute - o_end < trip and _is_neighbour(today, other, start_minute, True):
            out.append(MoveWarning(
                "travel_tight", f"{trip} min from {other['client_name']} (ends {minutes_to_hhmm(o_end)}) "
                f"but only {start_minute - o_end} min between"))
        if end_minute <= o_start and o_start - end_minute < trip and _is_neighbour(today, other, end_minute, False):
            out.append(MoveWarning(
                "travel_tight", f"{trip} min to {other['client_name']} (starts {minutes_to_hhmm(o_start)}) "
                f"but only {o_start - end_minute} min between"))
    day_total = sum(c["duration"] for c in today) + visit["duration_minutes"]
    if day_total > agency.max_daily_minutes:
        out.append(MoveWarning(
            "over_daily_hours", f"{_hours(day_total)} of calls that day, over the {_hours(agency.max_daily_minutes)} limit"))
    week_total = sum(c["duration"] for c in week) + visit["duration_minutes"]
    if week_total > agency.max_weekly_minutes:
        out.append(MoveWarning(
            "over_weekly_hours", f"{_hours(week_total)} of calls that week, over the {_hours(agency.max_weekly_minutes)} limit"))
    return out


def _is_neighbour(run: list[dict], other: dict, minute: int, before: bool) -> bool:
    """Only the call right before (or right after) the moved one needs the travel check."""
    if before:
        earlier = [c for c in run if c["planned_start"] + c["duration"] <= minute]
        return bool(earlier) and earlier[-1] is other
    later = [c for c in run if c["planned_start"] >= minute]
    return bool(later) and later[0] is other


def _hours(minutes: int) -> str:
    return f"{minutes // 60}h{minutes % 60:02d}"
