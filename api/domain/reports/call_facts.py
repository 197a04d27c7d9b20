"""The calls of a date range as the reports read them: each call with its client, its carers'
planned starts and travel (the optimiser's model), and each carer's first check-in and last
check-out as minutes from the call date's midnight in the agency's time zone.

A few queries with joins for the whole range, whatever its size; every report builds on these
facts, so all reports agree on what a call, a check-in or a delivered minute is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from api.domain.reports.filters import ReportFilters
from api.domain.shared.choices import VisitStatus
from api.domain.shared.common import agency_zone
from api.domain.tables import Assignment, Carer, Client, Visit, VisitLog


@dataclass
class Attendance:
    """One carer on one call: what was planned and what the carer's phone recorded."""

    carer_id: int
    planned_start: int
    travel_minutes: int = 0
    travel_metres: int = 0
    checked_in: float | None = None  # minutes from the call date's midnight
    checked_out: float | None = None
    woken_minutes: int = 0  # a sleep-in: time woken up and working, told at check-out

    @property
    def delivered_minutes(self) -> float:
        """Checked in to checked out; nothing is evidenced without both."""
        if self.checked_in is None or self.checked_out is None:
            return 0.0
        return max(0.0, self.checked_out - self.checked_in)


@dataclass
class CallFact:
    visit_id: int
    date: dt.date
    client_id: int
    client_name: str
    town: str
    funder: str
    window_start: int
    window_end: int
    duration: int
    carers_required: int
    status: str
    attendances: list[Attendance] = field(default_factory=list)
    call_type: str = ""  # a sleep_in or waking_night runs past midnight and is paid its own way

    @property
    def cancelled(self) -> bool:
        return self.status == VisitStatus.CANCELLED

    @property
    def planned_start(self) -> int:
        """The carers' planned start; with no carer, the call's asked-for time (mid-window)."""
        return min((a.planned_start for a in self.attendances), default=(self.window_start + self.window_end) // 2)

    def due_by(self, now: dt.datetime) -> bool:
        """The window and the call's length are past: a call with no check-in is now missed."""
        end = dt.datetime.combine(self.date, dt.time()) + dt.timedelta(minutes=self.window_end + self.duration)
        return end <= now

    @property
    def started(self) -> float | None:
        """When the call could start: a double-up starts when its last carer arrives."""
        ins = [a.checked_in for a in self.attendances if a.checked_in is not None]
        return max(ins) if ins else None

    @property
    def unallocated_carers(self) -> int:
        return max(0, self.carers_required - len(self.attendances))


@dataclass
class Facts:
    calls: list[CallFact]
    carer_names: dict[int, str]
    client_names: dict[int, str]
    now: dt.datetime  # local wall clock the facts were read at


def agency_now() -> dt.datetime:
    return dt.datetime.now(agency_zone()).replace(tzinfo=None)


def minutes_on(call_date: dt.date, moment: dt.datetime, zone=None) -> float:
    """Minutes from the call date's local midnight (past 1440 after midnight)."""
    local = moment.astimezone(zone or agency_zone()) if moment.tzinfo else moment
    return ((local.date() - call_date).days * 1440 + local.hour * 60 + local.minute
            + local.second / 60)


def _visit_filter(f: ReportFilters, visit=Visit):
    where = (visit.date >= f.date_from) & (visit.date <= f.date_to)
    if f.client_id is not None:
        where &= visit.client.id == f.client_id
    if f.town:
        where &= visit.client.town == f.town
    if f.funder:
        where &= visit.client.funder == f.funder
    return where


async def load_facts(f: ReportFilters, now: dt.datetime | None = None,
                     with_cancelled: bool = False) -> Facts:
    where = _visit_filter(f)
    if not with_cancelled:
        where &= Visit.status != VisitStatus.CANCELLED
    visits = await Visit.select(
        Visit.id, Visit.date, Visit.client.id.as_alias("client_id"), Visit.window_start, Visit.window_end,
        Visit.duration_minutes, Visit.carers_required, Visit.status, Visit.call_type,
        Visit.client.name.as_alias("client_name"), Visit.client.town.as_alias("town"),
        Visit.client.funder.as_alias("funder"),
    ).where(where).order_by(Visit.date).order_by(Visit.window_start)
    calls = {v["id"]: CallFact(
        v["id"], v["date"], v["client_id"], v["client_name"], v["town"], v["funder"], v["window_start"],
        v["window_end"], v["duration_minutes"], v["carers_required"], v["status"], call_type=v["call_type"],
    ) for v in visits}
    a_where = _visit_filter(f, Assignment.visit)
    if not with_cancelled:
        a_where &= Assignment.visit.status != VisitStatus.CANCELLED
    attendance: dict[tuple[int, int], Attendance] = {}
    for a in await Assignment.select(
        Assignment.visit, Assignment.carer, Assignment.planned_start, Assignment.travel_minutes,
        Assignment.travel_metres,
    ).where(a_where):
        call = calls.get(a["visit"])
        if call is None:
            continue
        att = Attendance(a["carer"], a["planned_start"], a["travel_minutes"], a["travel_metres"])
        call.attendances.append(att)
        attendance[(a["visit"], a["carer"])] = att
    zone = agency_zone()
    l_where = _visit_filter(f, VisitLog.visit) & VisitLog.kind.is_in(["check_in", "check_out"])
    for log in await VisitLog.select(
        VisitLog.visit, VisitLog.carer, VisitLog.kind, VisitLog.device_time, VisitLog.server_time,
        VisitLog.woken_minutes,
    ).where(l_where):
        att = attendance.get((log["visit"], log["carer"]))
        if att is None:
            continue  # a record kept after the call was moved away: not this carer's delivery
        minute = minutes_on(calls[log["visit"]].date, log["device_time"] or log["server_time"], zone)
        if log["kind"] == "check_in":
            att.checked_in = minute if att.checked_in is None else min(att.checked_in, minute)
        else:
            att.checked_out = minute if att.checked_out is None else max(att.checked_out, minute)
            att.woken_minutes = max(att.woken_minutes, log["woken_minutes"] or 0)
    result = list(calls.values())
    if f.carer_id is not None:
        for call in result:
            call.attendances = [a for a in call.attendances if a.carer_id == f.carer_id]
        result = [c for c in result if c.attendances]
    carer_names = {c["id"]: c["name"] for c in await Carer.select(Carer.id, Carer.name)}
    client_names = {c["id"]: c["name"] for c in await Client.select(Client.id, Client.name)}
    return Facts(result, carer_names, client_names, now or agency_now())
