"""A new high-severity or safeguarding incident reaches the managers at once: a web push to
every manager and admin, and an alert on the staff screens until one of them has seen it."""

from __future__ import annotations

import datetime as dt
import logging

import msgspec

from api.auth import AuthUser
from api.domain.shared import audit
from api.domain.shared.choices import IncidentStatus, IncidentType, Role, Severity
from api.domain.shared.common import not_found
from api.domain.shared.db import write_transaction
from api.domain.tables import Incident, User
from api.domain.visits.fields import now

log = logging.getLogger(__name__)
WORDS = {IncidentType.SAFEGUARDING: "Safeguarding concern"}


class IncidentAlert(msgspec.Struct):
    id: int
    type: str
    severity: str
    client_name: str | None
    occurred_at: dt.datetime
    what_happened: str


def needs_alert(type_: str, severity: str) -> bool:
    return severity == Severity.HIGH or type_ == IncidentType.SAFEGUARDING


def _title(row: dict) -> str:
    what = WORDS.get(row["type"], f"{row['severity'].title()}-severity {row['type'].replace('_', ' ')}")
    return f"{what}: {row['client_name']}" if row.get("client_name") else what


async def alert_managers(row: dict) -> None:
    """Web push to every active manager and admin (sent in the background; never fails the report)."""
    if not needs_alert(row["type"], row["severity"]):
        return
    managers = await User.select(User.id).where(
        User.role.is_in([Role.MANAGER, Role.ADMIN]) & (User.active == True))  # noqa: E712
    payload = {"title": _title(row), "body": row["what_happened"][:200], "kind": "incident",
               "url": f"/#/staff/incidents/{row['id']}"}
    try:
        from api.domain.notify.push import notify_users

        await notify_users({m["id"]: payload for m in managers})
    except Exception:  # noqa: BLE001 - the alert on the staff screens still stands
        log.exception("could not schedule the incident push to managers")


async def open_alerts() -> list[IncidentAlert]:
    """High-severity or safeguarding incidents not yet seen by a manager, newest first."""
    rows = await Incident.select(
        Incident.id, Incident.type, Incident.severity, Incident.occurred_at, Incident.what_happened,
        Incident.client.name.as_alias("client_name"),
    ).where(((Incident.severity == Severity.HIGH) | (Incident.type == IncidentType.SAFEGUARDING))
            & Incident.acknowledged_at.is_null() & (Incident.status != IncidentStatus.CLOSED)
            ).order_by(Incident.created_at, ascending=False)
    return [IncidentAlert(r["id"], r["type"], r["severity"], r["client_name"], r["occurred_at"],
                          r["what_happened"]) for r in rows]


async def acknowledge(user: AuthUser, incident_id: int) -> None:
    """A manager has seen the alert: it leaves every staff screen (once; audited)."""
    async with write_transaction():
        row = await Incident.select(Incident.acknowledged_at).where(Incident.id == incident_id).first()
        if row is None:
            raise not_found("incident", incident_id)
        if row["acknowledged_at"] is None:
            seen = now()
            await Incident.update({Incident.acknowledged_by: user.id, Incident.acknowledged_at: seen}).where(
                Incident.id == incident_id)
            await audit.record(user.id, "incident", incident_id, "acknowledge", None, {"acknowledged_at": seen})
