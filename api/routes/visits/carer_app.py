"""The carer's app API: runs, call detail, and the offline outbox's actions.

Every POST here is idempotent by the `client_uuid` in its body: the first time answers 201,
a replay answers 200 with the stored record (`replayed: true`). A call that changed hands or
was cancelled meanwhile answers 409 with an explanation, and the data is kept for the office.
"""

from __future__ import annotations

import datetime as dt

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.serialization import encode_json

from api.auth import STAFF
from api.domain.shared.choices import IncidentStatus
from api.domain.visits import incidents, shift_reports, visit_logs
from api.domain.shared.common import ConflictException, Page, invalid
from api.domain.shared.common import server_today
from api.domain.shared.data_version import ROTA, AnswerCache
from api.domain.visits.detail import RunDay, VisitDetail, runs_for_carer, visit_detail
from api.domain.visits.records import VisitRecords, visit_records
from api.routes.shared.params import Limit, Offset

MAX_RUN_DAYS = 35


def _replay_doc(model) -> dict:
    return {200: ResponseSpec(data_container=model, description="a replay: the stored record, nothing new")}
LOOK_AHEAD_DAYS = 27  # today and the next 4 weeks


def _carer(request: Request) -> int:
    if request.user.carer_id is None:
        raise PermissionDeniedException(detail="only carers have runs; staff use the day board")
    return request.user.carer_id


# Carers open their run at the same few minutes each morning: the rendered answer is kept per
# carer and dates, and served again while no table it is built from has changed (data_version).
_RUNS = AnswerCache(ROTA)


async def _cached_runs(request: Request, start: dt.date, end: dt.date, one_day: bool) -> Response:
    carer_id = _carer(request)

    async def build() -> bytes:
        runs = await runs_for_carer(carer_id, start, end)
        return encode_json(runs[0] if one_day else runs)

    body = await _RUNS.get_or_build((carer_id, start, end, one_day), build, request.scope)
    return Response(body, media_type=MediaType.JSON)


def _created_or_replayed(result):
    return Response(result, status_code=200 if result.replayed else 201)


class CarerAppController(Controller):
    tags = ["carer app"]

    @get("/me/run", operation_id="myRun", raises=[PermissionDeniedException])
    async def my_run(self, request: Request, date: FromQuery[dt.date | None] = None) -> Response[RunDay]:
        """The carer's run for one day (default: the server's today), in call order."""
        day = date or server_today()
        return await _cached_runs(request, day, day, one_day=True)

    @get("/me/runs", operation_id="myRuns", raises=[PermissionDeniedException])
    async def my_runs(
        self, request: Request, start: FromQuery[dt.date | None] = None, end: FromQuery[dt.date | None] = None
    ) -> Response[list[RunDay]]:
        """One entry per day; by default today and the next 4 weeks (what the phone caches)."""
        start = start or server_today()
        end = end or start + dt.timedelta(days=LOOK_AHEAD_DAYS)
        if end < start:
            raise invalid("end", "must be on or after start")
        if (end - start).days >= MAX_RUN_DAYS:
            raise invalid("end", f"at most {MAX_RUN_DAYS} days at a time")
        return await _cached_runs(request, start, end, one_day=False)

    @get("/visits/{visit_id:int}", operation_id="getVisitDetail",
         raises=[NotFoundException, PermissionDeniedException])
    async def get_visit(self, request: Request, visit_id: FromPath[int]) -> VisitDetail:
        """A call's detail. Carers open only calls assigned to them; the key safe code comes
        only on the day of the call, to a carer assigned to it."""
        return await visit_detail(visit_id, request.user)

    @get("/visits/{visit_id:int}/logs", operation_id="getVisitRecords",
         raises=[NotFoundException, PermissionDeniedException])
    async def get_visit_records(self, request: Request, visit_id: FromPath[int]) -> VisitRecords:
        """What was recorded at a call (check-in/out, tasks, notes) and any actions kept after a
        conflict, for the office to resolve."""
        return await visit_records(visit_id, request.user)

    @post("/visits/{visit_id:int}/check-in", operation_id="checkIn", responses=_replay_doc(visit_logs.SyncResult),
          raises=[NotFoundException, PermissionDeniedException, ConflictException])
    async def check_in(
        self, request: Request, visit_id: FromPath[int], data: JSONBody[visit_logs.CheckIn]
    ) -> Response[visit_logs.SyncResult]:
        return _created_or_replayed(await visit_logs.record_at_call(request.user, visit_id, "check_in", data))

    @post("/visits/{visit_id:int}/check-out", operation_id="checkOut", responses=_replay_doc(visit_logs.SyncResult),
          raises=[NotFoundException, PermissionDeniedException, ConflictException])
    async def check_out(
        self, request: Request, visit_id: FromPath[int], data: JSONBody[visit_logs.CheckOut]
    ) -> Response[visit_logs.SyncResult]:
        """On a sleep-in, `woken_minutes` is the time the carer was woken up and working."""
        return _created_or_replayed(await visit_logs.record_at_call(request.user, visit_id, "check_out", data))

    @post("/visits/{visit_id:int}/tasks", operation_id="recordTask", responses=_replay_doc(visit_logs.SyncResult),
          raises=[NotFoundException, PermissionDeniedException, ConflictException])
    async def record_task(
        self, request: Request, visit_id: FromPath[int], data: JSONBody[visit_logs.TaskDone]
    ) -> Response[visit_logs.SyncResult]:
        """A task done, or not done with a reason (e.g. medication declined)."""
        return _created_or_replayed(await visit_logs.record_at_call(request.user, visit_id, "task", data))

    @post("/visits/{visit_id:int}/notes", operation_id="addVisitNote", responses=_replay_doc(visit_logs.SyncResult),
          raises=[NotFoundException, PermissionDeniedException, ConflictException])
    async def add_note(
        self, request: Request, visit_id: FromPath[int], data: JSONBody[visit_logs.NoteIn]
    ) -> Response[visit_logs.SyncResult]:
        return _created_or_replayed(await visit_logs.record_at_call(request.user, visit_id, "note", data))

    @post("/incidents", operation_id="reportIncident", responses=_replay_doc(incidents.IncidentOut),
          raises=[PermissionDeniedException, ConflictException])
    async def report_incident(self, request: Request, data: JSONBody[incidents.IncidentIn]) -> Response[incidents.IncidentOut]:
        """A carer may name only calls and clients on their own runs (403 otherwise); staff any."""
        return _created_or_replayed(await incidents.report_incident(request.user, data))

    @get("/incidents", operation_id="listIncidents")
    async def list_incidents(
        self, request: Request, limit: Limit = 50, offset: Offset = 0, status: FromQuery[IncidentStatus | None] = None,
    ) -> Page[incidents.IncidentOut]:
        """Staff see every incident; a carer sees the ones they reported. Newest first."""
        only = None if request.user.role in STAFF else request.user.id
        items, total = await incidents.list_incidents(only, limit, offset, status.value if status else None)
        return Page(items, total, limit, offset)

    @post("/me/shift-reports", operation_id="endShift", responses=_replay_doc(shift_reports.ShiftReportOut),
          raises=[PermissionDeniedException, ConflictException])
    async def end_shift(
        self, request: Request, data: JSONBody[shift_reports.ShiftEndIn]
    ) -> Response[shift_reports.ShiftReportOut]:
        """End of shift ("phoning in") with the day's mileage."""
        return _created_or_replayed(await shift_reports.end_shift(request.user, data))

    @get("/me/shift-reports", operation_id="myShiftReports", raises=[PermissionDeniedException])
    async def my_shift_reports(
        self, request: Request, start: FromQuery[dt.date | None] = None, end: FromQuery[dt.date | None] = None
    ) -> list[shift_reports.ShiftReportOut]:
        end = end or server_today()
        start = start or end - dt.timedelta(days=13)
        if end < start:
            raise invalid("end", "must be on or after start")
        return await shift_reports.shift_reports(_carer(request), start, end)
