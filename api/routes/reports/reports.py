"""Reports for planners and managers: each report as JSON (headline figures, charts, tables)
and any table of it as CSV. Every report takes the same date range and filters."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, JSONBody, QueryParameter

from api.auth import planner_guard
from api.domain.reports.catalogue import REPORTS, ReportName
from api.domain.reports.dashboard import dashboard
from api.domain.reports.package_check import PackageAnswer, PackageIn, check_package
from api.domain.reports.filters import ReportFilters, check_date, default_range
from api.domain.reports.shape import Report, to_csv
from api.domain.shared.choices import Funder
from api.domain.shared.common import server_today


async def report_filters(
    date_from: Annotated[dt.date | None, QueryParameter(name="from", description="first day (default: 4 weeks ago)")] = None,
    date_to: Annotated[dt.date | None, QueryParameter(name="to", description="last day, inclusive (default: yesterday)")] = None,
    carer_id: Annotated[int | None, QueryParameter(ge=1, le=2_147_483_647, description="only this carer's calls")] = None,
    client_id: Annotated[int | None, QueryParameter(ge=1, le=2_147_483_647, description="only this client's calls")] = None,
    town: Annotated[str | None, QueryParameter(max_length=64, description="only clients in this town (area)")] = None,
    funder: Annotated[Funder | None, QueryParameter(description="only clients with this funder")] = None,
) -> ReportFilters:
    start, end = default_range(server_today())
    return ReportFilters(date_from or start, date_to or end, carer_id, client_id, town or None,
                         funder.value if funder else None)


async def _report(request: Request, name: str, filters: ReportFilters) -> Report:
    fn, roles = REPORTS[name]
    if request.user.role not in roles:
        raise PermissionDeniedException(detail=f"role '{request.user.role}' may not read the {name} report")
    return await fn(filters)


class ReportController(Controller):
    path = "/reports"
    tags = ["reports"]
    guards = [planner_guard]
    dependencies = {"filters": Provide(report_filters)}

    @get("/punctuality", operation_id="reportPunctuality")
    async def punctuality(self, request: Request, filters: NamedDependency[ReportFilters]) -> Report:
        """Share of calls started within the agency's minutes of the planned time, late, missed
        (per 1,000) and short calls; by carer, client, time of day and week."""
        return await _report(request, ReportName.PUNCTUALITY, filters)

    @get("/hours", operation_id="reportHours")
    async def hours(self, request: Request, filters: NamedDependency[ReportFilters]) -> Report:
        """Commissioned (client defaults), planned (allocated), delivered (checked in to out) and
        unallocated hours per client, carer, funder and week."""
        return await _report(request, ReportName.HOURS, filters)

    @get("/continuity", operation_id="reportContinuity")
    async def continuity(self, request: Request, filters: NamedDependency[ReportFilters]) -> Report:
        """Per client: different carers in the range and the share of calls by a regular carer;
        the agency's mean and the clients worst served."""
        return await _report(request, ReportName.CONTINUITY, filters)

    @get("/travel", operation_id="reportTravel")
    async def travel(self, request: Request, filters: NamedDependency[ReportFilters]) -> Report:
        """Planned travel per run (the optimiser's model) against the miles reported at the end of
        shift; mileage claims per carer and week at the agency's rate per mile."""
        return await _report(request, ReportName.TRAVEL, filters)

    @get("/pay", operation_id="reportPay")
    async def pay(self, request: Request, filters: NamedDependency[ReportFilters]) -> Report:
        """Managers: per carer and week, worked time (calls and travel) against pay, and the
        effective hourly rate against the minimum wage of the carer's age band."""
        return await _report(request, ReportName.PAY, filters)

    @get("/contract", operation_id="reportContract")
    async def contract(self, request: Request, filters: NamedDependency[ReportFilters]) -> Report:
        """Contracted, planned and delivered hours per carer per week; downtime blocks between calls."""
        return await _report(request, ReportName.CONTRACT, filters)

    @get("/payroll", operation_id="reportPayroll")
    async def payroll(self, request: Request, filters: NamedDependency[ReportFilters]) -> Report:
        """Managers: timesheets (calls attended with actual times and travel), the payroll import
        table (one row per carer and week; layout in the README) and the invoice per client and
        funder (delivered hours x the funder's rate)."""
        return await _report(request, ReportName.PAYROLL, filters)

    @get("/dashboard", operation_id="reportDashboard")
    async def dashboard(
        self, today: Annotated[dt.date | None, QueryParameter(description="the day to read 'this week' from (default today)")] = None,
    ) -> Report:
        """This week's key figures (on time, missed, unallocated hours, continuity, flags, open
        incidents, training expiring), each with a link to its report."""
        return await dashboard(check_date("today", today) if today else server_today())

    @get("/capacity", operation_id="reportCapacity")
    async def capacity(self, request: Request, filters: NamedDependency[ReportFilters]) -> Report:
        """Carer-hours available, committed and spare by day and time band (morning, lunch, tea,
        bed, night); demand and unallocated hours by area."""
        return await _report(request, ReportName.CAPACITY, filters)

    @post("/capacity/package-check", operation_id="checkPackage", status_code=200)
    async def package_check(self, data: JSONBody[PackageIn]) -> PackageAnswer:
        """"Can we take this package?": the new client's weekly calls inserted into a typical
        week's existing runs (default next week) by the optimiser, existing calls left with their
        carers. Which carers would take which calls, the travel added, and what could not be
        placed and why. Nothing is stored."""
        return await check_package(data, server_today())

    @get("/{report:str}/csv", operation_id="exportReportCsv", media_type="text/csv")
    async def export_csv(
        self, request: Request, report: FromPath[ReportName], filters: NamedDependency[ReportFilters],
        table: Annotated[str | None, QueryParameter(max_length=64, description="which table (default the first)")] = None,
    ) -> Response[str]:
        """One table of a report as CSV (UTF-8, comma-separated, a header row of column names)."""
        name, body = to_csv(await _report(request, report, filters), table)
        return Response(body, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
