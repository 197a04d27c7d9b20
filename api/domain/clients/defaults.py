"""Client defaults: each client's standing weekly pattern of calls."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.domain.shared.db import write_transaction
from api.domain.shared import audit
from api.domain.shared.choices import CallType
from api.domain.people.carers import HHMM, Skill, Weekday
from api.domain.shared.common import (
    hhmm_to_minutes,
    minutes_to_hhmm,
    not_found,
    paged,
    struct_values,
    versioned_update,
)
from api.domain.shared.references import require_row
from api.domain.tables import Client, ClientDefault

Duration = Annotated[int, Meta(ge=5, le=12 * 60, description="minutes")]
CarersRequired = Annotated[int, Meta(ge=1, le=3)]
TaskName = Annotated[str, Meta(min_length=1, max_length=128)]


class DefaultCreate(msgspec.Struct):
    client_id: int
    weekday: Weekday
    start: HHMM
    duration_minutes: Duration
    carers_required: CarersRequired = 1
    required_skills: list[Skill] = []
    tasks: list[TaskName] = []
    call_type: CallType = CallType.OTHER
    active: bool = True
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None


class DefaultUpdate(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
    weekday: Weekday | UnsetType = UNSET
    start: HHMM | UnsetType = UNSET
    duration_minutes: Duration | UnsetType = UNSET
    carers_required: CarersRequired | UnsetType = UNSET
    required_skills: list[Skill] | UnsetType = UNSET
    tasks: list[TaskName] | UnsetType = UNSET
    call_type: CallType | UnsetType = UNSET
    active: bool | UnsetType = UNSET


class DefaultOut(msgspec.Struct):
    id: int
    version: int
    client_id: int
    weekday: int
    start: str
    duration_minutes: int
    carers_required: int
    required_skills: list[str]
    tasks: list[str]
    call_type: str
    active: bool
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None


def in_force(row: dict, day: dt.date) -> bool:
    """Whether a client default (a table row) makes a call on this date."""
    return (row["active"] and row["weekday"] == day.weekday()
            and (row.get("effective_from") is None or row["effective_from"] <= day)
            and (row.get("effective_until") is None or day <= row["effective_until"]))


def _out(row: dict) -> DefaultOut:
    return DefaultOut(
        id=row["id"],
        version=row["version"],
        client_id=row["client"],
        weekday=row["weekday"],
        start=minutes_to_hhmm(row["start_minute"]),
        duration_minutes=row["duration_minutes"],
        carers_required=row["carers_required"],
        required_skills=list(row["required_skills"] or []),
        tasks=list(row["tasks"] or []),
        call_type=row["call_type"],
        active=row["active"],
        effective_from=row.get("effective_from"),
        effective_until=row.get("effective_until"),
    )


async def get_default(default_id: int) -> DefaultOut:
    row = await ClientDefault.select().where(ClientDefault.id == default_id).output(
        load_json=True
    ).first()
    if row is None:
        raise not_found("client default", default_id)
    return _out(row)


async def list_defaults(
    limit: int, offset: int, client_id: int | None, weekday: int | None, active: bool | None
) -> tuple[list[DefaultOut], int]:
    query = ClientDefault.select().output(load_json=True).order_by(ClientDefault.client).order_by(
        ClientDefault.weekday
    ).order_by(ClientDefault.start_minute)
    count = ClientDefault.count()
    clauses = []
    if client_id is not None:
        clauses.append(ClientDefault.client == client_id)
    if weekday is not None:
        clauses.append(ClientDefault.weekday == weekday)
    if active is not None:
        clauses.append(ClientDefault.active == active)
    for clause in clauses:
        query = query.where(clause)
        count = count.where(clause)
    rows, total = await paged(query, count, limit, offset)
    return [_out(r) for r in rows], total


def row_values(data: DefaultCreate) -> dict:
    """Table values for a validated default (shared with the CSV import)."""
    return {
        "client": data.client_id,
        "weekday": data.weekday,
        "start_minute": hhmm_to_minutes(data.start, "start"),
        "duration_minutes": data.duration_minutes,
        "carers_required": data.carers_required,
        "required_skills": sorted(set(data.required_skills)),
        "tasks": list(data.tasks),
        "call_type": data.call_type,
        "active": data.active,
        "effective_from": data.effective_from,
        "effective_until": data.effective_until,
    }


async def create_default(data: DefaultCreate, actor_id: int | None) -> DefaultOut:
    await require_row(Client, data.client_id, "client_id", "client")
    async with write_transaction():
        inserted = await ClientDefault.insert(ClientDefault(**row_values(data))).returning(
            ClientDefault.id
        )
        result = await get_default(inserted[0]["id"])
        await audit.record(actor_id, "client_default", result.id, "create", None, msgspec.to_builtins(result))
    return result


async def update_default(default_id: int, data: DefaultUpdate, actor_id: int | None) -> DefaultOut:
    values = struct_values(data)
    if "start" in values:
        values["start_minute"] = hhmm_to_minutes(values.pop("start"), "start")
    if "required_skills" in values:
        values["required_skills"] = sorted(set(values["required_skills"]))
    async with write_transaction():
        before = await get_default(default_id)
        await versioned_update(ClientDefault, default_id, data.version, values)
        after = await get_default(default_id)
        await audit.record(
            actor_id, "client_default", default_id, "update",
            msgspec.to_builtins(before), msgspec.to_builtins(after),
        )
    return after


async def deactivate_default(default_id: int, version: int, actor_id: int | None) -> DefaultOut:
    return await update_default(default_id, DefaultUpdate(version=version, active=False), actor_id)
