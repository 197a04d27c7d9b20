"""The planner's calls: the ones short of carers, one-off calls, moves (preview, then
confirm), pins, cancellations and taking a carer off a call."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody

from api.auth import planner_guard
from api.domain.rostering import board
from api.domain.rostering import call_commands as commands
from api.domain.rostering import who_can_take
from api.domain.shared.common import ConflictException


class CallController(Controller):
    path = "/calls"
    tags = ["planner"]
    guards = [planner_guard]

    @get("/uncovered", operation_id="uncoveredCalls")
    async def uncovered(self, date: FromQuery[dt.date]) -> list[board.CallOut]:
        """A day's planned calls with fewer carers than they need, each with the reason."""
        return await board.uncovered_calls(date)

    @get("/{visit_id:int}", operation_id="getCall", raises=[NotFoundException])
    async def get_call(self, visit_id: FromPath[int]) -> board.CallOut:
        return await board.get_call(visit_id)

    @get("/{visit_id:int}/who-can-take", operation_id="whoCanTake", raises=[NotFoundException, ConflictException])
    async def who_can_take(self, visit_id: FromPath[int]) -> who_can_take.WhoCanTake:
        """Every working carer ranked by the cost of inserting the call into their run, each
        with the warnings the move would bring; assign one with the move route."""
        return await who_can_take.who_can_take(visit_id)

    @post("/", operation_id="addCall")
    async def add_call(self, request: Request, data: JSONBody[commands.CallIn]) -> board.CallOut:
        return await commands.add_call(data, request.user.id)

    @post("/{visit_id:int}/move/preview", operation_id="previewMove", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def preview_move(self, visit_id: FromPath[int], data: JSONBody[commands.MoveIn]) -> commands.MovePreview:
        """The warnings a move would raise; nothing changes."""
        return await commands.preview_move(visit_id, data)

    @post("/{visit_id:int}/move", operation_id="moveCall", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def move(self, request: Request, visit_id: FromPath[int], data: JSONBody[commands.MoveIn]) -> board.CallOut:
        return await commands.move_call(visit_id, data, request.user.id)

    @post("/{visit_id:int}/pin", operation_id="pinCall", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def pin(self, request: Request, visit_id: FromPath[int], data: JSONBody[commands.PinIn]) -> board.CallOut:
        return await commands.pin_call(visit_id, data, request.user.id)

    @post("/{visit_id:int}/cancel", operation_id="cancelCall", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def cancel(self, request: Request, visit_id: FromPath[int], data: JSONBody[commands.CancelIn]) -> board.CallOut:
        return await commands.cancel_call(visit_id, data, request.user.id)

    @post("/{visit_id:int}/unassign", operation_id="unassignCall", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def unassign(self, request: Request, visit_id: FromPath[int], data: JSONBody[commands.UnassignIn]) -> board.CallOut:
        return await commands.unassign(visit_id, data, request.user.id)
