"""A client's standing weekly pattern edited as a whole week, effective from a date.

The pattern is the client's defaults in force on a date. Saving a new pattern from a date ends
the defaults in force then on the day before (so this week's calls stay as they are), drops the
ones that would only have started later, and adds the new ones from that date. Calls already
generated from that date on follow: unstarted calls of the ended defaults (not changed by hand)
are removed and the new pattern's calls are generated over the days already generated. A
preview lists the calls the change would add and remove over 4 weeks before anything is saved.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from api.domain.clients.defaults import CarersRequired, Duration, TaskName, in_force
from api.domain.people.carers import HHMM, Skill, Weekday
from api.domain.shared import audit
from api.domain.shared.choices import CallType
from api.domain.shared.common import ConflictException, hhmm_to_minutes, invalid, minutes_to_hhmm, not_found, server_today
from api.domain.shared.db import write_transaction
from api.domain.shared.stale import explained
from api.domain.tables import Client, ClientDefault, Visit, VisitLog

PREVIEW_DAYS = 28
REFILL_MAX_DAYS = 56


Offset = Annotated[int, Meta(ge=0, le=12 * 60, description="minutes after the call's start")]
Gap = Annotated[int, Meta(ge=0, le=48 * 60, description="minutes between the two calls' starts")]


class PartIn(msgspec.Struct):
    """One carer's part of a double-up whose carers differ: "the second carer, hoist-trained,
    arrives 30 minutes after the first and stays 20 minutes"."""

    required_skills: list[Skill] = []
    duration_minutes: Duration | None = None  # none: the call's
    offset_minutes: Offset = 0


class LinkToPrevious(msgspec.Struct):
    """A rule to the client's call before this one: that day's ("lunch at least 3 h after
    breakfast"), or with ``day`` "previous" the client's last call the day before ("at least 10 h
    after last night's call", "the same carer as last night's sleep-in")."""

    min_gap_minutes: Gap = 0
    max_gap_minutes: Gap | None = None
    carer: Literal["any", "same", "different"] = "any"
    day: Literal["same", "previous"] = "same"


class PatternCall(msgspec.Struct):
    """One call of the week on the days it happens (one client default per day).

    ``parts`` (one per carer of a double-up) give its carers their own skills, length and
    arrival; ``link_to_previous`` ties it to the client's call before it that day."""

    weekdays: Annotated[list[Weekday], Meta(min_length=1, max_length=7)]
    start: HHMM
    duration_minutes: Duration
    carers_required: CarersRequired = 1
    required_skills: list[Skill] = []
    tasks: list[TaskName] = []
    call_type: CallType = CallType.OTHER
    parts: Annotated[list[PartIn], Meta(max_length=3)] = []
    link_to_previous: LinkToPrevious | None = None


class PatternIn(msgspec.Struct):
    version: Annotated[int, Meta(ge=1, description="the pattern version read")]
    from_date: dt.date
    calls: Annotated[list[PatternCall], Meta(max_length=40)]


class PatternOut(msgspec.Struct):
    client_id: int
    client_name: str
    version: int
    on: dt.date
    calls: list[PatternCall]
    later_changes: list[dt.date]  # dates after `on` when a saved change starts


class CallLine(msgspec.Struct):
    date: dt.date
    start: str
    duration_minutes: int
    carers_required: int
    call_type: str
    required_skills: list[str]


class PatternPreview(msgspec.Struct):
    from_date: dt.date
    until: dt.date
    added: list[CallLine]
    removed: list[CallLine]
    unchanged: int


def _call_key(row: dict) -> tuple:
    """What a default's calls are made of: two defaults with the same key make the same call."""
    return (row["start_minute"], row["duration_minutes"], row["carers_required"],
            tuple(sorted(row["required_skills"] or [])), tuple(row["tasks"] or []), row["call_type"])


def _key(row: dict) -> tuple:
    """The call and its rules (parts, link), which are read from the default when the day is
    planned: a change of rules alone keeps the calls already made, carer and all."""
    return _call_key(row) + (json.dumps(row.get("parts") or [], sort_keys=True),
                             json.dumps(row.get("link_to_previous") or {}, sort_keys=True))


def _group(rows: list[dict]) -> list[PatternCall]:
    """Defaults that differ only by weekday become one pattern call on several days."""
    days: dict[tuple, list[int]] = {}
    for row in rows:
        days.setdefault(_key(row), []).append(row["weekday"])
    calls = [PatternCall(weekdays=sorted(set(d)), start=minutes_to_hhmm(k[0]), duration_minutes=k[1],
                         carers_required=k[2], required_skills=list(k[3]), tasks=list(k[4]),
                         call_type=k[5] or CallType.OTHER,
                         parts=msgspec.convert(json.loads(k[6]), list[PartIn]),
                         link_to_previous=msgspec.convert(json.loads(k[7]), LinkToPrevious) if k[7] != "{}" else None)
             for k, d in days.items()]
    return sorted(calls, key=lambda c: (c.start, c.weekdays))


def _parts(call: PatternCall, field: str) -> list[dict]:
    """The parts as stored, checked: one per carer, each finishing within the call's length."""
    if not call.parts:
        return []
    if len(call.parts) != call.carers_required:
        raise invalid(field, f"give one part per carer ({call.carers_required}), or none")
    if call.carers_required < 2:
        raise invalid(field, "parts are for a double-up (two or more carers)")
    out = []
    for r, part in enumerate(call.parts):
        length = part.duration_minutes or call.duration_minutes
        if part.offset_minutes + length > call.duration_minutes:
            raise invalid(f"{field}[{r}].offset_minutes", "the part would end after the call")
        out.append({"required_skills": sorted(set(part.required_skills)), "duration_minutes": part.duration_minutes,
                    "offset_minutes": part.offset_minutes})
    if min(p["offset_minutes"] for p in out) != 0:
        raise invalid(f"{field}[0].offset_minutes", "one part starts with the call (offset 0)")
    return out


def _link(call: PatternCall, field: str) -> dict:
    link = call.link_to_previous
    if link is None:
        return {}
    if link.max_gap_minutes is not None and link.max_gap_minutes < link.min_gap_minutes:
        raise invalid(f"{field}.max_gap_minutes", "the most must not be less than the least")
    out = {"min_gap_minutes": link.min_gap_minutes, "max_gap_minutes": link.max_gap_minutes, "carer": link.carer}
    if link.day == "previous":
        out["day"] = "previous"  # stored only when set: links to the call before that day stay as they were
    return out


def _rows(calls: list[PatternCall]) -> list[dict]:
    rows = []
    for i, call in enumerate(calls):
        start = hhmm_to_minutes(call.start, f"calls[{i}].start")  # a call may run past midnight
        parts, link = _parts(call, f"calls[{i}].parts"), _link(call, f"calls[{i}].link_to_previous")
        for weekday in sorted(set(call.weekdays)):
            rows.append({"weekday": weekday, "start_minute": start, "duration_minutes": call.duration_minutes,
                         "carers_required": call.carers_required, "required_skills": sorted(set(call.required_skills)),
                         "tasks": list(call.tasks), "call_type": call.call_type, "active": True,
                         "effective_from": None, "effective_until": None, "parts": parts, "link_to_previous": link,
                         "_index": i})
    _check_overlaps(rows)
    _check_links(rows)
    for row in rows:
        del row["_index"]
    return rows


def _check_links(rows: list[dict]) -> None:
    """A call linked to the one before needs a call before it on each of its days: that day, or
    (linked to the day before) any call on the weekday before (Sunday before Monday)."""
    names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    firsts = {}
    for row in rows:
        if row["weekday"] not in firsts or row["start_minute"] < firsts[row["weekday"]]["start_minute"]:
            firsts[row["weekday"]] = row
    for weekday, row in firsts.items():
        if row["link_to_previous"] and row["link_to_previous"].get("day") != "previous":
            raise invalid(f"calls[{row['_index']}].link_to_previous",
                          f"it is the first call on {names[weekday]}: there is no call before it to link to")
    days = {row["weekday"] for row in rows}
    for row in rows:
        before = (row["weekday"] - 1) % 7
        if (row["link_to_previous"] or {}).get("day") == "previous" and before not in days:
            raise invalid(f"calls[{row['_index']}].link_to_previous.day",
                          f"there is no call on {names[before]} to link the {names[row['weekday']]} call to")


def _check_overlaps(rows: list[dict]) -> None:
    by_day: dict[int, list[dict]] = {}
    for row in rows:
        by_day.setdefault(row["weekday"], []).append(row)
    names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    for weekday, day_rows in by_day.items():
        day_rows.sort(key=lambda r: r["start_minute"])
        for a, b in zip(day_rows, day_rows[1:]):
            if b["start_minute"] < a["start_minute"] + a["duration_minutes"]:
                raise invalid("calls", f"two calls overlap on {names[weekday]} at "
                              f"{minutes_to_hhmm(b['start_minute'])}")


async def _client(client_id: int) -> dict:
    row = await Client.select().where(Client.id == client_id).first()
    if row is None:
        raise not_found("client", client_id)
    return row


async def _defaults(client_id: int) -> list[dict]:
    return await ClientDefault.select().where(
        (ClientDefault.client == client_id) & (ClientDefault.active == True)  # noqa: E712
    ).output(load_json=True)


def _in_force_on(rows: list[dict], on: dt.date) -> list[dict]:
    return [r for r in rows if (r["effective_from"] is None or r["effective_from"] <= on)
            and (r["effective_until"] is None or on <= r["effective_until"])]


async def get_pattern(client_id: int, on: dt.date) -> PatternOut:
    client = await _client(client_id)
    rows = await _defaults(client_id)
    later = sorted({r["effective_from"] for r in rows if r["effective_from"] and r["effective_from"] > on})
    return PatternOut(client_id=client_id, client_name=client["name"], version=client["pattern_version"],
                      on=on, calls=_group(_in_force_on(rows, on)), later_changes=later)


def _line(day: dt.date, row: dict) -> CallLine:
    return CallLine(day, minutes_to_hhmm(row["start_minute"]), row["duration_minutes"], row["carers_required"],
                    row["call_type"] or CallType.OTHER, list(row["required_skills"] or []))


def _compare(client: dict, old: list[dict], new: list[dict], start: dt.date) -> PatternPreview:
    from api.domain.rostering.calls import client_receives_calls

    added, removed, same = [], [], 0
    for offset in range(PREVIEW_DAYS):
        day = start + dt.timedelta(days=offset)
        if not client_receives_calls(client, day):
            continue
        before = Counter(_call_key(r) for r in old if in_force(r, day))
        after = Counter(_call_key(r) for r in new if r["weekday"] == day.weekday())
        example = {_call_key(r): r for r in [*old, *new]}
        for key in sorted((after - before).elements()):
            added.append(_line(day, example[key]))
        for key in sorted((before - after).elements()):
            removed.append(_line(day, example[key]))
        same += sum((before & after).values())
    return PatternPreview(from_date=start, until=start + dt.timedelta(days=PREVIEW_DAYS - 1),
                          added=added, removed=removed, unchanged=same)


async def preview(client_id: int, data: PatternIn) -> PatternPreview:
    """The calls saving `data` would add and remove over the 4 weeks from its date."""
    client = await _client(client_id)
    return _compare(client, await _defaults(client_id), _rows(data.calls), data.from_date)


async def replace_pattern(client_id: int, data: PatternIn, actor_id: int | None) -> tuple[PatternOut, PatternPreview]:
    new_rows = _rows(data.calls)
    today = server_today()
    if data.from_date < today:
        raise invalid("from_date", "a pattern change starts today or later (past calls are history)")
    start = data.from_date
    async with write_transaction():
        client = await _client(client_id)
        old = await _defaults(client_id)
        change = _compare(client, old, new_rows, start)
        before = await get_pattern(client_id, start)
        async with explained("client_pattern", client_id, data.version):
            updated = await Client.update({Client.pattern_version: data.version + 1}).where(
                (Client.id == client_id) & (Client.pattern_version == data.version)).returning(Client.id)
            if not updated:
                raise ConflictException(detail="stale pattern version",
                                        extra={"current_version": client["pattern_version"]})
        ended, dropped = [], []
        for row in old:
            if row["effective_until"] is not None and row["effective_until"] < start:
                continue  # already history
            if row["effective_from"] is not None and row["effective_from"] >= start:
                dropped.append(row["id"])  # never made a call: replaced before it began
            else:
                ended.append(row["id"])
        if ended:
            await ClientDefault.update({ClientDefault.effective_until: start - dt.timedelta(days=1),
                                        ClientDefault.version: ClientDefault.version + 1}).where(
                ClientDefault.id.is_in(ended))
        if dropped:
            await ClientDefault.update({ClientDefault.active: False, ClientDefault.version: ClientDefault.version + 1}).where(
                ClientDefault.id.is_in(dropped))
        successor: dict[tuple, int] = {}  # (weekday, call) -> the new default that carries it on
        if new_rows:
            inserted = await ClientDefault.insert(*[ClientDefault(client=client_id, **{**r, "effective_from": start})
                                                    for r in new_rows]).returning(ClientDefault.id)
            successor = {(r["weekday"], _call_key(r)): i["id"] for r, i in zip(new_rows, inserted)}
        carried = {row["id"]: successor[(row["weekday"], _call_key(row))] for row in old
                   if row["id"] in ended + dropped and (row["weekday"], _call_key(row)) in successor}
        horizon = await _generated_until()
        removed_calls = await _remove_calls_of(ended + dropped, start, actor_id, carried)
        after = await get_pattern(client_id, start)
        await audit.record(actor_id, "client_pattern", client_id, "replace_pattern",
                           {**msgspec.to_builtins(before), "version": data.version},
                           {**msgspec.to_builtins(after), "from_date": start, "removed_call_ids": removed_calls})
    await _refill(client_id, start, horizon, actor_id)
    return after, change


async def _remove_calls_of(default_ids: list[int], start: dt.date, actor_id: int | None,
                           carried: dict[int, int]) -> list[int]:
    """Calls made by ended defaults from `start` on: a call the new pattern still has (same
    weekday, time, length, carers, skills, tasks) stays as it is, carer and all, under its new
    default; other unstarted calls not changed by hand go (audited)."""
    if not default_ids:
        return []
    for old_id, new_id in carried.items():
        await Visit.update({Visit.client_default: new_id}).where(
            (Visit.client_default == old_id) & (Visit.date >= start))
    default_ids = [d for d in default_ids if d not in carried]
    if not default_ids:
        return []
    calls = await Visit.select(Visit.id, Visit.date, Visit.window_start, Visit.client).where(
        Visit.client_default.is_in(default_ids) & (Visit.date >= start) & (Visit.status == "planned")
        & (Visit.changed_by_hand == False))  # noqa: E712
    started = {r["visit"] for r in await VisitLog.select(VisitLog.visit).where(
        VisitLog.visit.is_in([c["id"] for c in calls] or [-1]))}
    gone = [c for c in calls if c["id"] not in started]
    if gone:
        await audit.record_many(actor_id, "visit", "remove_pattern_change",
                                [(c["id"], c, {"removed": "the weekly pattern changed"}) for c in gone])
        await Visit.delete().where(Visit.id.is_in([c["id"] for c in gone]))
    return [c["id"] for c in gone]


async def _generated_until() -> dt.date | None:
    """The last date the agency has generated calls for (from any client's defaults)."""
    last = await Visit.select(Visit.date).where(Visit.client_default.is_not_null()).order_by(
        Visit.date, ascending=False).first()
    return last["date"] if last else None


async def _refill(client_id: int, start: dt.date, horizon: dt.date | None, actor_id: int | None) -> None:
    """Generate the new pattern's calls over the days the agency has already generated."""
    from api.domain.rostering.calls import MAX_RANGE_DAYS, generate_calls

    if horizon is None or horizon < start:
        return
    end = min(horizon, start + dt.timedelta(days=REFILL_MAX_DAYS - 1))
    day = start
    while day <= end:
        chunk_end = min(end, day + dt.timedelta(days=MAX_RANGE_DAYS - 1))
        await generate_calls(day, chunk_end, actor_id, only_client=client_id)
        day = chunk_end + dt.timedelta(days=1)
