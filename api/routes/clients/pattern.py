"""A client's standing weekly pattern as a whole week (planners): read it on a date, preview a
change over 4 weeks, save it from a date."""

from __future__ import annotations

import datetime as dt

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody

from api.auth import planner_guard
from api.domain.clients import pattern as service
from api.domain.shared.common import ConflictException, server_today


class PatternSaved(msgspec.Struct):
    pattern: service.PatternOut
    change: service.PatternPreview


class PatternController(Controller):
    path = "/clients/{client_id:int}/pattern"
    tags = ["client defaults"]
    guards = [planner_guard]

    @get("/", operation_id="getClientPattern", raises=[NotFoundException])
    async def get_pattern(self, client_id: FromPath[int], on: FromQuery[dt.date | None] = None) -> service.PatternOut:
        return await service.get_pattern(client_id, on or server_today())

    @post("/preview", operation_id="previewClientPattern", status_code=200, raises=[NotFoundException])
    async def preview(self, client_id: FromPath[int], data: JSONBody[service.PatternIn]) -> service.PatternPreview:
        return await service.preview(client_id, data)

    @put("/", operation_id="saveClientPattern", raises=[NotFoundException, ConflictException])
    async def save(self, request: Request, client_id: FromPath[int], data: JSONBody[service.PatternIn]) -> PatternSaved:
        pattern, change = await service.replace_pattern(client_id, data, request.user.id)
        return PatternSaved(pattern, change)
