"""Complaints and compliments: who raised it, about whom (client, carer, call), the response due
dates for a complaint (agency settings: acknowledge within 3 days, respond within 20), the
investigation, the outcome and whether the person was satisfied; the list of what is due.
Versioned and audited; a complaint is closed only with an outcome and the date of the response."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.auth import AuthUser
from api.domain.setup import agency_settings
from api.domain.shared import audit
from api.domain.shared.choices import ContactFrom, FeedbackKind, FeedbackStatus
from api.domain.shared.common import invalid, not_found, paged, server_today, struct_values, versioned_update
from api.domain.shared.db import write_transaction
from api.domain.tables import Carer, Client, Feedback, Visit

Id = Annotated[int, Meta(ge=1, le=2_147_483_647)]
Long = Annotated[str, Meta(max_length=8000)]


class FeedbackIn(msgspec.Struct):
    kind: FeedbackKind
    raised_by: Annotated[str, Meta(min_length=1, max_length=128)]
    raised_by_kind: ContactFrom
    summary: Annotated[str, Meta(min_length=1, max_length=8000)]
    received_on: dt.date | None = None  # default: today
    client_id: Id | None = None
    carer_id: Id | None = None
    visit_id: Id | None = None


class FeedbackChange(msgspec.Struct, omit_defaults=True):
    version: Annotated[int, Meta(ge=1)]
    acknowledged_on: dt.date | None | UnsetType = UNSET
    investigation: Long | UnsetType = UNSET
    outcome: Long | UnsetType = UNSET
    responded_on: dt.date | None | UnsetType = UNSET
    satisfied: bool | None | UnsetType = UNSET
    status: FeedbackStatus | UnsetType = UNSET


class FeedbackOut(msgspec.Struct):
    id: int
    kind: str
    received_on: dt.date
    raised_by: str
    raised_by_kind: str
    client_id: int | None
    client_name: str | None
    carer_id: int | None
    carer_name: str | None
    visit_id: int | None
    summary: str
    acknowledge_by: dt.date | None
    respond_by: dt.date | None
    acknowledged_on: dt.date | None
    investigation: str
    outcome: str
    responded_on: dt.date | None
    satisfied: bool | None
    status: str
    version: int
    next_due: str  # "acknowledge", "respond" or "" (nothing due)
    next_due_on: dt.date | None
    overdue: bool


def _select():
    return Feedback.select(*Feedback.all_columns(), Feedback.client.name.as_alias("client_name"),
                           Feedback.carer.name.as_alias("carer_name"))


def _out(r: dict) -> FeedbackOut:
    due, due_on = "", None
    if r["kind"] == FeedbackKind.COMPLAINT and r["status"] == FeedbackStatus.OPEN:
        if r["acknowledged_on"] is None:
            due, due_on = "acknowledge", r["acknowledge_by"]
        elif r["responded_on"] is None:
            due, due_on = "respond", r["respond_by"]
    return FeedbackOut(
        r["id"], r["kind"], r["received_on"], r["raised_by"], r["raised_by_kind"], r["client"], r["client_name"],
        r["carer"], r["carer_name"], r["visit"], r["summary"], r["acknowledge_by"], r["respond_by"],
        r["acknowledged_on"], r["investigation"], r["outcome"], r["responded_on"], r["satisfied"], r["status"],
        r["version"], due, due_on, bool(due_on and due_on < server_today()))


async def _check_refs(data: FeedbackIn) -> None:
    for field, table, value in (("client_id", Client, data.client_id), ("carer_id", Carer, data.carer_id),
                                ("visit_id", Visit, data.visit_id)):
        if value is not None and not await table.exists().where(table.id == value):
            raise invalid(field, f"no such record: {value}")


async def record_feedback(user: AuthUser, data: FeedbackIn) -> FeedbackOut:
    await _check_refs(data)
    received = data.received_on or server_today()
    if received > server_today():
        raise invalid("received_on", "is in the future")
    complaint = data.kind == FeedbackKind.COMPLAINT
    ack_days = await agency_settings.get("complaint_acknowledge_days")
    respond_days = await agency_settings.get("complaint_respond_days")
    async with write_transaction():
        inserted = await Feedback.insert(Feedback(
            kind=data.kind, received_on=received, raised_by=data.raised_by.strip(), raised_by_kind=data.raised_by_kind,
            client=data.client_id, carer=data.carer_id, visit=data.visit_id, summary=data.summary.strip(),
            acknowledge_by=received + dt.timedelta(days=ack_days) if complaint else None,
            respond_by=received + dt.timedelta(days=respond_days) if complaint else None,
            # A compliment is recorded and passed on; there is nothing to investigate.
            status=FeedbackStatus.OPEN if complaint else FeedbackStatus.CLOSED, logged_by=user.id,
        )).returning(Feedback.id)
        row = await _select().where(Feedback.id == inserted[0]["id"]).first()
        await audit.record(user.id, "feedback", row["id"], "record", None,
                           {k: v for k, v in row.items() if not k.endswith("_name")})
    return _out(row)


async def change_feedback(user: AuthUser, feedback_id: int, change: FeedbackChange) -> FeedbackOut:
    values = struct_values(change)
    async with write_transaction():
        current = await Feedback.select().where(Feedback.id == feedback_id).first()
        if current is None:
            raise not_found("complaint or compliment", feedback_id)
        merged = {**current, **values}
        if merged["status"] == FeedbackStatus.CLOSED and current["kind"] == FeedbackKind.COMPLAINT:
            if not (merged["outcome"] or "").strip():
                raise invalid("outcome", "record the outcome before closing the complaint")
            if merged["responded_on"] is None:
                raise invalid("responded_on", "record when the response was sent before closing the complaint")
        before = await versioned_update(Feedback, feedback_id, change.version,
                                        {getattr(Feedback, k): v for k, v in values.items()})
        await audit.record(user.id, "feedback", feedback_id, "update", {k: before[k] for k in values}, values)
    return _out(await _select().where(Feedback.id == feedback_id).first())


async def get_feedback(feedback_id: int) -> FeedbackOut:
    row = await _select().where(Feedback.id == feedback_id).first()
    if row is None:
        raise not_found("complaint or compliment", feedback_id)
    return _out(row)


async def list_feedback(kind: str | None, status: str | None, limit: int, offset: int) -> tuple[list[FeedbackOut], int]:
    query = _select().order_by(Feedback.received_on, ascending=False).order_by(Feedback.id, ascending=False)
    count = Feedback.count()
    for column, value in ((Feedback.kind, kind), (Feedback.status, status)):
        if value is not None:
            query, count = query.where(column == value), count.where(column == value)
    rows, total = await paged(query, count, limit, offset)
    return [_out(r) for r in rows], total


async def due() -> list[FeedbackOut]:
    """Open complaints with what is due next (acknowledge, respond), the earliest first."""
    rows = await _select().where((Feedback.kind == FeedbackKind.COMPLAINT) & (Feedback.status == FeedbackStatus.OPEN))
    items = [f for f in (_out(r) for r in rows) if f.next_due]
    return sorted(items, key=lambda f: f.next_due_on or dt.date.max)
