"""What a carer records at a call: check-in, check-out, tasks and notes.

Every action carries a UUID made on the phone and is stored once, as a visit log or as a kept
conflict (see shared.idempotent). The checks ("was this carer ever on the call, is it still
theirs and not cancelled") and the write happen in one transaction that holds the call (see
shared.locks), so a check-in racing the office's cancel or move has exactly one winner. When
the call changed hands or was cancelled while the phone was offline, the action is a conflict
(409): the submitted data is still kept for the office (see visits.conflicts). A carer who was
never on the call gets 403 and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from api.auth import AuthUser
from api.domain.shared import audit
from api.domain.shared.common import invalid
from api.domain.shared.db import write_transaction
from api.domain.shared.idempotent import insert_once, stored_by_uuid, uuid_reused
from api.domain.shared.choices import CallType
from api.domain.shared.locks import locked_visit
from api.domain.tables import Assignment, SyncConflict, Visit, VisitLog
from api.domain.visits import doses, visit_times
from api.domain.visits.access import not_your_call, was_ever_on_call
from api.domain.visits.conflicts import conflict_exception, conflict_reason, keep_conflict, stored_conflict
from api.domain.visits.fields import AwareTime, Lat, Lon, acting_carer, now


class CheckIn(msgspec.Struct):
    client_uuid: uuid.UUID
    device_time: AwareTime
    lat: Lat | None = None
    lon: Lon | None = None


class CheckOut(CheckIn):
    # a sleep-in: the minutes the carer was woken up and working in the night
    woken_minutes: Annotated[int, Meta(ge=0, le=12 * 60)] = 0


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
    device_time_off: bool = False  # the phone's clock was far from ours: the office will check
    call_length: str = ""  # on a check-out: "short" or "long" against the planned duration


async def _replay(row: dict, carer_id: int, visit_id: int, kind: str) -> SyncResult:
    if row["carer"] != carer_id or row["visit"] != visit_id or row["kind"] != kind:
        raise uuid_reused(row["client_uuid"])
    status = await Visit.select(Visit.status).where(Visit.id == visit_id).first()
    return SyncResult(row["client_uuid"], kind, row["id"], visit_id, row["server_time"],
                      row["device_time"], status["status"] if status else "", replayed=True,
                      device_time_off=row["device_time_off"], call_length=row["call_length"])


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
    """Store one action at a call, once per UUID. Raises 409 (data kept) on a conflict,
    403 (nothing kept) for a call the carer was never on or that does not exist."""
    carer_id = acting_carer(user)
    uid = str(data.client_uuid)
    if kind == "task" and not data.done and not data.reason.strip():
        raise invalid("reason", "say why a task was not done (e.g. medication declined)")

    async def replay_log(row: dict) -> SyncResult:
        return await _replay(row, carer_id, visit_id, kind)

    async def replay_conflict(kept: dict) -> SyncResult:
        if kept["actor"] != user.id or kept["visit"] != visit_id or kept["kind"] != kind:
            raise uuid_reused(uid)
        raise conflict_exception(kept)

    async def insert() -> SyncResult:
        outcome = await _record_locked(user, carer_id, visit_id, kind, data)
        if outcome is None:  # a copy of this UUID was stored while we waited for the call
            row = await stored_by_uuid(VisitLog, uid)
            return await (replay_log(row) if row else replay_conflict(await stored_conflict(uid)))
        if isinstance(outcome, SyncResult):
            return outcome
        raise conflict_exception(outcome)

    # One UUID is one record, in either table: the unique keys decide a race, the loser replays.
    return await insert_once(VisitLog, uid, lambda: insert_once(SyncConflict, uid, insert, replay_conflict),
                             replay_log)


async def _record_locked(user: AuthUser, carer_id: int, visit_id: int, kind: str,
                         data: Any) -> SyncResult | dict | None:
    """In one transaction holding the call: the log (a SyncResult), or the kept conflict (its
    row), or None when this UUID is already stored."""
    uid = str(data.client_uuid)
    received = now()
    submitted = msgspec.to_builtins(data)
    async with write_transaction():
        visit = await locked_visit(visit_id)
        if visit is None or not await was_ever_on_call(carer_id, visit_id):
            raise not_your_call()
        if await VisitLog.exists().where(VisitLog.client_uuid == uid) or await SyncConflict.exists().where(
                SyncConflict.client_uuid == uid):
            return None
        visit_times.check_on_call_date(kind, data.device_time, received, visit["date"],
                                       visit["window_end"] + visit["duration_minutes"] > 24 * 60)
        conflict = await conflict_reason(visit, carer_id)
        if conflict:
            return await keep_conflict(user.id, visit_id, carer_id, uid, kind, conflict, submitted)
        if kind == "check_out":
            missing = await doses.unanswered(visit)
            if missing:  # every dose due is answered (given, prompted, refused, not given) first
                raise invalid("doses", "record each medicine due at this call before checking out: "
                                       + ", ".join(missing))
        return await _store(user, carer_id, visit, kind, data, submitted, received)


async def _checked_in_at(visit_id: int, carer_id: int) -> dt.datetime | None:
    row = await VisitLog.select(VisitLog.device_time).where(
        (VisitLog.visit == visit_id) & (VisitLog.carer == carer_id) & (VisitLog.kind == "check_in")).first()
    return row["device_time"] if row else None


async def _store(user: AuthUser, carer_id: int, visit: dict, kind: str, data: Any,
                 submitted: dict, received: dt.datetime) -> SyncResult:
    """Insert the log and move the call's status on (inside the caller's transaction)."""
    visit_id = visit["id"]
    uid = str(data.client_uuid)
    length = ""
    woken = getattr(data, "woken_minutes", 0)
    if woken and visit["call_type"] != CallType.SLEEP_IN:
        raise invalid("woken_minutes", "only a sleep-in records time woken up")
    if kind == "check_out":
        checked_in = await _checked_in_at(visit_id, carer_id)
        visit_times.check_out_after_check_in(data.device_time, checked_in)
        length = visit_times.call_length(checked_in, data.device_time, visit["duration_minutes"]).value
    clock_off = visit_times.device_time_off(data.device_time, received)
    row = VisitLog(
        client_uuid=uid, visit=visit_id, carer=carer_id, kind=kind, device_time=data.device_time,
        server_time=received, lat=getattr(data, "lat", None), lon=getattr(data, "lon", None),
        task=getattr(data, "task", ""), done=getattr(data, "done", None),
        reason=getattr(data, "reason", ""), note=getattr(data, "note", ""),
        device_time_off=clock_off, call_length=length, woken_minutes=woken,
    )
    inserted = await VisitLog.insert(row).returning(VisitLog.id)
    log_id = inserted[0]["id"]
    status = await _new_status(visit, kind, carer_id)
    if status != visit["status"]:
        await Visit.update({Visit.status: status, Visit.version: visit["version"] + 1}).where(
            Visit.id == visit_id)
        await audit.record(user.id, "visit", visit_id, kind,
                           {"status": visit["status"], "version": visit["version"]},
                           {"status": status, "version": visit["version"] + 1})
    await audit.record(user.id, "visit_log", log_id, kind, None,
                       {**submitted, "visit_id": visit_id, "carer_id": carer_id,
                        "server_time": received.isoformat(), "device_time_off": clock_off,
                        "call_length": length})
    return SyncResult(uid, kind, log_id, visit_id, received, data.device_time, status, replayed=False,
                      device_time_off=clock_off, call_length=length)
