"""Client defaults API (planners): each client's standing weekly calls."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody

from api.auth import planner_guard
from api.domain.clients import defaults as service
from api.domain.shared.common import Page
from api.routes.shared.params import Limit, Offset, VersionIn


class DefaultController(Controller):
    path = "/client-defaults"
    tags = ["client defaults"]
    guards = [planner_guard]

    @get("/", operation_id="listClientDefaults")
    async def list_defaults(
        self, limit: Limit = 50, offset: Offset = 0, client_id: FromQuery[int | None] = None,
        weekday: FromQuery[int | None] = None, active: FromQuery[bool | None] = None,
    ) -> Page[service.DefaultOut]:
        items, total = await service.list_defaults(limit, offset, client_id, weekday, active)
        return Page(items, total, limit, offset)

    @get("/{default_id:int}", operation_id="getClientDefault", raises=[NotFoundException])
    async def get_default(self, default_id: FromPath[int]) -> service.DefaultOut:
        return await service.get_default(default_id)

    @post("/", operation_id="createClientDefault")
    async def create_default(self, request: Request, data: JSONBody[service.DefaultCreate]) -> service.DefaultOut:
        return await service.create_default(data, request.user.id)

    @patch("/{default_id:int}", operation_id="updateClientDefault", raises=[NotFoundException])
    async def update_default(
        self, request: Request, default_id: FromPath[int], data: JSONBody[service.DefaultUpdate]
    ) -> service.DefaultOut:
        return await service.update_default(default_id, data, request.user.id)

    @post("/{default_id:int}/deactivate", operation_id="deactivateClientDefault", status_code=200,
          raises=[NotFoundException])
    async def deactivate(self, request: Request, default_id: FromPath[int], data: JSONBody[VersionIn]) -> service.DefaultOut:
        return await service.deactivate_default(default_id, data.version, request.user.id)
