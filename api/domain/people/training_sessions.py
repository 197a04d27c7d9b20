"""Training sessions: booking a carer on a course for part of a day takes them off the rota
then. Their unstarted calls that overlap the session are released for cover exactly as
sickness releases them (the same audited release), and the optimiser and the board see the
time as unavailable (availability.standing_shifts)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from api.domain.people.carers import HHMM
from api.domain.people.training_catalogue import BY_CODE, course
from api.domain.rostering.cover import release_carer_calls
from api.domain.shared import audit
from api.domain.shared.common import hhmm_to_minutes, invalid, minutes_to_hhmm, not_found, versioned_update
from api.domain.shared.db import write_transaction
from api.domain.shared.references import require_row
from api.domain.shared.stale import explained
from api.domain.tables import Assignment, Carer, TrainingSession


class SessionIn(msgspec.Struct):
    carer_id: int
    course: Annotated[str, Meta(min_length=1, max_length=64)]
    date: dt.date
    start: HHMM
    end: HHMM
    notes: Annotated[str, Meta(max_length=255)] = ""


class SessionOut(msgspec.Struct):
    id: int
    version: int
    carer_id: int
    carer_name: str
    course: str
    course_name: str
    date: dt.date
    start: str
    end: str
    notes: str
    cancelled: bool
    released_call_ids: list[int] = []


def _out(row: dict, released: list[int] | None = None) -> SessionOut:
    c = course(row["course"])
    return SessionOut(id=row["id"], version=row["version"], carer_id=row["carer"], carer_name=row["carer_name"],
                      course=row["course"], course_name=c.name if c else row["course"], date=row["date"],
                      start=minutes_to_hhmm(row["start_minute"]), end=minutes_to_hhmm(row["end_minute"]),
                      notes=row["notes"], cancelled=row["cancelled"], released_call_ids=released or [])


def _query():
    return TrainingSession.select(*TrainingSession.all_columns(), TrainingSession.carer.name.as_alias("carer_name"))


async def get_session(session_id: int) -> SessionOut:
    row = await _query().where(TrainingSession.id == session_id).first()
    if row is None:
        raise not_found("training session", session_id)
    return _out(row)


async def list_sessions(start: dt.date | None, end: dt.date | None, carer_id: int | None) -> list[SessionOut]:
    query = _query().where(TrainingSession.cancelled == False).order_by(TrainingSession.date).limit(500)  # noqa: E712
    if start:
        query = query.where(TrainingSession.date >= start)
    if end:
        query = query.where(TrainingSession.date <= end)
    if carer_id is not None:
        query = query.where(TrainingSession.carer == carer_id)
    return [_out(r) for r in await query]


async def _overlapping_calls(carer_id: int, day: dt.date, start: int, end: int) -> list[int]:
    rows = await Assignment.select(Assignment.visit, Assignment.planned_start,
                                   Assignment.visit.duration_minutes.as_alias("duration")).where(
        (Assignment.carer == carer_id) & (Assignment.visit.date == day))
    return [r["visit"] for r in rows if r["planned_start"] < end and r["planned_start"] + r["duration"] > start]


async def book_session(data: SessionIn, actor_id: int | None, today: dt.date) -> SessionOut:
    if course(data.course) is None:
        raise invalid("course", f"unknown course; one of {', '.join(BY_CODE)}")
    await require_row(Carer, data.carer_id, "carer_id", "carer")
    if data.date < today:
        raise invalid("date", "a training session is booked for today or later")
    start, end = hhmm_to_minutes(data.start, "start"), hhmm_to_minutes(data.end, "end")
    if end <= start:
        raise invalid("end", "must be after start")
    async with write_transaction():
        rows = await TrainingSession.insert(TrainingSession(
            carer=data.carer_id, course=data.course, date=data.date, start_minute=start, end_minute=end,
            notes=data.notes, booked_by=actor_id)).returning(TrainingSession.id)
        session_id = rows[0]["id"]
        calls = await _overlapping_calls(data.carer_id, data.date, start, end)
        released = await release_carer_calls(data.carer_id, data.date, data.date, "carer on training",
                                             actor_id, only_visits=calls) if calls else []
        result = _out(await _query().where(TrainingSession.id == session_id).first(), released)
        await audit.record(actor_id, "training_session", session_id, "create", None, msgspec.to_builtins(result))
    return result


async def cancel_session(session_id: int, version: int, actor_id: int | None) -> SessionOut:
    """Cancel a booking: the carer is available again (released calls stay for the planner)."""
    async with write_transaction():
        before = await get_session(session_id)
        async with explained("training_session", session_id, version):  # a 409 names who changed it
            await versioned_update(TrainingSession, session_id, version, {TrainingSession.cancelled: True})
        after = await get_session(session_id)
        await audit.record(actor_id, "training_session", session_id, "cancel", msgspec.to_builtins(before),
                           msgspec.to_builtins(after))
    return after


async def sessions_on(day: dt.date) -> dict[int, list[tuple[int, int]]]:
    """Each carer's training time on a date (minutes from midnight)."""
    out: dict[int, list[tuple[int, int]]] = {}
    for row in await TrainingSession.select().where(
            (TrainingSession.date == day) & (TrainingSession.cancelled == False)):  # noqa: E712
        out.setdefault(row["carer"], []).append((row["start_minute"], row["end_minute"]))
    return out


def minus(windows: list[tuple[int, int]], busy: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Working windows with the busy intervals taken out (a session may split a shift)."""
    for b_start, b_end in busy:
        cut = []
        for w_start, w_end in windows:
            if b_end <= w_start or b_start >= w_end:
                cut.append((w_start, w_end))
                continue
            if w_start < b_start:
                cut.append((w_start, b_start))
            if b_end < w_end:
                cut.append((b_end, w_end))
        windows = cut
    return windows
