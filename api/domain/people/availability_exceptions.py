"""Exceptions to a carer's standing availability (their default rota): a date or a range of
dates when they are unavailable, or available at other hours. The optimiser's problem, the day
board, the capacity report and the carer's 4-week view read them (people/availability.py).

Stored one row per date, so every reader keeps its one simple query; the record page sees them
grouped back into ranges. Saved against the carer's version (a stale record is a 409 naming who
changed what) and audited on the carer.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from api.domain.shared import audit
from api.domain.shared.common import (
    HHMM_PATTERN, hhmm_to_minutes, invalid, minutes_to_hhmm, not_found, server_today, versioned_update,
)
from api.domain.shared.db import write_transaction
from api.domain.shared.stale import explained
from api.domain.tables import AvailabilityException, Carer

MAX_DAYS = 366
HHMM = Annotated[str, Meta(pattern=HHMM_PATTERN, description="time of day HH:MM")]


class ExceptionIn(msgspec.Struct):
    version: Annotated[int, Meta(ge=1, description="the carer record's version")]
    date_from: dt.date
    date_to: dt.date | None = None  # one day when left out
    available: bool = False  # False: not available at all those days
    start: HHMM | None = None  # the hours they can work instead (when available)
    end: HHMM | None = None
    reason: Annotated[str, Meta(max_length=255)] = ""


class ExceptionRemoveIn(msgspec.Struct):
    version: Annotated[int, Meta(ge=1, description="the carer record's version")]
    date_from: dt.date
    date_to: dt.date | None = None


class ExceptionOut(msgspec.Struct):
    date_from: dt.date
    date_to: dt.date
    available: bool
    start: str | None
    end: str | None
    reason: str


class CarerExceptions(msgspec.Struct):
    carer_id: int
    version: int
    exceptions: list[ExceptionOut]


def _range(date_from: dt.date, date_to: dt.date | None) -> list[dt.date]:
    date_to = date_to or date_from
    if date_to < date_from:
        raise invalid("date_to", "is before date_from")
    if (date_to - date_from).days + 1 > MAX_DAYS:
        raise invalid("date_to", f"an exception covers at most {MAX_DAYS} days")
    return [date_from + dt.timedelta(days=i) for i in range((date_to - date_from).days + 1)]


def _hours(data: ExceptionIn) -> tuple[int | None, int | None]:
    if not data.available:
        if data.start or data.end:
            raise invalid("start", "give hours only when the carer is available at other hours")
        return None, None
    if not data.start:
        raise invalid("start", "is required when the carer is available at other hours")
    if not data.end:
        raise invalid("end", "is required when the carer is available at other hours")
    start, end = hhmm_to_minutes(data.start, "start"), hhmm_to_minutes(data.end, "end")
    if end <= start:
        raise invalid("end", "must be after start")
    return start, end


async def list_exceptions(carer_id: int, since: dt.date) -> CarerExceptions:
    """The carer's exceptions from `since` on, consecutive dates with the same hours and reason
    as one range."""
    carer = await Carer.select(Carer.version).where(Carer.id == carer_id).first()
    if carer is None:
        raise not_found("carer", carer_id)
    rows = await AvailabilityException.select().where(
        (AvailabilityException.carer == carer_id) & (AvailabilityException.date >= since)
    ).order_by(AvailabilityException.date)
    out: list[ExceptionOut] = []
    for r in rows:
        available = bool(r["available"] and r["start_minute"] is not None and r["end_minute"] is not None)
        start = minutes_to_hhmm(r["start_minute"]) if available else None
        end = minutes_to_hhmm(r["end_minute"]) if available else None
        last = out[-1] if out else None
        if (last and last.date_to + dt.timedelta(days=1) == r["date"] and
                (last.available, last.start, last.end, last.reason) == (available, start, end, r["reason"])):
            last.date_to = r["date"]
        else:
            out.append(ExceptionOut(r["date"], r["date"], available, start, end, r["reason"]))
    return CarerExceptions(carer_id, carer["version"], out)


async def _save(carer_id: int, version: int, days: list[dt.date], action: str, actor_id: int | None,
                new_rows: list[AvailabilityException]) -> CarerExceptions:
    if not await Carer.exists().where(Carer.id == carer_id):
        raise not_found("carer", carer_id)
    async with write_transaction():
        before = await list_exceptions(carer_id, days[0])
        async with explained("carer", carer_id, version):
            await versioned_update(Carer, carer_id, version, {})
        await AvailabilityException.delete().where(
            (AvailabilityException.carer == carer_id) & AvailabilityException.date.is_in(days))
        if new_rows:
            await AvailabilityException.insert(*new_rows)
        after = await list_exceptions(carer_id, days[0])
        await audit.record(actor_id, "carer", carer_id, action,
                           {"version": version, "availability_exceptions": msgspec.to_builtins(before.exceptions)},
                           {"version": version + 1, "availability_exceptions": msgspec.to_builtins(after.exceptions)})
    return await list_exceptions(carer_id, min(days[0], server_today()))


async def set_exception(carer_id: int, data: ExceptionIn, actor_id: int | None) -> CarerExceptions:
    """Make the dates exceptions (replacing any the dates had)."""
    days = _range(data.date_from, data.date_to)
    start, end = _hours(data)
    rows = [AvailabilityException(carer=carer_id, date=d, available=data.available, start_minute=start,
                                  end_minute=end, reason=data.reason) for d in days]
    return await _save(carer_id, data.version, days, "set_availability_exception", actor_id, rows)


async def remove_exceptions(carer_id: int, data: ExceptionRemoveIn, actor_id: int | None) -> CarerExceptions:
    """The standing availability applies again on these dates."""
    days = _range(data.date_from, data.date_to)
    return await _save(carer_id, data.version, days, "remove_availability_exception", actor_id, [])
