"""The office's incident record: from a carer's (or staff member's) report to closure.

Category and severity, people involved, immediate action, investigation notes, outcome,
recommendations, actions with an owner and a due date, whether the local authority's
safeguarding team, the CQC (notifiable) and the family were told and when, and a status (open,
investigating, closed). Every change is versioned (a stale edit is a 409) and audited. An
incident is closed only with an outcome and every action done.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.auth import AuthUser
from api.domain.shared import audit
from api.domain.shared.choices import STAFF_ROLES, IncidentStatus, IncidentType, Severity
from api.domain.shared.common import ConflictException, invalid, not_found, server_today, struct_values, versioned_update
from api.domain.shared.db import write_transaction
from api.domain.tables import Incident, IncidentAction, User
from api.domain.visits.fields import AwareTime, now

Text = Annotated[str, Meta(max_length=8000)]


class ActionOut(msgspec.Struct):
    id: int
    description: str
    owner_id: int | None
    owner_name: str
    due_on: dt.date
    done_at: dt.datetime | None
    overdue: bool


class IncidentRecord(msgspec.Struct):
    id: int
    type: str
    severity: str
    status: str
    occurred_at: dt.datetime
    created_at: dt.datetime
    client_id: int | None
    client_name: str | None
    visit_id: int | None
    reported_by: str
    what_happened: str
    action_taken: str
    people_involved: str
    investigation_notes: str
    outcome: str
    recommendations: str
    safeguarding_team_told_at: dt.datetime | None
    cqc_notified_at: dt.datetime | None
    family_told_at: dt.datetime | None
    closed_at: dt.datetime | None
    acknowledged_by: str
    acknowledged_at: dt.datetime | None
    version: int
    actions: list[ActionOut]


class IncidentChange(msgspec.Struct, omit_defaults=True):
    """A partial update: only the fields sent change. Times told may be cleared with null."""

    version: Annotated[int, Meta(ge=1)]
    type: IncidentType | UnsetType = UNSET
    severity: Severity | UnsetType = UNSET
    status: IncidentStatus | UnsetType = UNSET
    action_taken: Text | UnsetType = UNSET
    people_involved: Text | UnsetType = UNSET
    investigation_notes: Text | UnsetType = UNSET
    outcome: Text | UnsetType = UNSET
    recommendations: Text | UnsetType = UNSET
    safeguarding_team_told_at: AwareTime | None | UnsetType = UNSET
    cqc_notified_at: AwareTime | None | UnsetType = UNSET
    family_told_at: AwareTime | None | UnsetType = UNSET


class ActionIn(msgspec.Struct):
    description: Annotated[str, Meta(min_length=1, max_length=2000)]
    owner_id: Annotated[int, Meta(ge=1, le=2_147_483_647)]
    due_on: dt.date


def _select():
    return Incident.select(
        *Incident.all_columns(), Incident.client.name.as_alias("client_name"),
        Incident.reported_by.display_name.as_alias("reported_by_name"),
        Incident.acknowledged_by.display_name.as_alias("acknowledged_by_name"),
    )


async def _actions(incident_id: int) -> list[ActionOut]:
    today = server_today()
    rows = await IncidentAction.select(
        *IncidentAction.all_columns(), IncidentAction.owner.display_name.as_alias("owner_name"),
    ).where(IncidentAction.incident == incident_id).order_by(IncidentAction.due_on).order_by(IncidentAction.id)
    return [ActionOut(r["id"], r["description"], r["owner"], r["owner_name"] or "", r["due_on"], r["done_at"],
                      r["done_at"] is None and r["due_on"] < today) for r in rows]


async def incident_record(incident_id: int) -> IncidentRecord:
    row = await _select().where(Incident.id == incident_id).first()
    if row is None:
        raise not_found("incident", incident_id)
    return IncidentRecord(
        row["id"], row["type"], row["severity"], row["status"], row["occurred_at"], row["created_at"],
        row["client"], row["client_name"], row["visit"], row["reported_by_name"] or "", row["what_happened"],
        row["action_taken"], row["people_involved"], row["investigation_notes"], row["outcome"],
        row["recommendations"], row["safeguarding_team_told_at"], row["cqc_notified_at"], row["family_told_at"],
        row["closed_at"], row["acknowledged_by_name"] or "", row["acknowledged_at"], row["version"],
        await _actions(incident_id),
    )


async def update_incident(user: AuthUser, incident_id: int, change: IncidentChange) -> IncidentRecord:
    values = struct_values(change)
    async with write_transaction():
        current = await Incident.select().where(Incident.id == incident_id).first()
        if current is None:
            raise not_found("incident", incident_id)
        status = values.get("status", current["status"])
        if status == IncidentStatus.CLOSED and current["status"] != IncidentStatus.CLOSED:
            if not values.get("outcome", current["outcome"]).strip():
                raise invalid("outcome", "record the outcome before closing the incident")
            if await IncidentAction.exists().where(
                    (IncidentAction.incident == incident_id) & IncidentAction.done_at.is_null()):
                raise invalid("status", "every action must be done before the incident is closed")
            values["closed_at"] = now()
        elif status != IncidentStatus.CLOSED:
            values["closed_at"] = None
        before = await versioned_update(Incident, incident_id, change.version,
                                        {getattr(Incident, k): v for k, v in values.items()})
        await audit.record(user.id, "incident", incident_id, "update",
                           {k: before[k] for k in values}, {k: v for k, v in values.items()})
    return await incident_record(incident_id)


async def add_action(user: AuthUser, incident_id: int, data: ActionIn) -> IncidentRecord:
    owner = await User.select(User.role, User.active).where(User.id == data.owner_id).first()
    if owner is None or not owner["active"] or owner["role"] not in STAFF_ROLES:
        raise invalid("owner_id", "must be an active member of staff (planner, manager or admin)")
    async with write_transaction():
        incident = await Incident.select(Incident.status, Incident.version).where(Incident.id == incident_id).first()
        if incident is None:
            raise not_found("incident", incident_id)
        if incident["status"] == IncidentStatus.CLOSED:
            raise ConflictException(detail="the incident is closed; reopen it to add an action")
        inserted = await IncidentAction.insert(IncidentAction(
            incident=incident_id, description=data.description.strip(), owner=data.owner_id, due_on=data.due_on,
            created_by=user.id, created_at=now(),
        )).returning(IncidentAction.id)
        await Incident.update({Incident.version: incident["version"] + 1}).where(Incident.id == incident_id)
        await audit.record(user.id, "incident_action", inserted[0]["id"], "add", None,
                           {"incident_id": incident_id, **msgspec.to_builtins(data)})
    return await incident_record(incident_id)


async def complete_action(user: AuthUser, incident_id: int, action_id: int) -> IncidentRecord:
    async with write_transaction():
        action = await IncidentAction.select().where(
            (IncidentAction.id == action_id) & (IncidentAction.incident == incident_id)).first()
        if action is None:
            raise not_found("incident action", action_id)
        if action["done_at"] is None:
            done = now()
            await IncidentAction.update({IncidentAction.done_at: done}).where(IncidentAction.id == action_id)
            await Incident.update({Incident.version: Incident.version + 1}).where(Incident.id == incident_id)
            await audit.record(user.id, "incident_action", action_id, "done", {"done_at": None},
                               {"done_at": done.isoformat()})
    return await incident_record(incident_id)
