"""Risk assessments API (staff): a client's risks with their review dates."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody

from api.auth import planner_guard
from api.domain.clients import risks as service


class RiskController(Controller):
    path = "/risk-assessments"
    tags = ["care plans"]
    guards = [planner_guard]

    @get("/", operation_id="listRiskAssessments")
    async def list_risks(self, client_id: FromQuery[int | None] = None,
                         active: FromQuery[bool | None] = None) -> list[service.RiskOut]:
        return await service.list_risks(client_id, active)

    @get("/{risk_id:int}", operation_id="getRiskAssessment", raises=[NotFoundException])
    async def get_risk(self, risk_id: FromPath[int]) -> service.RiskOut:
        return await service.get_risk(risk_id)

    @post("/", operation_id="createRiskAssessment")
    async def create_risk(self, request: Request, data: JSONBody[service.RiskIn]) -> service.RiskOut:
        return await service.create_risk(data, request.user.id)

    @patch("/{risk_id:int}", operation_id="updateRiskAssessment", raises=[NotFoundException])
    async def update_risk(self, request: Request, risk_id: FromPath[int],
                          data: JSONBody[service.RiskUpdate]) -> service.RiskOut:
        return await service.update_risk(risk_id, data, request.user.id)
