"""Urgent calls on the carer's phone: offers to answer, and the urgent calls they took today
(address, what happened, access details for this call only). Answers go through the offline
outbox, so each is idempotent by its `client_uuid`."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, JSONBody
from msgspec import Meta

from api.domain.shared.choices import UrgentNeed
from api.domain.urgent import dispatch, mine
from api.domain.urgent.requests import UrgentIn, log_request


class AnswerIn(msgspec.Struct):
    client_uuid: uuid.UUID
    reason: Annotated[str, Meta(max_length=255)] = ""


class SecondCarerIn(msgspec.Struct):
    client_uuid: uuid.UUID
    reason: Annotated[str, Meta(min_length=1, max_length=1000)]


def _carer(request: Request) -> int:
    if request.user.carer_id is None:
        raise PermissionDeniedException(detail="only carers answer urgent calls")
    return request.user.carer_id


class CarerUrgentController(Controller):
    tags = ["carer app"]

    @get("/me/urgent", operation_id="myUrgent", raises=[PermissionDeniedException])
    async def my_urgent(self, request: Request) -> mine.MyUrgent:
        """Offers waiting for my answer, and the urgent calls I accepted today."""
        carer_id = _carer(request)
        await dispatch.expire_due()
        return await mine.for_carer(carer_id)

    @post("/me/urgent/{offer_id:int}/accept", operation_id="acceptUrgent",
          raises=[PermissionDeniedException, NotFoundException])
    async def accept(self, request: Request, offer_id: FromPath[int], data: JSONBody[AnswerIn]) -> Response:
        result = await dispatch.answer(offer_id, _carer(request), True, str(data.client_uuid))
        return Response(result, status_code=200 if result["replayed"] else 201)

    @post("/me/urgent/{offer_id:int}/decline", operation_id="declineUrgent",
          raises=[PermissionDeniedException, NotFoundException])
    async def decline(self, request: Request, offer_id: FromPath[int], data: JSONBody[AnswerIn]) -> Response:
        result = await dispatch.answer(offer_id, _carer(request), False, str(data.client_uuid), data.reason)
        return Response(result, status_code=200 if result["replayed"] else 201)

    @post("/me/urgent-calls/{visit_id:int}/second-carer", operation_id="askSecondCarer",
          raises=[PermissionDeniedException, NotFoundException])
    async def second_carer(self, request: Request, visit_id: FromPath[int], data: JSONBody[SecondCarerIn]) -> Response:
        """From an urgent call: ask the office for a second carer (a new urgent request at the
        same place, linked to this one)."""
        carer_id = _carer(request)
        parent = await mine.my_accepted_request(carer_id, visit_id)
        replay = await mine.request_by_uuid(str(data.client_uuid))
        if replay is not None:
            return Response({"request_id": replay, "replayed": True}, status_code=200)
        new_id = await log_request(UrgentIn(
            need=UrgentNeed(parent["need"]), what_happened=f"Second carer asked for from the call: {data.reason}",
            client_id=parent["client"], carers_required=1, duration_minutes=parent["duration_minutes"],
            respond_within_minutes=30, required_skills=[]), request.user.id, parent_id=parent["id"],
            client_uuid=str(data.client_uuid))
        return Response({"request_id": new_id, "replayed": False}, status_code=201)
