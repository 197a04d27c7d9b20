"""What a carer records in the field, made safe for an offline outbox.

Every action carries a UUID made on the phone. The server accepts each UUID once: a replay
(the phone lost our answer, or synced twice) gets the stored record back, never a duplicate.
When the call changed hands or was cancelled while the phone was offline, the action is a
conflict (409): the submitted data is still kept, as a `sync_conflict` audit event against
the call that the office can list, and a replay of the same UUID gets the same 409.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import msgspec
from litestar.exceptions import PermissionDeniedException
from msgspec import Meta

from api.auth import AuthUser
from api.domain.shared.db import write_transaction
from api.domain.shared import audit
from api.domain.shared.choices import IncidentType, Severity
from api.domain.shared.common import ConflictException, invalid, not_found
from api.domain.rostering.runs import carer_is_assigned
from api.domain.tables import (
    Assignment,
    AuditEvent,
    Client,
    Incident,
    ShiftReport,
    Visit,
    VisitLog,
)
from api.domain.visits.detail import server_today

AwareTime = Annotated[dt.datetime, Meta(tz=True, description="ISO 8601 with a UTC offset")]
Lat = Annotated[float, Meta(ge=-90, le=90)]
Lon = Annotated[float, Meta(ge=-180, le=180)]
CONFLICT_ENTITY = "sync_conflict"


class CheckIn(msgspec.Struct):
    client_uuid: uuid.UUID
    device_time: AwareTime
    lat: Lat | None = None
    lon: Lon | None = None


class TaskDone(msgspec.Struct):
    client_uuid: uuid.UUID
    device_time: AwareTime
    task: Annotated[str, Meta(min_length=1, max_length=128)]
    done: bool
    reason: Annotated[str, Meta(max_length=255)] = ""


class NoteIn(msgspec.Struct):
    client_uuid: uuid.UUID
    device_time: AwareTime
    note: Annotated[str, Meta(min_length=1, max_length=4000)]


class SyncResult(msgspec.Struct):
    client_uuid: str
    kind: str
    record_id: int
    visit_id: int
    server_time: dt.datetime
    device_time: dt.datetime | None
    visit_status: str
    replayed: bool


class IncidentIn(msgspec.Struct):
    client_uuid: uuid.UUID
    type: IncidentType
    severity: Severity
    occurred_at: AwareTime
    what_happened: Annotated[str, Meta(min_length=1, max_length=4000)]
    action_taken: Annotated[str, Meta(max_length=4000)] = ""
    visit_id: int | None = None
    client_id: int | None = None


class IncidentOut(msgspec.Struct):
    id: int
    client_uuid: str | None
    type: str
    severity: str
    occurred_at: dt.datetime
    what_happened: str
    action_taken: str
    status: str
    visit_id: int | None
    client_id: int | None
    client_name: str | None
    reported_by: int | None
    created_at: dt.datetime
    replayed: bool = False


class ShiftEndIn(msgspec.Struct):
    client_uuid: uuid.UUID
    date: dt.date
    mileage: Annotated[float, Meta(ge=0, le=1000, description="miles driven on the shift")]
    notes: Annotated[str, Meta(max_length=2000)] = ""


class ShiftReportOut(msgspec.Struct):
    id: int
    client_uuid: str
    carer_id: int
    date: dt.date
    mileage: float
    notes: str
    server_time: dt.datetime
    replayed: bool = False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _carer_id(user: AuthUser) -> int:
    if user.carer_id is None:
        raise PermissionDeniedException(detail="only carers record calls, incidents at calls and shifts")
    return user.carer_id


def _reused(uid: str) -> ConflictException:
    return ConflictException(
        detail=f"client_uuid {uid} was already used for a different record; make a new UUID",
        extra={"reason": "uuid_reused"},
    )


def _is_integrity_error(exc: Exception) -> bool:
    return type(exc).__name__ in ("IntegrityError", "UniqueViolationError")


# -- visit logs: check-in, check-out, tasks, notes ---------------------------------------------

# A kept conflict is an audit event whose entity_id is "<visit id>:<client uuid>", so it can be
# found both by the UUID (replays) and by the call (the office's view of the call).
async def _stored_conflict(uid: str) -> dict | None:
    return await AuditEvent.select().where(
        (AuditEvent.entity == CONFLICT_ENTITY) & (AuditEvent.entity_id.like(f"%:{uid}"))
    ).output(load_json=True).first()


async def conflicts_for_visit(visit_id: int) -> list:
    from api.domain.visits.detail import KeptConflict

    rows = await AuditEvent.select().where(
        (AuditEvent.entity == CONFLICT_ENTITY) & (AuditEvent.entity_id.like(f"{visit_id}:%"))
    ).output(load_json=True).order_by(AuditEvent.id)
    return [KeptConflict(
        client_uuid=r["entity_id"].split(":", 1)[1], kind=r["action"],
        carer_id=(r["after"] or {}).get("carer_id"), reason=(r["after"] or {}).get("reason", ""),
        explanation=(r["after"] or {}).get("explanation", ""),
        submitted=(r["after"] or {}).get("submitted", {}),
        received_at=(r["after"] or {}).get("received_at", ""),
    ) for r in rows]


def _conflict_exception(kept: dict) -> ConflictException:
    after = kept["after"] or {}
    return ConflictException(detail=after.get("explanation", "this call changed while you were offline"),
                             extra={"reason": after.get("reason"), "visit_id": after.get("visit_id"),
                                    "kept": True, "client_uuid": kept["entity_id"].split(":", 1)[1]})


async def _conflict_reason(visit: dict, carer_id: int) -> tuple[str, str] | None:
    if visit["status"] == "cancelled":
        return "cancelled", (
            f"The call on {visit['date'].isoformat()} was cancelled while you were offline. "
            "What you recorded is kept for the office; phone the office if you were there.")
    if not await carer_is_assigned(carer_id, visit["id"]):
        return "reassigned", (
            f"The call on {visit['date'].isoformat()} is no longer yours: it was given to another "
            "carer. What you recorded is kept for the office; phone the office to confirm who went.")
    return None


async def _replay(row: dict, carer_id: int, visit_id: int, kind: str) -> SyncResult:
    if row["carer"] != carer_id or row["visit"] != visit_id or row["kind"] != kind:
        raise _reused(row["client_uuid"])
    status = await Visit.select(Visit.status).where(Visit.id == visit_id).first()
    return SyncResult(row["client_uuid"], kind, row["id"], visit_id, row["server_time"],
                      row["device_time"], status["status"] if status else "", replayed=True)


async def _new_status(visit: dict, kind: str, carer_id: int) -> str:
    status = visit["status"]
    if kind == "check_in" and status in ("planned", "missed"):
        return "in_progress"
    if kind == "check_out":
        # A double-up is done when every carer on it has checked out.
        on_call = {a["carer"] for a in await Assignment.select(Assignment.carer).where(
            Assignment.visit == visit["id"])}
        out = {r["carer"] for r in await VisitLog.select(VisitLog.carer).where(
            (VisitLog.visit == visit["id"]) & (VisitLog.kind == "check_out"))}
        return "done" if on_call <= out | {carer_id} else "in_progress"
    return status


async def record_at_call(user: AuthUser, visit_id: int, kind: str, data: Any) -> SyncResult:
    """Store one action at a call, once per UUID. Raises 409 (data kept) on a conflict."""
    carer_id = _carer_id(user)
    uid = str(data.client_uuid)
    stored = await VisitLog.select().where(VisitLog.client_uuid == uid).first()
    if stored:
        return await _replay(stored, carer_id, visit_id, kind)
    kept = await _stored_conflict(uid)
    if kept:
        if kept["actor"] != user.id:
            raise _reused(uid)
        raise _conflict_exception(kept)
    if kind == "task" and not data.done and not data.reason.strip():
        raise invalid("reason", "say why a task was not done (e.g. medication declined)")

    visit = await Visit.select().where(Visit.id == visit_id).first()
    if visit is None:
        raise not_found("call", visit_id)
    submitted = msgspec.to_builtins(data)
    conflict = await _conflict_reason(visit, carer_id)
    if conflict:
        reason, explanation = conflict
        await audit.record(user.id, CONFLICT_ENTITY, f"{visit_id}:{uid}", kind, None, {
            "visit_id": visit_id, "carer_id": carer_id, "reason": reason,
            "explanation": explanation, "submitted": submitted, "received_at": _now().isoformat(),
        })
        raise _conflict_exception(await _stored_conflict(uid))

    now = _now()
    row = VisitLog(
        client_uuid=uid, visit=visit_id, carer=carer_id, kind=kind, device_time=data.device_time,
        server_time=now, lat=getattr(data, "lat", None), lon=getattr(data, "lon", None),
        task=getattr(data, "task", ""), done=getattr(data, "done", None),
        reason=getattr(data, "reason", ""), note=getattr(data, "note", ""),
    )
    try:
        async with write_transaction():
            inserted = await VisitLog.insert(row).returning(VisitLog.id)
            log_id = inserted[0]["id"]
            fresh = await Visit.select().where(Visit.id == visit_id).first()
            status = await _new_status(fresh, kind, carer_id)
            if status != fresh["status"]:
                await Visit.update({Visit.status: status, Visit.version: fresh["version"] + 1}).where(
                    Visit.id == visit_id)
                await audit.record(user.id, "visit", visit_id, kind,
                                   {"status": fresh["status"], "version": fresh["version"]},
                                   {"status": status, "version": fresh["version"] + 1})
            await audit.record(user.id, "visit_log", log_id, kind, None,
                               {**submitted, "visit_id": visit_id, "carer_id": carer_id,
                                "server_time": now.isoformat()})
    except Exception as exc:
        if not _is_integrity_error(exc):
            raise
        # Two copies of the same action raced; the other one won. Answer as a replay.
        stored = await VisitLog.select().where(VisitLog.client_uuid == uid).first()
        if stored is None:
            raise
        return await _replay(stored, carer_id, visit_id, kind)
    return SyncResult(uid, kind, log_id, visit_id, now, data.device_time, status, replayed=False)


# -- incidents ---------------------------------------------------------------------------------

async def _incident_out(row: dict, replayed: bool = False) -> IncidentOut:
    name = None
    if row["client"] is not None:
        client = await Client.select(Client.name).where(Client.id == row["client"]).first()
        name = client["name"] if client else None
    return IncidentOut(
        id=row["id"], client_uuid=row["client_uuid"], type=row["type"], severity=row["severity"],
        occurred_at=row["occurred_at"], what_happened=row["what_happened"],
        action_taken=row["action_taken"], status=row["status"], visit_id=row["visit"],
        client_id=row["client"], client_name=name, reported_by=row["reported_by"],
        created_at=row["created_at"], replayed=replayed,
    )


async def report_incident(user: AuthUser, data: IncidentIn) -> IncidentOut:
    """Incidents are always accepted (a safeguarding concern must never bounce), once per UUID."""
    uid = str(data.client_uuid)
    stored = await Incident.select().where(Incident.client_uuid == uid).first()
    if stored:
        if stored["reported_by"] != user.id:
            raise _reused(uid)
        return await _incident_out(stored, replayed=True)
    client_id = data.client_id
    if data.visit_id is not None:
        visit = await Visit.select(Visit.client).where(Visit.id == data.visit_id).first()
        if visit is None:
            raise invalid("visit_id", f"no call with id {data.visit_id}")
        client_id = visit["client"]
    elif client_id is not None and not await Client.exists().where(Client.id == client_id):
        raise invalid("client_id", f"no client with id {client_id}")
    if data.occurred_at > _now() + dt.timedelta(hours=1):
        raise invalid("occurred_at", "is in the future")
    try:
        async with write_transaction():
            inserted = await Incident.insert(Incident(
                client_uuid=uid, client=client_id, visit=data.visit_id, reported_by=user.id,
                type=data.type, severity=data.severity, occurred_at=data.occurred_at,
                what_happened=data.what_happened, action_taken=data.action_taken, created_at=_now(),
            )).returning(Incident.id)
            row = await Incident.select().where(Incident.id == inserted[0]["id"]).first()
            await audit.record(user.id, "incident", row["id"], "report", None, row)
    except Exception as exc:
        if not _is_integrity_error(exc):
            raise
        stored = await Incident.select().where(Incident.client_uuid == uid).first()
        if stored is None or stored["reported_by"] != user.id:
            raise
        return await _incident_out(stored, replayed=True)
    return await _incident_out(row)


async def list_incidents(reported_by: int | None, limit: int, offset: int) -> tuple[list[IncidentOut], int]:
    from api.domain.shared.common import paged

    query = Incident.select().order_by(Incident.occurred_at, ascending=False)
    count = Incident.count()
    if reported_by is not None:
        query = query.where(Incident.reported_by == reported_by)
        count = count.where(Incident.reported_by == reported_by)
    rows, total = await paged(query, count, limit, offset)
    return [await _incident_out(r) for r in rows], total


# -- end of shift ("phoning in") -----------------------------------------------------------------

def _shift_out(row: dict, replayed: bool = False) -> ShiftReportOut:
    return ShiftReportOut(row["id"], row["client_uuid"], row["carer"], row["date"], row["mileage"],
                          row["notes"], row["server_time"], replayed)


async def end_shift(user: AuthUser, data: ShiftEndIn) -> ShiftReportOut:
    carer_id = _carer_id(user)
    uid = str(data.client_uuid)
    stored = await ShiftReport.select().where(ShiftReport.client_uuid == uid).first()
    if stored:
        if stored["carer"] != carer_id:
            raise _reused(uid)
        return _shift_out(stored, replayed=True)
    today = server_today()
    if not today - dt.timedelta(days=14) <= data.date <= today + dt.timedelta(days=1):
        raise invalid("date", "must be a shift within the last 14 days")
    try:
        async with write_transaction():
            inserted = await ShiftReport.insert(ShiftReport(
                client_uuid=uid, carer=carer_id, date=data.date, mileage=data.mileage,
                notes=data.notes, server_time=_now(),
            )).returning(ShiftReport.id)
            row = await ShiftReport.select().where(ShiftReport.id == inserted[0]["id"]).first()
            await audit.record(user.id, "shift_report", row["id"], "end_shift", None, row)
    except Exception as exc:
        if not _is_integrity_error(exc):
            raise
        stored = await ShiftReport.select().where(ShiftReport.client_uuid == uid).first()
        if stored is None or stored["carer"] != carer_id:
            raise
        return _shift_out(stored, replayed=True)
    return _shift_out(row)


async def shift_reports(carer_id: int, start: dt.date, end: dt.date) -> list[ShiftReportOut]:
    rows = await ShiftReport.select().where(
        (ShiftReport.carer == carer_id) & (ShiftReport.date >= start) & (ShiftReport.date <= end)
    ).order_by(ShiftReport.date)
    return [_shift_out(r) for r in rows]
