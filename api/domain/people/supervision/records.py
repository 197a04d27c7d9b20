"""A supervision, spot check or appraisal record: schedule or book it, then record it (held on,
observer, outcome, notes, actions), or edit it with optimistic concurrency; every change audited.
Recording one makes the next of its kind fall due from that date (schedule.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.auth import STAFF
from api.domain.people.supervision import schedule
from api.domain.people.supervision.spot_checks import CallOut, call_for_spot_check, calls_of
from api.domain.shared import audit
from api.domain.shared.choices import SupervisionKind
from api.domain.shared.common import invalid, not_found, struct_values, versioned_update
from api.domain.shared.db import write_transaction
from api.domain.shared.stale import explained
from api.domain.tables import Carer, Supervision, User

Kind = Literal["supervision", "spot_check", "appraisal"]
Outcome = Literal["", "satisfactory", "improvement_needed", "unsatisfactory"]
Long = Annotated[str, Meta(max_length=8000)]
Id = Annotated[int, Meta(ge=1, le=2_147_483_647)]


class SupervisionIn(msgspec.Struct):
    """Schedule (a due date), book (a day and an observer; a spot check: one of the carer's
    coming calls) or record at once (held_on)."""

    carer_id: Id
    kind: Kind
    due_on: dt.date | None = None  # default: when the agency's interval makes it due
    booked_on: dt.date | None = None  # a spot check takes its call's date
    visit_id: Id | None = None
    observer_id: Id | None = None
    held_on: dt.date | None = None
    outcome: Outcome = ""
    notes: Long = ""
    actions: Long = ""


class SupervisionUpdate(msgspec.Struct, omit_defaults=True):
    version: Annotated[int, Meta(ge=1)]
    due_on: dt.date | UnsetType = UNSET
    booked_on: dt.date | None | UnsetType = UNSET
    visit_id: Id | None | UnsetType = UNSET
    observer_id: Id | None | UnsetType = UNSET
    held_on: dt.date | None | UnsetType = UNSET
    outcome: Outcome | UnsetType = UNSET
    notes: Long | UnsetType = UNSET
    actions: Long | UnsetType = UNSET


class SupervisionOut(msgspec.Struct):
    id: int | None  # None: not scheduled yet, the next one the agency's interval makes due
    version: int | None
    carer_id: int
    carer_name: str
    kind: str
    kind_words: str
    status: str  # overdue | due | booked | upcoming | done
    overdue: bool  # not held by its due date
    due_on: dt.date
    booked_on: dt.date | None
    held_on: dt.date | None
    observer_id: int | None
    observer_name: str
    call: CallOut | None  # the observed call of a spot check
    outcome: str
    notes: str
    actions: str


def rows():
    return Supervision.select(*Supervision.all_columns(), Supervision.carer.name.as_alias("carer_name"),
                              Supervision.observer.display_name.as_alias("observer_name"))


async def outs(found: list[dict], today: dt.date, soon_days: int) -> list[SupervisionOut]:
    calls = await calls_of({(r["visit"], r["carer"]) for r in found if r["visit"] is not None})
    return [SupervisionOut(
        r["id"], r["version"], r["carer"], r["carer_name"], r["kind"], schedule.KIND_WORDS[r["kind"]],
        schedule.status_of(r["held_on"], r["booked_on"], r["due_on"], today, soon_days),
        r["held_on"] is None and r["due_on"] < today, r["due_on"], r["booked_on"], r["held_on"], r["observer"],
        r["observer_name"] or "", calls.get((r["visit"], r["carer"])), r["outcome"], r["notes"], r["actions"],
    ) for r in found]


async def get(record_id: int, today: dt.date) -> SupervisionOut:
    row = await rows().where(Supervision.id == record_id).first()
    if row is None:
        raise not_found("supervision", record_id)
    return (await outs([row], today, await schedule.due_soon_days()))[0]


async def computed_due_on(carer_id: int, kind: str, today: dt.date) -> dt.date:
    """The next due date from the last one of this kind held (or the carer's start date)."""
    last = await Supervision.select(Supervision.held_on).where(
        (Supervision.carer == carer_id) & (Supervision.kind == kind) & Supervision.held_on.is_not_null()
    ).order_by(Supervision.held_on, ascending=False).first()
    carer = await Carer.select(Carer.employment_start).where(Carer.id == carer_id).first()
    months = (await schedule.intervals())[kind]
    return schedule.next_due(last["held_on"] if last else None, carer["employment_start"], months, today)


async def _check_observer(observer_id: int | None) -> None:
    if observer_id is None:
        return
    user = await User.select(User.role, User.active).where(User.id == observer_id).first()
    if user is None:
        raise invalid("observer_id", f"no user has id {observer_id}")
    if user["role"] not in STAFF or not user["active"]:
        raise invalid("observer_id", "the observer must be an active senior: a planner, manager or admin")


async def _checked(values: dict, carer_id: int, carer_name: str, kind: str, today: dt.date,
                   booking_call: bool) -> dict:
    """Check the merged values of a record; a spot check's call sets its booked day."""
    await _check_observer(values.get("observer_id"))
    held = values.get("held_on")
    if held is not None and held > today:
        raise invalid("held_on", "is in the future: record it on the day or after")
    if held is None and values.get("outcome"):
        raise invalid("held_on", "is needed to record an outcome")
    visit_id = values.get("visit_id")
    if visit_id is not None:
        if kind != SupervisionKind.SPOT_CHECK:
            raise invalid("visit_id", "only a spot check is booked on a call")
        call = await call_for_spot_check(visit_id, carer_id, carer_name, today, coming=booking_call and held is None)
        values["booked_on"] = call.date
        if held is not None and held < call.date:
            raise invalid("held_on", f"is before the observed call ({call.date})")
    return values


_COLUMN_OF = {"visit_id": "visit", "observer_id": "observer"}  # the API's names -> the table's


def _named(values: dict) -> dict:
    return {_COLUMN_OF.get(k, k): v for k, v in values.items()}


def _columns(values: dict) -> dict:
    return {getattr(Supervision, k): v for k, v in _named(values).items()}


async def create(data: SupervisionIn, actor_id: int | None, today: dt.date) -> SupervisionOut:
    carer = await Carer.select(Carer.name, Carer.active).where(Carer.id == data.carer_id).first()
    if carer is None:
        raise invalid("carer_id", f"no carer has id {data.carer_id}")
    values = await _checked(struct_values(data, skip=("carer_id", "kind")), data.carer_id, carer["name"],
                            data.kind, today, booking_call=True)
    values["due_on"] = values.get("due_on") or await computed_due_on(data.carer_id, data.kind, today)
    values["notes"], values["actions"] = data.notes.strip(), data.actions.strip()
    async with write_transaction():
        inserted = await Supervision.insert(Supervision(
            carer=data.carer_id, kind=data.kind, recorded_by=actor_id, **_named(values),
        )).returning(Supervision.id)
        out = await get(inserted[0]["id"], today)
        await audit.record(actor_id, "supervision", out.id, "record" if out.held_on else "schedule", None,
                           msgspec.to_builtins(out))
    return out


async def update(record_id: int, data: SupervisionUpdate, actor_id: int | None, today: dt.date) -> SupervisionOut:
    values = struct_values(data)
    async with write_transaction():
        before = await get(record_id, today)
        merged = {"observer_id": before.observer_id, "held_on": before.held_on, "outcome": before.outcome,
                  "visit_id": before.call.visit_id if before.call else None, **values}
        checked = await _checked(merged, before.carer_id, before.carer_name, before.kind, today,
                                 booking_call="visit_id" in values)
        for key in ("notes", "actions"):
            if key in values:
                values[key] = values[key].strip()
        if "visit_id" in values:
            values["booked_on"] = checked.get("booked_on") if values["visit_id"] is not None else values.get("booked_on")
        elif before.call is not None and "booked_on" in values:
            raise invalid("booked_on", "a spot check is booked on its call's date: choose another call instead")
        if values.get("held_on") and not before.held_on:
            values["recorded_by"] = actor_id  # who wrote the record up, beside the observer
        async with explained("supervision", record_id, data.version):
            await versioned_update(Supervision, record_id, data.version, _columns(values))
        after = await get(record_id, today)
        action = "record" if after.held_on and not before.held_on else "update"
        await audit.record(actor_id, "supervision", record_id, action, msgspec.to_builtins(before),
                           msgspec.to_builtins(after))
    return after


class ObserverOut(msgspec.Struct):
    id: int
    name: str
    role: str


async def observers() -> list[ObserverOut]:
    """The seniors who can observe or supervise: active planners, managers and admins."""
    found = await User.select(User.id, User.display_name, User.role).where(
        User.role.is_in(list(STAFF)) & (User.active == True)  # noqa: E712
    ).order_by(User.display_name)
    return [ObserverOut(u["id"], u["display_name"], u["role"]) for u in found]
