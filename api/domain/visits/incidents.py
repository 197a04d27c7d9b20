"""Incidents carers report from the phone: accepted once per UUID, never bounced for being
late or replayed. A carer may name only clients and calls on their own runs (staff any): the
answer carries the client's name, so naming someone else's client would leak it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import msgspec
from msgspec import Meta

from litestar.exceptions import PermissionDeniedException

from api.auth import STAFF, AuthUser
from api.domain.shared import audit
from api.domain.shared.choices import IncidentType, Severity
from api.domain.shared.common import invalid, paged
from api.domain.shared.db import write_transaction
from api.domain.shared.idempotent import insert_once, uuid_reused
from api.domain.tables import Client, Incident, Visit
from api.domain.visits import incident_alerts
from api.domain.visits.access import NOT_YOUR_CLIENT, has_client_on_run, not_your_call, was_ever_on_call
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


def _with_client_name():
    """Incidents with their client's name, in one query (a join, not one query per row)."""
    return Incident.select(*Incident.all_columns(), Incident.client.name.as_alias("client_name"))


def _incident_out(row: dict, replayed: bool = False) -> IncidentOut:
    return IncidentOut(
        id=row["id"], client_uuid=row["client_uuid"], type=row["type"], severity=row["severity"],
        occurred_at=row["occurred_at"], what_happened=row["what_happened"],
        action_taken=row["action_taken"], status=row["status"], visit_id=row["visit"],
        client_id=row["client"], client_name=row["client_name"], reported_by=row["reported_by"],
        created_at=row["created_at"], replayed=replayed,
    )


async def report_incident(user: AuthUser, data: IncidentIn) -> IncidentOut:
    """Incidents are always accepted (a safeguarding concern must never bounce), once per UUID."""
    uid = str(data.client_uuid)

    async def replay(stored: dict) -> IncidentOut:
        if stored["reported_by"] != user.id:
            raise uuid_reused(uid)
        return _incident_out(await _with_client_name().where(Incident.id == stored["id"]).first(), replayed=True)

    async def insert() -> IncidentOut:
        client_id = await _named_client(user, data)
        if data.occurred_at > now() + dt.timedelta(hours=1):
            raise invalid("occurred_at", "is in the future")
        async with write_transaction():
            inserted = await Incident.insert(Incident(
                client_uuid=uid, client=client_id, visit=data.visit_id, reported_by=user.id,
                type=data.type, severity=data.severity, occurred_at=data.occurred_at,
                what_happened=data.what_happened, action_taken=data.action_taken, created_at=now(),
            )).returning(Incident.id)
            row = await _with_client_name().where(Incident.id == inserted[0]["id"]).first()
            await audit.record(user.id, "incident", row["id"], "report", None,
                               {k: v for k, v in row.items() if k != "client_name"})
        await incident_alerts.alert_managers(row)  # high severity or safeguarding: at once
        return _incident_out(row)

    return await insert_once(Incident, uid, insert, replay)


async def _named_client(user: AuthUser, data: IncidentIn) -> int | None:
    """The client the incident is about (a call names its client). A carer may name only calls
    and clients on their own runs; an unknown id answers as a foreign one (403)."""
    is_carer = user.role not in STAFF
    if data.visit_id is not None:
        visit = await Visit.select(Visit.client).where(Visit.id == data.visit_id).first()
        if is_carer and (visit is None or user.carer_id is None
                         or not await was_ever_on_call(user.carer_id, data.visit_id)):
            raise not_your_call()
        if visit is None:
            raise invalid("visit_id", f"no call with id {data.visit_id}")
        return visit["client"]
    if data.client_id is None:
        return None
    if is_carer:
        if user.carer_id is None or not await has_client_on_run(user.carer_id, data.client_id):
            raise PermissionDeniedException(detail=NOT_YOUR_CLIENT)
    elif not await Client.exists().where(Client.id == data.client_id):
        raise invalid("client_id", f"no client with id {data.client_id}")
    return data.client_id


async def list_incidents(reported_by: int | None, limit: int, offset: int,
                         status: str | None = None) -> tuple[list[IncidentOut], int]:
    query = _with_client_name().order_by(Incident.occurred_at, ascending=False)
    count = Incident.count()
    if reported_by is not None:
        query = query.where(Incident.reported_by == reported_by)
        count = count.where(Incident.reported_by == reported_by)
    if status is not None:
        query = query.where(Incident.status == status)
        count = count.where(Incident.status == status)
    rows, total = await paged(query, count, limit, offset)
    return [_incident_out(r) for r in rows], total
