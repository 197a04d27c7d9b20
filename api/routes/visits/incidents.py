"""Incidents for the office: the record from report to closure, actions, and the alerts of new
high-severity or safeguarding incidents. (Carers report and list their own in carer_app.py.)"""

from __future__ import annotations

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody

from api.auth import manager_guard, planner_guard
from api.domain.shared.choices import STAFF_ROLES
from api.domain.shared.common import ConflictException
from api.domain.tables import User
from api.domain.visits import incident_alerts, incident_records
from api.domain.visits.incident_records import ActionIn, IncidentChange, IncidentRecord


class StaffMember(msgspec.Struct):
    id: int
    name: str
    role: str


class IncidentController(Controller):
    path = "/incidents"
    tags = ["incidents"]
    guards = [planner_guard]

    @get("/alerts", operation_id="incidentAlerts")
    async def alerts(self) -> list[incident_alerts.IncidentAlert]:
        """High-severity or safeguarding incidents no manager has seen yet (the staff screens' alert)."""
        return await incident_alerts.open_alerts()

    @get("/action-owners", operation_id="incidentActionOwners")
    async def owners(self) -> list[StaffMember]:
        """Who may own an action: active planners, managers and admins."""
        rows = await User.select(User.id, User.display_name, User.role).where(
            User.role.is_in(list(STAFF_ROLES)) & (User.active == True)).order_by(User.display_name)  # noqa: E712
        return [StaffMember(r["id"], r["display_name"], r["role"]) for r in rows]

    @get("/{incident_id:int}", operation_id="getIncident", raises=[NotFoundException])
    async def get_incident(self, incident_id: FromPath[int]) -> IncidentRecord:
        return await incident_records.incident_record(incident_id)

    @patch("/{incident_id:int}", operation_id="updateIncident", raises=[NotFoundException, ConflictException])
    async def update(self, request: Request, incident_id: FromPath[int], data: JSONBody[IncidentChange]) -> IncidentRecord:
        """Change the fields sent (with the version read; a stale one is a 409). Closing needs an
        outcome and every action done."""
        return await incident_records.update_incident(request.user, incident_id, data)

    @post("/{incident_id:int}/actions", operation_id="addIncidentAction", status_code=201,
          raises=[NotFoundException, ConflictException])
    async def add_action(self, request: Request, incident_id: FromPath[int], data: JSONBody[ActionIn]) -> IncidentRecord:
        return await incident_records.add_action(request.user, incident_id, data)

    @post("/{incident_id:int}/actions/{action_id:int}/done", operation_id="completeIncidentAction",
          status_code=200, raises=[NotFoundException])
    async def complete_action(self, request: Request, incident_id: FromPath[int], action_id: FromPath[int]) -> IncidentRecord:
        return await incident_records.complete_action(request.user, incident_id, action_id)

    @post("/{incident_id:int}/acknowledge", operation_id="acknowledgeIncident", status_code=200,
          guards=[manager_guard], raises=[NotFoundException])
    async def acknowledge(self, request: Request, incident_id: FromPath[int]) -> IncidentRecord:
        """A manager has seen the alert: it leaves the staff screens."""
        await incident_alerts.acknowledge(request.user, incident_id)
        return await incident_records.incident_record(incident_id)
