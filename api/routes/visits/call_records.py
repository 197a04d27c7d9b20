"""Call records for the office: planned against actual, flags and their resolution, CSV."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter

from api.auth import planner_guard
from api.domain.shared.choices import CallFlag
from api.domain.shared.common import ConflictException, Page, server_today
from api.domain.visits.call_record_csv import call_records_csv
from api.domain.visits.call_record_page import CallRecordPage, call_record_page
from api.domain.visits.call_records import CallRecordFilters, CallRecordRow, load_call_records
from api.domain.visits.flag_reviews import FlagOut, ResolveFlagIn, resolve_flag
from api.domain.visits.phoning_in import PhoningIn, phoning_in
from api.routes.shared.params import Limit, Offset

Id = Annotated[int | None, QueryParameter(ge=1, le=2_147_483_647)]


async def call_record_filters(
    start: Annotated[dt.date | None, QueryParameter(description="first day (default: 6 days ago)")] = None,
    end: Annotated[dt.date | None, QueryParameter(description="last day, inclusive (default: today)")] = None,
    carer_id: Id = None,
    client_id: Id = None,
    flag: Annotated[CallFlag | None, QueryParameter(description="only calls with this flag")] = None,
    open_flags: Annotated[bool, QueryParameter(description="only calls with a flag not yet resolved")] = False,
) -> CallRecordFilters:
    end = end or server_today()
    start = start or end - dt.timedelta(days=6)
    return CallRecordFilters(start, end, carer_id, client_id, flag, open_flags)


class CallRecordController(Controller):
    path = "/call-records"
    tags = ["call records"]
    guards = [planner_guard]
    dependencies = {"filters": Provide(call_record_filters)}

    @get("/", operation_id="listCallRecords")
    async def list_records(
        self, filters: NamedDependency[CallRecordFilters], limit: Limit = 100, offset: Offset = 0
    ) -> Page[CallRecordRow]:
        """Each call planned against actual, with its flags (late, missed, short, left early,
        no check-out) and their resolutions; filters by date range, carer, client and flag."""
        rows = await load_call_records(filters)
        return Page(rows[offset:offset + limit], len(rows), limit, offset)

    @get("/export.csv", operation_id="exportCallRecordsCsv", media_type="text/csv")
    async def export_csv(self, filters: NamedDependency[CallRecordFilters]) -> Response[str]:
        """The same calls as CSV, one row per carer on a call."""
        rows = await load_call_records(filters)
        name = f"call-records-{filters.start}-{filters.end}.csv"
        return Response(call_records_csv(rows), media_type="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @get("/{visit_id:int}", operation_id="getCallRecord", raises=[NotFoundException])
    async def get_record(self, visit_id: FromPath[int]) -> CallRecordPage:
        """Everything recorded at a call, including actions kept after a conflict and incidents."""
        return await call_record_page(visit_id)

    @post("/{visit_id:int}/flags/resolve", operation_id="resolveCallFlag", status_code=201,
          raises=[NotFoundException, ConflictException])
    async def resolve(self, request: Request, visit_id: FromPath[int], data: JSONBody[ResolveFlagIn]) -> FlagOut:
        """Resolve one flag with a comment (once; audited)."""
        return await resolve_flag(request.user, visit_id, data)


class PhoningInController(Controller):
    tags = ["call records"]
    guards = [planner_guard]

    @get("/phoning-in", operation_id="phoningIn")
    async def phoning_in(self, date: Annotated[dt.date | None, QueryParameter(description="default: today")] = None,
                         ) -> list[PhoningIn]:
        """Who has ended their shift today (mileage, comment) and who is overdue, overdue first."""
        return await phoning_in(date)
