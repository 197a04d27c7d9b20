"""Assignments and runs. A carer reads only their own; staff read anyone's."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromQuery, JSONBody

from api.auth import STAFF, planner_guard
from api.domain.rostering.calls import dates_in, generate_calls
from api.domain.rostering.runs import RunCall, assignments_for

import msgspec


class GenerateCallsIn(msgspec.Struct):
    start: dt.date
    end: dt.date


def _carer_scope(request: Request, carer_id: int | None) -> list[int] | None:
    user = request.user
    if user.role in STAFF:
        return [carer_id] if carer_id is not None else None
    if carer_id is not None and carer_id != user.carer_id:
        raise PermissionDeniedException(detail="carers may only read their own assignments")
    return [user.carer_id] if user.carer_id is not None else []


class RunController(Controller):
    tags = ["runs"]

    @get("/assignments", operation_id="listAssignments", raises=[PermissionDeniedException])
    async def list_assignments(
        self, request: Request, start: FromQuery[dt.date], end: FromQuery[dt.date | None] = None,
        carer_id: FromQuery[int | None] = None,
    ) -> list[RunCall]:
        end = end or start
        dates_in(start, end)  # validates order and length
        return await assignments_for(_carer_scope(request, carer_id), start, end)

    @post("/calls/generate", operation_id="generateCalls", guards=[planner_guard], status_code=200)
    async def generate(self, request: Request, data: JSONBody[GenerateCallsIn]) -> dict:
        return await generate_calls(data.start, data.end, request.user.id)
