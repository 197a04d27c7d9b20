"""The planner's day: the board, one-off calls, moves (preview, then confirm), pins,
cancellations, and the calls that need cover."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException

from api.auth import planner_guard
from api.domain.rostering import board as service
from api.domain.rostering.calls import apply_client_status
from api.domain.shared.common import ConflictException
from api.settings import get_settings


class PlannerController(Controller):
    path = "/planner"
    tags = ["planner"]
    guards = [planner_guard]

    @get("/settings", operation_id="plannerSettings")
    async def settings(self) -> dict:
        """What the staff screens need to know: the map tile server and agency rules."""
        s = get_settings()
        return {
            "tile_url": s.tile_url,
            "late_after_minutes": s.agency.late_after_minutes,
            "window_tolerance_minutes": s.agency.window_tolerance_minutes,
            "max_concurrent_leave": s.agency.max_concurrent_leave,
            "max_daily_minutes": s.agency.max_daily_minutes,
            "max_weekly_minutes": s.agency.max_weekly_minutes,
        }

    @get("/day", operation_id="dayBoard")
    async def day(self, date: dt.date) -> service.DayBoard:
        return await service.day_board(date)

    @post("/clients/{client_id:int}/apply-status", operation_id="applyClientStatus", status_code=200,
          raises=[NotFoundException])
    async def apply_status(self, request: Request, client_id: int) -> dict:
        """Cancel (or bring back) a client's coming calls after their status changed."""
        return await apply_client_status(client_id, request.user.id)


class CallController(Controller):
    path = "/calls"
    tags = ["planner"]
    guards = [planner_guard]

    @get("/uncovered", operation_id="uncoveredCalls")
    async def uncovered(self, date: dt.date) -> list[service.CallOut]:
        """A day's planned calls with fewer carers than they need, each with the reason."""
        return await service.uncovered_calls(date)

    @get("/{visit_id:int}", operation_id="getCall", raises=[NotFoundException])
    async def get_call(self, visit_id: int) -> service.CallOut:
        return await service.get_call(visit_id)

    @post("/", operation_id="addCall")
    async def add_call(self, request: Request, data: service.CallIn) -> service.CallOut:
        return await service.add_call(data, request.user.id)

    @post("/{visit_id:int}/move/preview", operation_id="previewMove", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def preview_move(self, visit_id: int, data: service.MoveIn) -> service.MovePreview:
        """The warnings a move would raise; nothing changes."""
        return await service.preview_move(visit_id, data)

    @post("/{visit_id:int}/move", operation_id="moveCall", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def move(self, request: Request, visit_id: int, data: service.MoveIn) -> service.CallOut:
        return await service.move_call(visit_id, data, request.user.id)

    @post("/{visit_id:int}/pin", operation_id="pinCall", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def pin(self, request: Request, visit_id: int, data: service.PinIn) -> service.CallOut:
        return await service.pin_call(visit_id, data, request.user.id)

    @post("/{visit_id:int}/cancel", operation_id="cancelCall", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def cancel(self, request: Request, visit_id: int, data: service.CancelIn) -> service.CallOut:
        return await service.cancel_call(visit_id, data, request.user.id)

    @post("/{visit_id:int}/unassign", operation_id="unassignCall", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def unassign(self, request: Request, visit_id: int, data: service.UnassignIn) -> service.CallOut:
        return await service.unassign(visit_id, data, request.user.id)
