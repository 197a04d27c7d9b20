"""Carers API: staff manage carers; a carer may read their own record."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, patch, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from api.auth import STAFF, planner_guard
from api.domain.people import carers as service
from api.domain.people import carer_checks
from api.domain.shared.common import server_today
from litestar.params import QueryParameter
from api.domain.shared.common import Page
from api.domain.shared.choices import TransportMode
from api.routes.shared.params import Limit, Offset, VersionIn


class CarerController(Controller):
    path = "/carers"
    tags = ["carers"]

    @get("/", operation_id="listCarers", guards=[planner_guard])
    async def list_carers(
        self,
        limit: Limit = 50,
        offset: Offset = 0,
        active: FromQuery[bool | None] = None,
        skill: FromQuery[str | None] = None,
        q: FromQuery[str | None] = None,
        transport_mode: FromQuery[TransportMode | None] = None,
    ) -> Page[service.CarerOut]:
        items, total = await service.list_carers(limit, offset, active, skill, q, transport_mode)
        return Page(items, total, limit, offset)

    @get("/checks-due", operation_id="carerChecksDue", guards=[planner_guard])
    async def checks_due(
        self, within_days: Annotated[int, QueryParameter(ge=0, le=366)] = 30,
    ) -> list[carer_checks.CheckDue]:
        """DBS renewals, and drivers' licence and business insurance, overdue or due soon."""
        return await carer_checks.checks_due(server_today(), within_days)

    @get("/export.csv", operation_id="exportCarersCsv", guards=[planner_guard], media_type="text/csv")
    async def export_csv(self, active: FromQuery[bool | None] = None) -> Response[str]:
        return Response(await carer_checks.carers_csv(active), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="carers.csv"'})

    @get("/{carer_id:int}", operation_id="getCarer", raises=[NotFoundException, PermissionDeniedException])
    async def get_carer(self, request: Request, carer_id: FromPath[int]) -> service.CarerOut:
        user = request.user
        if user.role not in STAFF and user.carer_id != carer_id:
            raise PermissionDeniedException(detail="carers may only read their own record")
        return await service.get_carer(carer_id)

    @post("/", operation_id="createCarer", guards=[planner_guard])
    async def create_carer(self, request: Request, data: JSONBody[service.CarerCreate]) -> service.CarerOut:
        return await service.create_carer(data, request.user.id)

    @patch("/{carer_id:int}", operation_id="updateCarer", guards=[planner_guard], raises=[NotFoundException])
    async def update_carer(
        self, request: Request, carer_id: FromPath[int], data: JSONBody[service.CarerUpdate]
    ) -> service.CarerOut:
        return await service.update_carer(carer_id, data, request.user.id)

    @post("/{carer_id:int}/deactivate", operation_id="deactivateCarer", guards=[planner_guard],
          status_code=200, raises=[NotFoundException])
    async def deactivate(self, request: Request, carer_id: FromPath[int], data: JSONBody[VersionIn]) -> service.CarerOut:
        return await service.deactivate_carer(carer_id, data.version, request.user.id)
