"""Contracted hours with effective-dated changes (issue 11 point 4, the planner's "change of
hours": "from Monday 22.5 h instead of 30 h").

A carer starts on Carer.contracted_minutes; each ContractedHours row changes them from its date
on, and the history is kept. Everything that compares work with the contract (the optimiser's
target, the hours-against-contract report, the rota's hours, leave impact) asks `ContractTimeline`
for the hours in force on the date it looks at, so a change from next Monday leaves this week
alone. A change is saved against the carer's version: a stale record is a 409 naming who
changed what, and every change is audited on the carer.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from api.domain.shared import audit
from api.domain.shared.common import ConflictException, invalid, not_found, server_today, versioned_update
from api.domain.shared.db import write_transaction
from api.domain.shared.stale import explained
from api.domain.tables import Carer, ContractedHours

WeeklyMinutes = Annotated[int, Meta(ge=0, le=80 * 60, description="contracted minutes a week")]


class HoursChangeIn(msgspec.Struct):
    version: Annotated[int, Meta(ge=1, description="the carer record's version")]
    effective_from: dt.date
    contracted_minutes: WeeklyMinutes
    note: Annotated[str, Meta(max_length=255)] = ""


class HoursWithdrawIn(msgspec.Struct):
    version: Annotated[int, Meta(ge=1, description="the carer record's version")]


class HoursChangeOut(msgspec.Struct):
    id: int | None  # None: the hours the carer started on
    effective_from: dt.date | None  # None: since they started
    contracted_minutes: int
    note: str = ""
    recorded_by: str = ""


class CarerHours(msgspec.Struct):
    carer_id: int
    version: int
    today: dt.date
    in_force: HoursChangeOut
    scheduled: list[HoursChangeOut]  # changes from a later date, soonest first
    history: list[HoursChangeOut]  # what was in force before, newest first


class ContractTimeline:
    """Each carer's weekly contracted minutes on any date, from one read of the changes."""

    def __init__(self, base: dict[int, int], changes: dict[int, list[tuple[dt.date, int]]]):
        self._base = base
        self._changes = {c: sorted(rows) for c, rows in changes.items()}
        self._dates = {c: [d for d, _ in rows] for c, rows in self._changes.items()}

    def carers(self) -> list[int]:
        return list(self._base)

    def on(self, carer_id: int, day: dt.date) -> int:
        rows = self._changes.get(carer_id)
        if rows:
            i = bisect.bisect_right(self._dates[carer_id], day)
            if i:
                return rows[i - 1][1]
        return self._base.get(carer_id, 0)

    def week(self, carer_id: int, monday: dt.date) -> float:
        """Contracted minutes for the week from `monday`: a change mid-week counts for its days."""
        return sum(self.on(carer_id, monday + dt.timedelta(days=i)) for i in range(7)) / 7

    def next_change(self, carer_id: int, after: dt.date) -> tuple[dt.date, int] | None:
        rows = self._changes.get(carer_id) or []
        i = bisect.bisect_right(self._dates.get(carer_id, []), after)
        return rows[i] if i < len(rows) else None


async def load_timeline(carer_ids: list[int] | None = None) -> ContractTimeline:
    """Two queries whatever the number of carers (None: all of them)."""
    carers = Carer.select(Carer.id, Carer.contracted_minutes)
    changes = ContractedHours.select(ContractedHours.carer, ContractedHours.effective_from, ContractedHours.minutes)
    if carer_ids is not None:
        carers = carers.where(Carer.id.is_in(carer_ids or [-1]))
        changes = changes.where(ContractedHours.carer.is_in(carer_ids or [-1]))
    by_carer: dict[int, list[tuple[dt.date, int]]] = {}
    for r in await changes:
        by_carer.setdefault(r["carer"], []).append((r["effective_from"], r["minutes"]))
    return ContractTimeline({c["id"]: c["contracted_minutes"] for c in await carers}, by_carer)


async def hours_on(day: dt.date, carer_ids: list[int] | None = None) -> dict[int, int]:
    timeline = await load_timeline(carer_ids)
    return {c: timeline.on(c, day) for c in timeline.carers()}


async def _carer(carer_id: int) -> dict:
    row = await Carer.select().where(Carer.id == carer_id).first()
    if row is None:
        raise not_found("carer", carer_id)
    return row


async def carer_hours(carer_id: int, today: dt.date | None = None) -> CarerHours:
    """The record page's view: the hours in force today, the changes to come, and the history."""
    today = today or server_today()
    carer = await _carer(carer_id)
    rows = await ContractedHours.select(
        *ContractedHours.all_columns(), ContractedHours.recorded_by.display_name.as_alias("by"),
    ).where(ContractedHours.carer == carer_id).order_by(ContractedHours.effective_from)
    start = HoursChangeOut(None, carer["employment_start"], carer["contracted_minutes"], "hours on starting")
    changes = [HoursChangeOut(r["id"], r["effective_from"], r["minutes"], r["note"], r["by"] or "") for r in rows]
    past = [start] + [c for c in changes if c.effective_from <= today]
    return CarerHours(carer_id, carer["version"], today, past[-1],
                      [c for c in changes if c.effective_from > today], list(reversed(past[:-1])))


def _snapshot(version: int, hours: CarerHours) -> dict:
    """What the audit keeps of the hours: the stale-save message names `contracted_hours`."""
    return {"version": version, "contracted_hours": [msgspec.to_builtins(c) for c in
                                                     [*reversed(hours.history), hours.in_force, *hours.scheduled]]}


async def change_hours(carer_id: int, data: HoursChangeIn, actor_id: int | None) -> CarerHours:
    """Record new contracted hours from a date (replacing a change already set for that date)."""
    carer = await _carer(carer_id)
    if carer["employment_start"] and data.effective_from < carer["employment_start"]:
        raise invalid("effective_from", f"is before the carer started ({carer['employment_start']})")
    async with write_transaction():
        before = await carer_hours(carer_id)
        async with explained("carer", carer_id, data.version):
            await versioned_update(Carer, carer_id, data.version, {})
        await ContractedHours.delete().where(
            (ContractedHours.carer == carer_id) & (ContractedHours.effective_from == data.effective_from))
        await ContractedHours.insert(ContractedHours(
            carer=carer_id, effective_from=data.effective_from, minutes=data.contracted_minutes,
            note=data.note, recorded_by=actor_id))
        after = await carer_hours(carer_id)
        await audit.record(actor_id, "carer", carer_id, "change_hours", _snapshot(data.version, before),
                           _snapshot(data.version + 1, after))
    return after


async def withdraw_change(carer_id: int, change_id: int, data: HoursWithdrawIn, actor_id: int | None) -> CarerHours:
    """Take back a change that has not come into force yet; one in force is history (record a
    new change instead)."""
    row = await ContractedHours.select().where(
        (ContractedHours.id == change_id) & (ContractedHours.carer == carer_id)).first()
    if row is None:
        raise not_found("change of hours", change_id)
    if row["effective_from"] <= server_today():
        raise ConflictException(detail=f"the change from {row['effective_from']} is already in force: "
                                       "record a new change of hours instead")
    async with write_transaction():
        before = await carer_hours(carer_id)
        async with explained("carer", carer_id, data.version):
            await versioned_update(Carer, carer_id, data.version, {})
        await ContractedHours.delete().where(ContractedHours.id == change_id)
        after = await carer_hours(carer_id)
        await audit.record(actor_id, "carer", carer_id, "withdraw_hours_change", _snapshot(data.version, before),
                           _snapshot(data.version + 1, after))
    return after


async def record_change_today(carer_id: int, minutes: int, actor_id: int | None) -> None:
    """A plain edit of the hours on the carer record: a change from today, history kept (the
    caller holds the write transaction and has checked the version)."""
    today = server_today()
    await ContractedHours.delete().where(
        (ContractedHours.carer == carer_id) & (ContractedHours.effective_from == today))
    await ContractedHours.insert(ContractedHours(carer=carer_id, effective_from=today, minutes=minutes,
                                                 note="edited on the carer record", recorded_by=actor_id))


__all__ = ["ContractTimeline", "load_timeline", "hours_on", "carer_hours", "change_hours", "withdraw_change",
           "record_change_today", "HoursChangeIn", "HoursWithdrawIn", "HoursChangeOut", "CarerHours"]
