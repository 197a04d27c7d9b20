"""Leave: carers request it (idempotent by client_uuid, for the offline app); staff record
sickness; managers approve or decline seeing the cover impact."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.openapi.datastructures import ResponseSpec

from api.auth import STAFF, manager_guard
from api.domain.people import leave as service
from api.domain.shared.choices import LeaveStatus
from api.domain.shared.common import ConflictException, invalid
from api.routes.shared.params import VersionIn


def _own_carer(request: Request) -> int:
    if request.user.carer_id is None:
        raise PermissionDeniedException(detail="this account is not linked to a carer")
    return request.user.carer_id


class LeaveController(Controller):
    path = "/leave"
    tags = ["leave"]

    @post("/", operation_id="requestLeave", raises=[PermissionDeniedException, ConflictException],
          responses={200: ResponseSpec(data_container=service.LeaveOut,
                                       description="a replay: the stored request, nothing new")})
    async def request_leave(self, request: Request, data: JSONBody[service.LeaveIn]) -> Response[service.LeaveOut]:
        """A carer asks for leave for themself; staff may name the carer, and sickness they
        record is approved at once (the carer's calls then need cover). Replaying the same
        client_uuid returns the stored record (200) instead of a second one (201)."""
        if request.user.role in STAFF:
            if data.carer_id is None:
                raise invalid("carer_id", "say whose leave this is")
            carer_id, by_staff = data.carer_id, True
        else:
            carer_id, by_staff = _own_carer(request), False
            if data.carer_id not in (None, carer_id):
                raise PermissionDeniedException(detail="carers may only ask for their own leave")
            if data.client_uuid is None:
                raise invalid("client_uuid", "is required so a retried request is not recorded twice")
        leave, created = await service.request_leave(data, carer_id, by_staff, request.user.id)
        return Response(leave, status_code=201 if created else 200)

    @get("/", operation_id="listLeave")
    async def list_leave(
        self, request: Request, carer_id: FromQuery[int | None] = None,
        status: FromQuery[LeaveStatus | None] = None,
        start: FromQuery[dt.date | None] = None, end: FromQuery[dt.date | None] = None,
    ) -> list[service.LeaveOut]:
        if start and end and end < start:
            raise invalid("end", "is before start")
        if request.user.role not in STAFF:
            own = _own_carer(request)
            if carer_id not in (None, own):
                raise PermissionDeniedException(detail="carers may only read their own leave")
            carer_id = own
        return await service.list_leave(carer_id, status, start, end)

    @get("/{leave_id:int}", operation_id="getLeave", raises=[NotFoundException, PermissionDeniedException])
    async def get_leave(self, request: Request, leave_id: FromPath[int]) -> service.LeaveOut:
        leave = await service.get_leave(leave_id)
        if request.user.role not in STAFF and leave.carer_id != request.user.carer_id:
            raise PermissionDeniedException(detail="carers may only read their own leave")
        return leave

    @get("/{leave_id:int}/impact", operation_id="leaveImpact", guards=[manager_guard], raises=[NotFoundException])
    async def impact(self, leave_id: FromPath[int]) -> service.LeaveImpact:
        """Who else is off on those dates and which calls would need cover."""
        return await service.impact(leave_id)

    @post("/{leave_id:int}/approve", operation_id="approveLeave", guards=[manager_guard], status_code=200,
          raises=[NotFoundException, ConflictException])
    async def approve(self, request: Request, leave_id: FromPath[int], data: JSONBody[VersionIn]) -> service.LeaveOut:
        return await service.decide(leave_id, data.version, True, request.user.id)

    @post("/{leave_id:int}/decline", operation_id="declineLeave", guards=[manager_guard], status_code=200,
          raises=[NotFoundException, ConflictException])
    async def decline(self, request: Request, leave_id: FromPath[int], data: JSONBody[VersionIn]) -> service.LeaveOut:
        return await service.decide(leave_id, data.version, False, request.user.id)
