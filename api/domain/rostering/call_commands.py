"""The planner's hand changes to calls: one-off calls, moves (preview, then confirm), pins,
cancellations and taking a carer off a call.

Every change bumps the call's `version` (the board's concurrency token: a stale one is 409)
and writes an audit event with the call and its assignments before and after. The checks
(version, status, nobody checked in) and the change run in one transaction that holds the call
(shared.locks), so a carer's check-in racing a cancel or a move has exactly one winner.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import msgspec
from msgspec import Meta

from api.domain.rostering.board import CallOut, get_call
from api.domain.rostering.call_snapshot import call_snapshot
from api.domain.rostering.call_links import parts_of, pattern_rules
from api.domain.rostering.double_up_parts import MovedTimes, moved_times
from api.domain.rostering.move_checks import MoveWarning, warnings_for_move
from api.domain.shared import audit
from api.domain.shared.common import ConflictException, hhmm_to_minutes, invalid, minutes_to_hhmm, not_found, versioned_update
from api.domain.shared.db import write_transaction
from api.domain.shared.locks import locked_visit
from api.domain.tables import Assignment, Carer, Client, Visit, VisitLog
from api.solver import Call

HHMM = Annotated[str, Meta(pattern=r"^([01]\d|2[0-3]):([0-5]\d)$", description="HH:MM")]
Version = Annotated[int, Meta(ge=1)]
OPEN_STATUSES = ("planned",)  # calls a planner may still change


class CallIn(msgspec.Struct):
    client_id: int
    date: dt.date
    start: HHMM
    duration_minutes: Annotated[int, Meta(ge=5, le=12 * 60)]
    window_minutes: Annotated[int, Meta(ge=0, le=6 * 60)] = 30  # either side of start
    carers_required: Annotated[int, Meta(ge=1, le=4)] = 1
    required_skills: list[str] = []
    tasks: list[str] = []
    call_type: Annotated[str, Meta(max_length=16)] = "other"
    carer_ids: list[int] = []  # assign straight away (optional)


class MoveIn(msgspec.Struct):
    version: Version
    to_carer_id: int | None = None  # None: keep the carer(s), change only the time
    from_carer_id: int | None = None  # which carer of a double-up gives it up; None for an unallocated call
    start: HHMM | None = None  # None: keep the planned start (or the window's opening)


class PinIn(msgspec.Struct):
    version: Version
    locked: bool


class CancelIn(msgspec.Struct):
    version: Version
    reason: Annotated[str, Meta(max_length=255)] = ""


class UnassignIn(msgspec.Struct):
    version: Version
    carer_id: int


class MovePreview(msgspec.Struct):
    visit_id: int
    version: int
    to_carer_id: int | None
    start: str
    warnings: list[MoveWarning]


async def _open_visit(visit_id: int, version: int) -> dict:
    """The call, if it may still be changed by hand at this version (404/409 otherwise).
    Inside a write transaction the call stays held until it ends."""
    visit = await locked_visit(visit_id)
    if visit is None:
        raise not_found("call", visit_id)
    if visit["version"] != version:
        raise ConflictException(
            detail=f"stale version: you sent {version}, the call is at {visit['version']}; reload and try again",
            extra={"current_version": visit["version"]},
        )
    if visit["status"] not in OPEN_STATUSES:
        raise ConflictException(detail=f"the call is {visit['status']}; it can no longer be changed")
    return visit


async def _checked_in(visit_id: int) -> bool:
    return await VisitLog.exists().where((VisitLog.visit == visit_id) & (VisitLog.kind == "check_in"))


async def add_call(data: CallIn, actor_id: int) -> CallOut:
    start = hhmm_to_minutes(data.start, "start")
    if not await Client.exists().where(Client.id == data.client_id):
        raise invalid("client_id", f"client {data.client_id} does not exist")
    if len(set(data.carer_ids)) != len(data.carer_ids) or len(data.carer_ids) > data.carers_required:
        raise invalid("carer_ids", f"at most {data.carers_required} different carers")
    known = {c["id"] for c in await Carer.select(Carer.id).where(Carer.id.is_in(data.carer_ids or [-1]))}
    if set(data.carer_ids) - known:
        raise invalid("carer_ids", f"unknown carers {sorted(set(data.carer_ids) - known)}")
    async with write_transaction():
        rows = await Visit.insert(Visit(
            client=data.client_id, client_default=None, date=data.date,
            window_start=max(0, start - data.window_minutes), window_end=min(24 * 60 - 1, start + data.window_minutes),
            duration_minutes=data.duration_minutes, carers_required=data.carers_required,
            required_skills=data.required_skills, tasks=data.tasks, call_type=data.call_type,
            changed_by_hand=True,
        )).returning(Visit.id)
        visit_id = rows[0]["id"]
        for carer_id in data.carer_ids:
            await Assignment.insert(Assignment(visit=visit_id, carer=carer_id, planned_start=start))
        await audit.record(actor_id, "visit", visit_id, "create", None, await call_snapshot(visit_id))
    return await get_call(visit_id)


async def _plan_move(visit: dict, data: MoveIn) -> tuple[int | None, int | None]:
    """(carer who will do it, start minute) for a move, validating the request. The start is
    when the named carer (`to_carer_id`, else `from_carer_id`) arrives; None keeps the call's
    start, each carer at their part's time (see double_up_parts)."""
    assigned = [a["carer"] for a in await Assignment.select(Assignment.carer).where(Assignment.visit == visit["id"])]
    start = hhmm_to_minutes(data.start, "start") if data.start else None
    if data.from_carer_id is not None and data.from_carer_id not in assigned:
        raise invalid("from_carer_id", f"carer {data.from_carer_id} is not on this call")
    if data.to_carer_id is None:
        if data.start is None:
            raise invalid("to_carer_id", "give a carer, a start time, or both")
        return None, start
    if not await Carer.exists().where(Carer.id == data.to_carer_id):
        raise invalid("to_carer_id", f"carer {data.to_carer_id} does not exist")
    if data.to_carer_id in assigned and data.to_carer_id != data.from_carer_id:
        raise invalid("to_carer_id", "that carer is already on this call")
    if data.from_carer_id is None and len(assigned) >= visit["carers_required"]:
        raise invalid("from_carer_id", "the call is fully allocated: say which carer gives it up")
    return data.to_carer_id, start


async def preview_move(visit_id: int, data: MoveIn) -> MovePreview:
    visit = await _open_visit(visit_id, data.version)
    to_carer, start = await _plan_move(visit, data)
    now = {a["carer"]: a["planned_start"] for a in await Assignment.select(
        Assignment.carer, Assignment.planned_start).where(Assignment.visit == visit_id)}
    moved = await _moved(visit, now, to_carer, data.from_carer_id, start)
    warnings = await warnings_for_move(visit_id, to_carer, moved.start, data.from_carer_id)
    return MovePreview(visit_id, visit["version"], to_carer, minutes_to_hhmm(moved.start), warnings)


async def move_call(visit_id: int, data: MoveIn, actor_id: int) -> CallOut:
    """Apply a move the planner confirmed. A double-up moves in time together, each carer at
    their part's offset; a start outside the window moves the window with it (a one-off change
    generation keeps)."""
    async with write_transaction():
        visit = await _open_visit(visit_id, data.version)
        to_carer, start = await _plan_move(visit, data)
        if await _checked_in(visit_id):
            raise ConflictException(detail="a carer has already checked in to this call")
        before = await call_snapshot(visit_id)
        now = {a["carer_id"]: a["planned_start"] for a in before["assignments"]}
        moved = await _moved(visit, now, to_carer, data.from_carer_id, start)
        values = {}
        if data.start is not None:  # a new time is a one-off change that generation keeps
            values[Visit.changed_by_hand] = True
        if not visit["window_start"] <= moved.call_start <= visit["window_end"]:
            shift = moved.call_start - (moved.call_start_before if now else visit["window_start"])
            values[Visit.window_start] = max(0, visit["window_start"] + shift)
            values[Visit.window_end] = min(24 * 60 - 1, visit["window_end"] + shift)
        await versioned_update(Visit, visit_id, data.version, values)
        if to_carer is not None:
            if data.from_carer_id is not None:
                await Assignment.delete().where(
                    (Assignment.visit == visit_id) & (Assignment.carer == data.from_carer_id))
            await Assignment.insert(Assignment(visit=visit_id, carer=to_carer, planned_start=moved.starts[to_carer]))
        for carer_id, at in moved.starts.items():
            await Assignment.update({Assignment.planned_start: at, Assignment.version: Assignment.version + 1}).where(
                (Assignment.visit == visit_id) & (Assignment.carer == carer_id))
        await audit.record(actor_id, "visit", visit_id, "move", before, await call_snapshot(visit_id))
    return await get_call(visit_id)


async def _moved(visit: dict, now: dict[int, int], to_carer: int | None, from_carer: int | None,
                 start: int | None) -> MovedTimes:
    """Each carer's start (minutes) after a move: a double-up with parts keeps every part's
    offset, as the move's preview (move_checks) and the solver have it."""
    from api.domain.people.availability import skills_valid_on

    parts = parts_of(visit, await pattern_rules([visit]))
    call = Call(id=str(visit["id"]), client_id=str(visit["client"]), location=(0.0, 0.0),
                earliest=visit["window_start"] * 60, latest=visit["window_end"] * 60,
                duration=visit["duration_minutes"] * 60, carers_required=visit["carers_required"],
                skills=tuple(_json_list(visit["required_skills"])), parts=parts)
    skills = {str(k): v for k, v in (await skills_valid_on(visit["date"])).items()} if parts else {}
    moved = moved_times(call, {str(c): t for c, t in now.items()}, skills,
                        None if to_carer is None else str(to_carer),
                        None if from_carer is None else str(from_carer), start, unit=60)
    return MovedTimes(moved.call_start, moved.call_start_before, {int(c): t for c, t in moved.starts.items()},
                      {int(c): r for c, r in moved.parts.items()}, None if moved.named is None else int(moved.named))


def _json_list(value) -> list:
    """A JSON column as read without load_json (a string) or with it (a list)."""
    return json.loads(value) if isinstance(value, str) else list(value or [])


async def pin_call(visit_id: int, data: PinIn, actor_id: int) -> CallOut:
    """Pin (lock) a call's assignments so the optimiser leaves them alone, or unpin."""
    async with write_transaction():
        await _open_visit(visit_id, data.version)
        before = await call_snapshot(visit_id)
        if not before["assignments"]:
            raise invalid("locked", "an unallocated call has nothing to pin")
        await versioned_update(Visit, visit_id, data.version, {})
        await Assignment.update({Assignment.locked: data.locked, Assignment.version: Assignment.version + 1}).where(
            Assignment.visit == visit_id)
        await audit.record(actor_id, "visit", visit_id, "pin" if data.locked else "unpin", before,
                           await call_snapshot(visit_id))
    return await get_call(visit_id)


async def cancel_call(visit_id: int, data: CancelIn, actor_id: int) -> CallOut:
    async with write_transaction():
        await _open_visit(visit_id, data.version)
        if await _checked_in(visit_id):
            raise ConflictException(detail="a carer has already checked in to this call")
        before = await call_snapshot(visit_id)
        await versioned_update(Visit, visit_id, data.version, {Visit.status: "cancelled", Visit.changed_by_hand: True})
        await Assignment.delete().where(Assignment.visit == visit_id)
        after = await call_snapshot(visit_id)
        after["reason"] = data.reason
        await audit.record(actor_id, "visit", visit_id, "cancel", before, after)
    return await get_call(visit_id)


async def unassign(visit_id: int, data: UnassignIn, actor_id: int) -> CallOut:
    async with write_transaction():
        await _open_visit(visit_id, data.version)
        if not await Assignment.exists().where((Assignment.visit == visit_id) & (Assignment.carer == data.carer_id)):
            raise invalid("carer_id", f"carer {data.carer_id} is not on this call")
        before = await call_snapshot(visit_id)
        await versioned_update(Visit, visit_id, data.version, {})
        await Assignment.delete().where((Assignment.visit == visit_id) & (Assignment.carer == data.carer_id))
        await audit.record(actor_id, "visit", visit_id, "unassign", before, await call_snapshot(visit_id))
    return await get_call(visit_id)
