"""Leave and sickness: carers request, managers approve or decline, seeing the cover impact.

Approved leave (and sickness, which the office records as approved at once) takes the carer
off their unstarted calls on those dates, so the calls show as needing cover. Leave that
would put more carers off at once than the agency allows is flagged, not refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from api.domain.shared.db import write_transaction
from api.domain.shared.idempotent import insert_once
from api.domain.shared import audit
from api.domain.shared.choices import LeaveKind
from api.domain.shared.common import ConflictException, invalid, not_found, server_today, versioned_update
from api.domain.people.contract_hours import hours_on
from api.domain.rostering.rolling import ProjectedCall, projected_calls
from api.domain.rostering.runs import RunCall
from api.domain.tables import Carer, Leave
from api.domain.rostering.cover import calls_needing_cover, release_carer_calls
from api.settings import get_settings

MAX_DAYS = 366


class LeaveIn(msgspec.Struct):
    kind: LeaveKind
    start_date: dt.date
    end_date: dt.date
    reason: Annotated[str, Meta(max_length=1000)] = ""
    client_uuid: Annotated[str, Meta(min_length=8, max_length=64)] | None = None
    carer_id: int | None = None  # staff only: whom it is for


class LeaveOut(msgspec.Struct):
    id: int
    version: int
    carer_id: int
    carer_name: str
    kind: str
    start_date: dt.date
    end_date: dt.date
    status: str
    reason: str
    client_uuid: str | None
    decided_by: int | None
    decided_at: dt.datetime | None
    created_at: dt.datetime
    others_off_peak: int  # most other carers on approved leave on any one of these days
    over_limit: bool  # this leave too would exceed the agency's limit
    released_call_ids: list[int] = []


class LeaveImpact(msgspec.Struct):
    leave: LeaveOut
    others_off: list[LeaveOut]
    calls_needing_cover: list[RunCall]
    max_concurrent_leave: int
    # Dates whose calls are not generated yet: the calls the master rota would give this
    # carer then (from client defaults), which would need cover too.
    projected_calls: list[ProjectedCall] = []
    # The carer's contracted minutes a week in force on the leave's first day (a change of
    # hours applies from its date), to weigh the leave against.
    contracted_minutes: int = 0


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


async def _approved_overlapping(start: dt.date, end: dt.date, not_carer: int) -> list[dict]:
    return await Leave.select(*Leave.all_columns(), Leave.carer.name.as_alias("carer_name")).where(
        (Leave.status == "approved") & (Leave.start_date <= end) & (Leave.end_date >= start)
        & (Leave.carer != not_carer)
    ).order_by(Leave.start_date)


def _peak(others: list[dict], start: dt.date, end: dt.date) -> int:
    peak = 0
    for day in _days(start, end):
        peak = max(peak, len({o["carer"] for o in others if o["start_date"] <= day <= o["end_date"]}))
    return peak


async def _out(row: dict, released: list[int] | None = None) -> LeaveOut:
    others = await _approved_overlapping(row["start_date"], row["end_date"], row["carer"])
    peak = _peak(others, row["start_date"], row["end_date"])
    if "carer_name" not in row:
        row["carer_name"] = (await Carer.select(Carer.name).where(Carer.id == row["carer"]).first())["name"]
    return LeaveOut(
        id=row["id"], version=row["version"], carer_id=row["carer"], carer_name=row["carer_name"],
        kind=row["kind"], start_date=row["start_date"], end_date=row["end_date"], status=row["status"],
        reason=row["reason"], client_uuid=row["client_uuid"], decided_by=row["decided_by"],
        decided_at=row["decided_at"], created_at=row["created_at"], others_off_peak=peak,
        over_limit=peak + 1 > get_settings().agency.max_concurrent_leave,
        released_call_ids=released or [],
    )


async def _row(leave_id: int) -> dict:
    row = await Leave.select(*Leave.all_columns(), Leave.carer.name.as_alias("carer_name")).where(
        Leave.id == leave_id).first()
    if row is None:
        raise not_found("leave", leave_id)
    return row


async def get_leave(leave_id: int) -> LeaveOut:
    return await _out(await _row(leave_id))


async def carer_of(leave_id: int) -> int:
    return (await _row(leave_id))["carer"]


async def request_leave(data: LeaveIn, carer_id: int, by_staff: bool, actor_id: int) -> tuple[LeaveOut, bool]:
    """Record a leave request; returns (leave, created). A replay of the same client_uuid
    returns the stored record. Sickness recorded by staff is approved at once."""
    async def replay(stored: dict) -> tuple[LeaveOut, bool]:
        if stored["carer"] != carer_id:
            raise ConflictException(detail="client_uuid was already used for another carer's leave")
        return await get_leave(stored["id"]), False

    async def insert() -> tuple[LeaveOut, bool]:
        return await _insert_leave(data, carer_id, by_staff, actor_id), True

    if data.client_uuid:
        return await insert_once(Leave, data.client_uuid, insert, replay)
    return await insert()


async def _insert_leave(data: LeaveIn, carer_id: int, by_staff: bool, actor_id: int) -> LeaveOut:
    if data.end_date < data.start_date:
        raise invalid("end_date", "is before start_date")
    if (data.end_date - data.start_date).days + 1 > MAX_DAYS:
        raise invalid("end_date", f"leave is at most {MAX_DAYS} days at a time")
    if not await Carer.exists().where(Carer.id == carer_id):
        raise invalid("carer_id", f"carer {carer_id} does not exist")
    approve_now = by_staff and data.kind == "sick"
    released: list[int] = []
    async with write_transaction():
        values = dict(
            carer=carer_id, kind=data.kind, start_date=data.start_date, end_date=data.end_date,
            reason=data.reason, client_uuid=data.client_uuid, status="approved" if approve_now else "requested",
        )
        if approve_now:
            values.update(decided_by=actor_id, decided_at=dt.datetime.now(dt.timezone.utc))
        leave_id = (await Leave.insert(Leave(**values)).returning(Leave.id))[0]["id"]
        await audit.record(actor_id, "leave", leave_id, "create", None, values)
        if approve_now:
            released = await release_carer_calls(
                carer_id, data.start_date, data.end_date, "carer off sick", actor_id)
    return await _out(await _row(leave_id), released)


async def list_leave(carer_id: int | None, status: str | None, start: dt.date | None,
                     end: dt.date | None) -> list[LeaveOut]:
    query = Leave.select(*Leave.all_columns(), Leave.carer.name.as_alias("carer_name")).order_by(
        Leave.start_date).limit(500)
    if carer_id is not None:
        query = query.where(Leave.carer == carer_id)
    if status:
        query = query.where(Leave.status == status)
    if start:
        query = query.where(Leave.end_date >= start)
    if end:
        query = query.where(Leave.start_date <= end)
    return [await _out(r) for r in await query]


async def impact(leave_id: int) -> LeaveImpact:
    """What approving this leave means: who else is off then and which calls need cover."""
    row = await _row(leave_id)
    others = await _approved_overlapping(row["start_date"], row["end_date"], row["carer"])
    today = server_today()
    return LeaveImpact(
        leave=await _out(row),
        others_off=[await _out(o) for o in others],
        calls_needing_cover=await calls_needing_cover(row["carer"], max(row["start_date"], today), row["end_date"])
        if row["end_date"] >= today else [],
        max_concurrent_leave=get_settings().agency.max_concurrent_leave,
        projected_calls=await projected_calls(row["carer"], max(row["start_date"], today), row["end_date"]),
        contracted_minutes=(await hours_on(row["start_date"], [row["carer"]])).get(row["carer"], 0),
    )


async def decide(leave_id: int, version: int, approve: bool, actor_id: int) -> LeaveOut:
    row = await _row(leave_id)
    if row["status"] != "requested" and row["version"] == version:
        raise ConflictException(detail=f"this leave is already {row['status']}")
    released: list[int] = []
    async with write_transaction():
        status = "approved" if approve else "declined"
        decided_at = dt.datetime.now(dt.timezone.utc)
        before = await versioned_update(Leave, leave_id, version, {
            Leave.status: status, Leave.decided_by: actor_id, Leave.decided_at: decided_at,
        })
        await audit.record(actor_id, "leave", leave_id, "approve" if approve else "decline", before,
                           {**before, "status": status, "version": version + 1,
                            "decided_by": actor_id, "decided_at": decided_at})
        if approve:
            what = {"annual": "carer on annual leave", "sick": "carer off sick", "training": "carer on training"}
            released = await release_carer_calls(
                row["carer"], max(row["start_date"], server_today()), row["end_date"], what[row["kind"]], actor_id)
    return await _out(await _row(leave_id), released)
