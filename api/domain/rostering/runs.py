"""Runs: each carer's ordered calls for a day, read from the assignments."""

from __future__ import annotations

import datetime as dt
import functools

import msgspec

from api.domain.shared.common import minutes_to_hhmm
from api.domain.tables import Assignment, Visit


class RunCall(msgspec.Struct):
    assignment_id: int
    visit_id: int
    carer_id: int
    client_id: int
    client_name: str
    address: str
    town: str
    postcode: str
    lat: float
    lon: float
    alerts: str
    date: dt.date
    planned_start: str
    window_start: str
    window_end: str
    duration_minutes: int
    carers_required: int
    required_skills: list[str]
    tasks: list[str]
    call_type: str
    status: str
    locked: bool
    travel_minutes: int
    travel_metres: int
    visit_version: int
    co_carer_ids: list[int] = []
    differs_from_published: bool = False  # the board's mark: carers were shown otherwise (carer_view)


@functools.cache
def _run_columns() -> tuple:
    """The joined columns, built once: each `Assignment.visit.client.name` walk copies Piccolo
    column objects, and doing that per request was a third of a carer's GET /me/run."""
    visit, client = Assignment.visit, Assignment.visit.client
    return (
        Assignment.id,
        Assignment.carer,
        Assignment.planned_start,
        Assignment.locked,
        Assignment.travel_minutes,
        Assignment.travel_metres,
        visit.id.as_alias("visit_id"),
        visit.date.as_alias("date"),
        visit.window_start.as_alias("window_start"),
        visit.window_end.as_alias("window_end"),
        visit.duration_minutes.as_alias("duration_minutes"),
        visit.carers_required.as_alias("carers_required"),
        visit.required_skills.as_alias("required_skills"),
        visit.tasks.as_alias("tasks"),
        visit.call_type.as_alias("call_type"),
        visit.status.as_alias("status"),
        visit.version.as_alias("visit_version"),
        client.id.as_alias("client_id"),
        client.name.as_alias("client_name"),
        client.address.as_alias("address"),
        client.town.as_alias("town"),
        client.postcode.as_alias("postcode"),
        client.lat.as_alias("lat"),
        client.lon.as_alias("lon"),
        client.alerts.as_alias("alerts"),
    )


@functools.cache
def _visit_date_and_status() -> tuple:
    return Assignment.visit.date, Assignment.visit.status


async def assignments_for(
    carer_ids: list[int] | None, start: dt.date, end: dt.date
) -> list[RunCall]:
    """Assignments (with their call and client) between two dates, in run order."""
    visit_date, visit_status = _visit_date_and_status()
    query = (
        Assignment.select(*_run_columns())
        .where((visit_date >= start) & (visit_date <= end))
        .where(visit_status != "cancelled")
        .output(load_json=True)
    )
    if carer_ids is not None:
        query = query.where(Assignment.carer.is_in(carer_ids or [-1]))
    rows = await query
    # Who else is on each call (double-ups): the carer needs to know to wait for them.
    visit_ids = sorted({r["visit_id"] for r in rows})
    carers_on: dict[int, list[int]] = {}
    if visit_ids:
        for a in await Assignment.select(Assignment.visit, Assignment.carer).where(
            Assignment.visit.is_in(visit_ids)
        ):
            carers_on.setdefault(a["visit"], []).append(a["carer"])
    rows.sort(key=lambda r: (r["date"], r["carer"], r["planned_start"]))
    return [
        RunCall(
            assignment_id=r["id"],
            visit_id=r["visit_id"],
            carer_id=r["carer"],
            client_id=r["client_id"],
            client_name=r["client_name"],
            address=r["address"],
            town=r["town"],
            postcode=r["postcode"],
            lat=r["lat"],
            lon=r["lon"],
            alerts=r["alerts"],
            date=r["date"],
            planned_start=minutes_to_hhmm(r["planned_start"]),
            window_start=minutes_to_hhmm(r["window_start"]),
            window_end=minutes_to_hhmm(r["window_end"]),
            duration_minutes=r["duration_minutes"],
            carers_required=r["carers_required"],
            required_skills=list(r["required_skills"] or []),
            tasks=list(r["tasks"] or []),
            call_type=r["call_type"],
            status=r["status"],
            locked=r["locked"],
            travel_minutes=r["travel_minutes"],
            travel_metres=r["travel_metres"],
            visit_version=r["visit_version"],
            co_carer_ids=sorted(c for c in carers_on.get(r["visit_id"], []) if c != r["carer"]),
        )
        for r in rows
    ]


async def client_ids_for_carer(carer_id: int) -> set[int]:
    """Clients a carer may read: those on calls assigned to them."""
    rows = await Assignment.select(Assignment.visit.client.id.as_alias("client_id")).where(
        Assignment.carer == carer_id
    )
    return {r["client_id"] for r in rows}


async def carer_is_assigned(carer_id: int, visit_id: int) -> bool:
    return await Assignment.exists().where(
        (Assignment.carer == carer_id) & (Assignment.visit == visit_id)
    )
