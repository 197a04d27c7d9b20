"""A carer's default rota (their standing weekly availability) with changes from a date, as the
planner says "from Monday she works mornings only". Each version of the week is the set of
Availability rows sharing an `effective_from` (None: since the carer started); the version in
force on a date is the latest from on or before it, and the earlier ones stay as history.

Every reader of availability (the optimiser's problem, the day board, the capacity report, the
carer's 4-week view) asks `RotaTimeline` for the spans of a date, so a change from next Monday
leaves this week alone. Saved against the carer's version and audited on the carer.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from api.domain.shared import audit
from api.domain.shared.common import (
    HHMM_PATTERN, ConflictException, hhmm_to_minutes, invalid, minutes_to_hhmm, not_found, server_today,
    versioned_update,
)
from api.domain.shared.db import write_transaction
from api.domain.shared.stale import explained
from api.domain.tables import Availability, Carer

Span = tuple[int, int]  # minutes from midnight


class RotaTimeline:
    """Each carer's versions of the week, read once: spans on any date."""

    def __init__(self, rows: list[dict]):
        versions: dict[int, dict[dt.date, dict[int, list[Span]]]] = {}
        for r in rows:
            week = versions.setdefault(r["carer"], {}).setdefault(r["effective_from"] or dt.date.min, {})
            week.setdefault(r["weekday"], []).append((r["start_minute"], r["end_minute"]))
        self._versions = {c: sorted(v.items()) for c, v in versions.items()}
        self._dates = {c: [d for d, _ in v] for c, v in self._versions.items()}

    def carers(self) -> list[int]:
        return list(self._versions)

    def week_on(self, carer_id: int, day: dt.date) -> dict[int, list[Span]]:
        """The version of the week in force on `day` (weekday -> spans); {} before any."""
        i = bisect.bisect_right(self._dates.get(carer_id, []), day)
        return self._versions[carer_id][i - 1][1] if i else {}

    def spans(self, carer_id: int, day: dt.date) -> list[Span]:
        return sorted(self.week_on(carer_id, day).get(day.weekday(), []))

    def weekdays(self, carer_id: int, day: dt.date) -> set[int]:
        return set(self.week_on(carer_id, day))

    def versions(self, carer_id: int) -> list[tuple[dt.date | None, dict[int, list[Span]]]]:
        return [(None if d == dt.date.min else d, w) for d, w in self._versions.get(carer_id, [])]


async def load_rotas(carer_ids: list[int] | None = None) -> RotaTimeline:
    query = Availability.select(Availability.carer, Availability.weekday, Availability.start_minute,
                                Availability.end_minute, Availability.effective_from)
    if carer_ids is not None:
        query = query.where(Availability.carer.is_in(carer_ids or [-1]))
    return RotaTimeline(await query)


# --- the record page's view and its changes --------------------------------------------------

class SpanOut(msgspec.Struct):
    weekday: int
    start: str
    end: str


class RotaVersion(msgspec.Struct):
    effective_from: dt.date | None  # None: since the carer started
    availability: list[SpanOut]


class CarerRota(msgspec.Struct):
    carer_id: int
    version: int
    today: dt.date
    in_force: RotaVersion | None
    scheduled: list[RotaVersion]  # changes from a later date, soonest first
    history: list[RotaVersion]  # the weeks in force before, newest first


HHMM = Annotated[str, Meta(pattern=HHMM_PATTERN, description="time of day HH:MM")]


class RotaSpanIn(msgspec.Struct):
    weekday: Annotated[int, Meta(ge=0, le=6, description="0 = Monday")]
    start: HHMM
    end: HHMM


MAX_NIGHT_SPAN = 16 * 60  # a span across midnight: a night, not most of a day


def check_spans(slots, field: str = "availability") -> list[dict]:
    """Rows for the spans of a week (anything with weekday, start, end), or a 400 naming the
    span: a day may hold several spans (a split shift) but they must not overlap."""
    rows = []
    for i, slot in enumerate(slots):
        start = hhmm_to_minutes(slot.start, f"{field}[{i}].start")
        end = hhmm_to_minutes(slot.end, f"{field}[{i}].end")
        if end < start and end + 24 * 60 - start <= MAX_NIGHT_SPAN:
            end += 24 * 60  # a night: until that time the next morning (stored past 24:00)
        if end <= start:
            raise invalid(f"{field}[{i}].end", "must be after start (or, for a night, "
                          f"the next morning at most {MAX_NIGHT_SPAN // 60} hours later)")
        rows.append({"weekday": slot.weekday, "start_minute": start, "end_minute": end})
    ordered = sorted(range(len(rows)), key=lambda i: (rows[i]["weekday"], rows[i]["start_minute"]))
    for prev, cur in zip(ordered, ordered[1:]):
        if rows[prev]["weekday"] == rows[cur]["weekday"] and rows[cur]["start_minute"] < rows[prev]["end_minute"]:
            raise invalid(f"{field}[{cur}].start", f"overlaps the {minutes_to_hhmm(rows[prev]['start_minute'])}-"
                          f"{minutes_to_hhmm(rows[prev]['end_minute'])} span of the same day")
    return rows


class RotaChangeIn(msgspec.Struct):
    version: Annotated[int, Meta(ge=1, description="the carer record's version")]
    effective_from: dt.date
    availability: Annotated[list[RotaSpanIn], Meta(max_length=7 * 6)]


class RotaWithdrawIn(msgspec.Struct):
    version: Annotated[int, Meta(ge=1, description="the carer record's version")]
    effective_from: dt.date


def _version(effective_from: dt.date | None, week: dict[int, list[Span]]) -> RotaVersion:
    return RotaVersion(effective_from, [SpanOut(d, minutes_to_hhmm(s), minutes_to_hhmm(e % (24 * 60)))
                                        for d in sorted(week) for s, e in sorted(week[d])])


async def carer_rota(carer_id: int, today: dt.date | None = None) -> CarerRota:
    today = today or server_today()
    carer = await Carer.select(Carer.version).where(Carer.id == carer_id).first()
    if carer is None:
        raise not_found("carer", carer_id)
    versions = [_version(d, w) for d, w in (await load_rotas([carer_id])).versions(carer_id)]
    n = sum(1 for v in versions if v.effective_from is None or v.effective_from <= today)
    return CarerRota(carer_id, carer["version"], today, versions[n - 1] if n else None,
                     versions[n:], list(reversed(versions[:max(0, n - 1)])))


def _snapshot(version: int, rota: CarerRota) -> dict:
    """What the audit keeps: the stale-save message names `default_rota`."""
    return {"version": version, "default_rota": msgspec.to_builtins(
        [*reversed(rota.history), *([rota.in_force] if rota.in_force else []), *rota.scheduled])}


async def _save(carer_id: int, version: int, effective_from: dt.date, rows: list[dict], action: str,
                actor_id: int | None) -> CarerRota:
    async with write_transaction():
        before = await carer_rota(carer_id)
        async with explained("carer", carer_id, version):
            await versioned_update(Carer, carer_id, version, {})
        await Availability.delete().where(
            (Availability.carer == carer_id) & (Availability.effective_from == effective_from))
        if rows:
            await Availability.insert(*[Availability(carer=carer_id, effective_from=effective_from, **r) for r in rows])
        after = await carer_rota(carer_id)
        await audit.record(actor_id, "carer", carer_id, action, _snapshot(version, before), _snapshot(version + 1, after))
    return after


async def change_rota(carer_id: int, data: RotaChangeIn, actor_id: int | None) -> CarerRota:
    """A new week from a date (today or later), replacing a change already set for that date."""
    rows = check_spans(data.availability)
    if data.effective_from < server_today():
        raise invalid("effective_from", "a change of default rota starts today or later")
    if not rows:
        raise invalid("availability", "give at least one span (a carer who stops working is marked as left)")
    return await _save(carer_id, data.version, data.effective_from, rows, "change_default_rota", actor_id)


async def withdraw_rota_change(carer_id: int, data: RotaWithdrawIn, actor_id: int | None) -> CarerRota:
    rota = await carer_rota(carer_id)
    if not any(v.effective_from == data.effective_from for v in rota.scheduled):
        if rota.in_force and rota.in_force.effective_from == data.effective_from:
            raise ConflictException(detail=f"the default rota from {data.effective_from} is already in force: "
                                           "set a new change instead")
        raise not_found("default rota change from", data.effective_from)
    return await _save(carer_id, data.version, data.effective_from, [], "withdraw_default_rota_change", actor_id)


async def replace_in_force(carer_id: int, rows: list[dict]) -> None:
    """A plain edit of the carer record's `availability`: it corrects the week in force today
    (the caller holds the write transaction and has checked the version); changes to come stay."""
    rota = await carer_rota(carer_id)
    key = rota.in_force.effective_from if rota.in_force else None
    where = Availability.carer == carer_id
    where &= Availability.effective_from.is_null() if key is None else Availability.effective_from == key
    await Availability.delete().where(where)
    if rows:
        await Availability.insert(*[Availability(carer=carer_id, effective_from=key, **r) for r in rows])
