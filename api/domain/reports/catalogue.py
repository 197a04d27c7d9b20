"""Every report by name, with who may read it: the routes and the CSV export look them up here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum

from api.domain.reports.capacity import capacity
from api.domain.reports.continuity import continuity
from api.domain.reports.contract import contract
from api.domain.reports.filters import ReportFilters
from api.domain.reports.hours import hours_report
from api.domain.reports.pay import pay
from api.domain.reports.payroll import payroll
from api.domain.reports.punctuality import punctuality
from api.domain.reports.shape import Report
from api.domain.reports.travel import travel


class ReportName(StrEnum):
    PUNCTUALITY = "punctuality"
    HOURS = "hours"
    CONTINUITY = "continuity"
    TRAVEL = "travel"
    PAY = "pay"
    CONTRACT = "contract"
    PAYROLL = "payroll"
    CAPACITY = "capacity"


PLANNERS = ("planner", "manager", "admin")
MANAGERS = ("manager", "admin")  # pay and payroll are for managers

# name -> (the report, the roles that may read it)
REPORTS: dict[str, tuple[Callable[[ReportFilters], Awaitable[Report]], tuple[str, ...]]] = {
    ReportName.PUNCTUALITY: (punctuality, PLANNERS),
    ReportName.HOURS: (hours_report, PLANNERS),
    ReportName.CONTINUITY: (continuity, PLANNERS),
    ReportName.TRAVEL: (travel, PLANNERS),
    ReportName.PAY: (pay, MANAGERS),
    ReportName.CONTRACT: (contract, PLANNERS),
    ReportName.PAYROLL: (payroll, MANAGERS),
    ReportName.CAPACITY: (capacity, PLANNERS),
}
