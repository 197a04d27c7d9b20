"""What a carer records at a call: check-in, check-out, tasks and notes.

Every action carries a UUID made on the phone and is stored once (see shared.idempotent).
When the call changed hands or was cancelled while the phone was offline, the action is a
conflict (409): the submitted data is still kept for the office (see visits.conflicts).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from api.auth import AuthUser
from api.domain.shared import audit
from api.domain.shared.common import invalid, not_found
from api.domain.shared.db import write_transaction
from api.domain.shared.idempotent import insert_once, uuid_reused
from api.domain.tables import Assignment, Visit, VisitLog
from api.domain.visits.conflicts import conflict_exception, conflict_reason, keep_conflict, stored_conflict
from api.domain.visits.fields import AwareTime, Lat, Lon, acting_carer, now


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


async def _replay(row: dict, carer_id: int, visit_id: int, kind: str) -> SyncResult:
    if row["carer"] != carer_id or row["visit"] != visit_id or row["kind"] != kind:
        raise uuid_reused(row["client_uuid"])
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
    carer_id = acting_carer(user)
    uid = str(data.client_uuid)

    async def insert() -> SyncResult:
        kept = await stored_conflict(uid)
        if kept:
            if kept["actor"] != user.id:
                raise uuid_reused(uid)
            raise conflict_exception(kept)
        if kind == "task" and not data.done and not data.reason.strip():
            raise invalid("reason", "say why a task was not done (e.g. medication declined)")
        visit = await Visit.select().where(Visit.id == visit_id).first()
        if visit is None:
            raise not_found("call", visit_id)
        submitted = msgspec.to_builtins(data)
        conflict = await conflict_reason(visit, carer_id)
        if conflict:
            reason, explanation = conflict
            raise await keep_conflict(user.id, visit_id, uid, kind, {
                "visit_id": visit_id, "carer_id": carer_id, "reason": reason,
                "explanation": explanation, "submitted": submitted, "received_at": now().isoformat(),
            })
        return await _store(user, carer_id, visit_id, kind, data, submitted)

    return await insert_once(VisitLog, uid, insert, lambda row: _replay(row, carer_id, visit_id, kind))


async def _store(user: AuthUser, carer_id: int, visit_id: int, kind: str, data: Any,
                 submitted: dict) -> SyncResult:
    """Insert the log and move the call's status on, in one transaction."""
    received = now()
    uid = str(data.client_uuid)
    row = VisitLog(
        client_uuid=uid, visit=visit_id, carer=carer_id, kind=kind, device_time=data.device_time,
        server_time=received, lat=getattr(data, "lat", None), lon=getattr(data, "lon", None),
        task=getattr(data, "task", ""), done=getattr(data, "done", None),
        reason=getattr(data, "reason", ""), note=getattr(data, "note", ""),
    )
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
                            "server_time": received.isoformat()})
    return SyncResult(uid, kind, log_id, visit_id, received, data.device_time, status, replayed=False)
