"""Risk assessments: a risk at a client's home (falls, moving and handling, medication,
environment), its level, hazards and controls, and the date it must be reviewed by."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.domain.shared import audit
from api.domain.shared.choices import RiskKind, Severity
from api.domain.shared.common import invalid, not_found, server_today, struct_values, versioned_update
from api.domain.shared.db import write_transaction
from api.domain.shared.references import require_row
from api.domain.shared.stale import explained
from api.domain.tables import Client, RiskAssessment

LongText = Annotated[str, Meta(max_length=4000)]


class RiskIn(msgspec.Struct):
    client_id: int
    kind: RiskKind
    assessed_on: dt.date
    review_on: dt.date
    level: Severity = Severity.LOW
    hazards: LongText = ""
    controls: LongText = ""


class RiskUpdate(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
    kind: RiskKind | UnsetType = UNSET
    level: Severity | UnsetType = UNSET
    hazards: LongText | UnsetType = UNSET
    controls: LongText | UnsetType = UNSET
    assessed_on: dt.date | UnsetType = UNSET
    review_on: dt.date | UnsetType = UNSET
    active: bool | UnsetType = UNSET


class RiskOut(msgspec.Struct):
    id: int
    version: int
    client_id: int
    kind: str
    level: str
    hazards: str
    controls: str
    assessed_on: dt.date
    review_on: dt.date
    assessed_by: str | None
    active: bool


def _out(row: dict) -> RiskOut:
    return RiskOut(id=row["id"], version=row["version"], client_id=row["client"], kind=row["kind"],
                   level=row["level"], hazards=row["hazards"], controls=row["controls"],
                   assessed_on=row["assessed_on"], review_on=row["review_on"],
                   assessed_by=row.get("assessed_by_name"), active=row["active"])


def _query():
    return RiskAssessment.select(*RiskAssessment.all_columns(),
                                 RiskAssessment.assessed_by.display_name.as_alias("assessed_by_name"))


async def get_risk(risk_id: int) -> RiskOut:
    row = await _query().where(RiskAssessment.id == risk_id).first()
    if row is None:
        raise not_found("risk assessment", risk_id)
    return _out(row)


async def list_risks(client_id: int | None, active: bool | None) -> list[RiskOut]:
    query = _query().order_by(RiskAssessment.review_on).limit(500)
    if client_id is not None:
        query = query.where(RiskAssessment.client == client_id)
    if active is not None:
        query = query.where(RiskAssessment.active == active)
    return [_out(r) for r in await query]


def _check(assessed_on: dt.date, review_on: dt.date) -> None:
    if assessed_on > server_today():
        raise invalid("assessed_on", "is in the future")
    if review_on <= assessed_on:
        raise invalid("review_on", "must be after assessed_on")


async def create_risk(data: RiskIn, actor_id: int | None) -> RiskOut:
    await require_row(Client, data.client_id, "client_id", "client")
    _check(data.assessed_on, data.review_on)
    values = struct_values(data, skip=("client_id",))
    async with write_transaction():
        rows = await RiskAssessment.insert(RiskAssessment(client=data.client_id, assessed_by=actor_id, **values)
                                           ).returning(RiskAssessment.id)
        result = await get_risk(rows[0]["id"])
        await audit.record(actor_id, "risk_assessment", result.id, "create", None, msgspec.to_builtins(result))
    return result


async def update_risk(risk_id: int, data: RiskUpdate, actor_id: int | None) -> RiskOut:
    values = struct_values(data)
    async with write_transaction():
        before = await get_risk(risk_id)
        _check(values.get("assessed_on", before.assessed_on), values.get("review_on", before.review_on))
        if "assessed_on" in values or "review_on" in values:
            values["assessed_by"] = actor_id  # whoever re-dates it has re-assessed it
        async with explained("risk_assessment", risk_id, data.version):
            await versioned_update(RiskAssessment, risk_id, data.version, values)
        after = await get_risk(risk_id)
        await audit.record(actor_id, "risk_assessment", risk_id, "update", msgspec.to_builtins(before),
                           msgspec.to_builtins(after))
    return after
