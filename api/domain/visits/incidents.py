"""Incidents carers report from the phone: accepted once per UUID, never bounced."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import msgspec
from msgspec import Meta

from api.auth import AuthUser
from api.domain.shared import audit
from api.domain.shared.choices import IncidentType, Severity
from api.domain.shared.common import invalid, paged
from api.domain.shared.db import write_transaction
from api.domain.shared.idempotent import insert_once, uuid_reused
from api.domain.tables import Client, Incident, Visit
from api.domain.visits.fields import AwareTime, now


class IncidentIn(msgspec.Struct):
    client_uuid: uuid.UUID
    type: IncidentType
    severity: Severity
    occurred_at: AwareTime
    what_happened: Annotated[str, Meta(min_length=1, max_length=4000)]
    action_taken: Annotated[str, Meta(max_length=4000)] = ""
    visit_id: int | None = None
    client_id: int | None = None


class IncidentOut(msgspec.Struct):
    id: int
    client_uuid: str | None
    type: str
    severity: str
    occurred_at: dt.datetime
    what_happened: str
    action_taken: str
    status: str
    visit_id: int | None
    client_id: int | None
    client_name: str | None
    reported_by: int | None
    created_at: dt.datetime
    replayed: bool = False


async def _incident_out(row: dict, replayed: bool = False) -> IncidentOut:
    name = None
    if row["client"] is not None:
        client = await Client.select(Client.name).where(Client.id == row["client"]).first()
        name = client["name"] if client else None
    return IncidentOut(
        id=row["id"], client_uuid=row["client_uuid"], type=row["type"], severity=row["severity"],
        occurred_at=row["occurred_at"], what_happened=row["what_happened"],
        action_taken=row["action_taken"], status=row["status"], visit_id=row["visit"],
        client_id=row["client"], client_name=name, reported_by=row["reported_by"],
        created_at=row["created_at"], replayed=replayed,
    )


async def report_incident(user: AuthUser, data: IncidentIn) -> IncidentOut:
    """Incidents are always accepted (a safeguarding concern must never bounce), once per UUID."""
    uid = str(data.client_uuid)

    async def replay(stored: dict) -> IncidentOut:
        if stored["reported_by"] != user.id:
            raise uuid_reused(uid)
        return await _incident_out(stored, replayed=True)

    async def insert() -> IncidentOut:
        client_id = data.client_id
        if data.visit_id is not None:
            visit = await Visit.select(Visit.client).where(Visit.id == data.visit_id).first()
            if visit is None:
                raise invalid("visit_id", f"no call with id {data.visit_id}")
            client_id = visit["client"]
        elif client_id is not None and not await Client.exists().where(Client.id == client_id):
            raise invalid("client_id", f"no client with id {client_id}")
        if data.occurred_at > now() + dt.timedelta(hours=1):
            raise invalid("occurred_at", "is in the future")
        async with write_transaction():
            inserted = await Incident.insert(Incident(
                client_uuid=uid, client=client_id, visit=data.visit_id, reported_by=user.id,
                type=data.type, severity=data.severity, occurred_at=data.occurred_at,
                what_happened=data.what_happened, action_taken=data.action_taken, created_at=now(),
            )).returning(Incident.id)
            row = await Incident.select().where(Incident.id == inserted[0]["id"]).first()
            await audit.record(user.id, "incident", row["id"], "report", None, row)
        return await _incident_out(row)

    return await insert_once(Incident, uid, insert, replay)


async def list_incidents(reported_by: int | None, limit: int, offset: int) -> tuple[list[IncidentOut], int]:
    query = Incident.select().order_by(Incident.occurred_at, ascending=False)
    count = Incident.count()
    if reported_by is not None:
        query = query.where(Incident.reported_by == reported_by)
        count = count.where(Incident.reported_by == reported_by)
    rows, total = await paged(query, count, limit, offset)
    return [await _incident_out(r) for r in rows], total
