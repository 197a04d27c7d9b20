"""Supervisions, spot checks and appraisals: staff schedule, book and record them; a carer
reads only their own held ones (/me/supervisions), without the notes."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, Request, Response, get, patch, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, JSONBody, QueryParameter

from api.auth import planner_guard
from api.domain.people.supervision import due_list, export, mine, records, spot_checks
from api.domain.shared.common import ConflictException, server_today

Id = Annotated[int | None, QueryParameter(ge=1, le=2_147_483_647)]
KindQuery = Annotated[Literal["supervision", "spot_check", "appraisal"] | None, QueryParameter()]
StatusQuery = Annotated[due_list.Status, QueryParameter(
    description="open (default: overdue, due and booked), overdue, due, booked, upcoming, done or all")]


class SupervisionController(Controller):
    path = "/supervisions"
    tags = ["supervisions"]
    guards = [planner_guard]

    @get("/", operation_id="listSupervisions")
    async def list_supervisions(self, carer_id: Id = None, kind: KindQuery = None, status: StatusQuery = "open",
                                visit_id: Id = None) -> list[records.SupervisionOut]:
        """Records and, for each working carer, the next of each kind the agency's intervals make
        due (id null until scheduled); overdue first."""
        return await due_list.supervision_list(server_today(), carer_id, kind, status, visit_id)

    @get("/export.csv", operation_id="exportSupervisionsCsv", media_type="text/csv")
    async def export_csv(self, carer_id: Id = None, kind: KindQuery = None, status: StatusQuery = "open") -> Response[str]:
        items = await due_list.supervision_list(server_today(), carer_id, kind, status)
        return Response(export.supervisions_csv(items), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="supervisions.csv"'})

    @get("/observers", operation_id="listSupervisionObservers")
    async def list_observers(self) -> list[records.ObserverOut]:
        return await records.observers()

    @get("/calls", operation_id="spotCheckCalls")
    async def coming_calls(self, carer_id: Annotated[int, QueryParameter(ge=1, le=2_147_483_647)]) -> list[spot_checks.CallOut]:
        """The carer's coming calls (next four weeks) a spot check can be booked on."""
        return await spot_checks.coming_calls(carer_id, server_today())

    @get("/{record_id:int}", operation_id="getSupervision", raises=[NotFoundException])
    async def get_one(self, record_id: FromPath[int]) -> records.SupervisionOut:
        return await records.get(record_id, server_today())

    @post("/", operation_id="createSupervision")
    async def create(self, request: Request, data: JSONBody[records.SupervisionIn]) -> records.SupervisionOut:
        """Schedule, book (a spot check on one of the carer's coming calls) or record at once."""
        return await records.create(data, request.user.id, server_today())

    @patch("/{record_id:int}", operation_id="updateSupervision", raises=[NotFoundException, ConflictException])
    async def update(self, request: Request, record_id: FromPath[int],
                     data: JSONBody[records.SupervisionUpdate]) -> records.SupervisionOut:
        """Record it (held_on, observer, outcome, notes, actions) or change it; 409 names who saved meanwhile."""
        return await records.update(record_id, data, request.user.id, server_today())


class MySupervisionController(Controller):
    tags = ["carer app"]

    @get("/me/supervisions", operation_id="mySupervisions", raises=[PermissionDeniedException])
    async def my_supervisions(self, request: Request) -> list[mine.MySupervision]:
        """A carer's own supervisions, spot checks and appraisals held: outcome and actions, not the notes."""
        if request.user.carer_id is None:
            raise PermissionDeniedException(detail="only carers have their own supervisions here; staff use /supervisions")
        return await mine.my_supervisions(request.user.carer_id)
