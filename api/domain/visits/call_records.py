"""Call records: each call planned against what happened (electronic call monitoring).

For a date range (and optionally a carer or client): each call's planned carers and times,
each carer's actual check-in and check-out (the phone's time, with the device-clock flag and
the distance from the client's address where a location was shared), the minutes delivered
against planned, tasks done and not done, notes, and the flags the office reviews (rules in
call_flags.py, thresholds from the agency settings). A fixed handful of queries for the whole
range, never one per call.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

import msgspec

from api.domain.shared.choices import CallFlag, VisitStatus
from api.domain.shared.common import agency_zone, invalid, minutes_to_hhmm
from api.domain.tables import Assignment, CallFlagReview, Carer, Client, User, Visit, VisitLog
from api.domain.visits import call_flags
from api.domain.visits.visit_settings import setting

MAX_DAYS = 93  # a quarter: a longer range is refused rather than left to time out


class FlagOut(msgspec.Struct):
    flag: str
    carer_id: int | None
    resolved: bool = False
    comment: str = ""
    resolved_by: str = ""
    resolved_at: dt.datetime | None = None


class AttendanceOut(msgspec.Struct):
    """One carer on a call: planned and actual."""

    carer_id: int
    carer_name: str
    planned_start: str  # HH:MM
    checked_in: dt.datetime | None
    checked_out: dt.datetime | None
    delivered_minutes: int | None
    check_in_clock_off: bool  # the phone's clock was far from ours when the check-in arrived
    check_out_clock_off: bool
    check_in_distance_m: int | None  # from the client's address, where a location was shared
    check_out_distance_m: int | None
    flags: list[str]


class CallRecordRow(msgspec.Struct):
    visit_id: int
    date: dt.date
    client_id: int
    client_name: str
    call_type: str
    window_start: str
    window_end: str
    planned_minutes: int
    carers_required: int
    status: str
    attendances: list[AttendanceOut]
    tasks_done: int
    tasks_not_done: int
    notes: int
    flags: list[FlagOut]

    @property
    def open_flags(self) -> list[FlagOut]:
        return [f for f in self.flags if not f.resolved]


@dataclass(frozen=True)
class CallRecordFilters:
    start: dt.date
    end: dt.date
    carer_id: int | None = None
    client_id: int | None = None
    flag: CallFlag | None = None
    open_flags_only: bool = False

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise invalid("end", f"the end {self.end} is before the start {self.start}")
        if (self.end - self.start).days >= MAX_DAYS:
            raise invalid("end", f"call records cover at most {MAX_DAYS} days at a time")


@dataclass(frozen=True)
class Thresholds:
    late_after: int
    short_under_percent: int
    left_early: int


async def thresholds() -> Thresholds:
    return Thresholds(int(await setting("late_after_minutes")), int(await setting("short_call_under_percent")),
                      int(await setting("left_early_minutes")))


def distance_m(lat1: float | None, lon1: float | None, lat2: float, lon2: float) -> int | None:
    """Great-circle metres between a shared location and the client's address."""
    if lat1 is None or lon1 is None:
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return round(2 * 6_371_000 * math.asin(math.sqrt(a)))


def _minutes_on(day: dt.date, moment: dt.datetime) -> float:
    """Minutes from the call date's local midnight (past 1440 after midnight)."""
    local = moment.astimezone(agency_zone())
    return (local.date() - day).days * 1440 + local.hour * 60 + local.minute + local.second / 60


def _is_past(visit: dict, now_local: dt.datetime) -> bool:
    """The window and the call's length are over: no check-in by now means missed."""
    end = dt.datetime.combine(visit["date"], dt.time()) + dt.timedelta(
        minutes=visit["window_end"] + visit["duration_minutes"])
    return end <= now_local


@dataclass
class _Attendance:
    carer_id: int
    planned_start: int
    check_in: dict | None = None
    check_out: dict | None = None


def _attendance_flags(visit: dict, att: _Attendance, t: Thresholds, past: bool) -> list[str]:
    flags = []
    day, planned = visit["date"], visit["duration_minutes"]
    if att.check_in is None:
        if past or visit["status"] == VisitStatus.MISSED:
            flags.append(CallFlag.MISSED)
        return flags
    arrived = _minutes_on(day, att.check_in["device_time"] or att.check_in["server_time"])
    if call_flags.is_late(att.planned_start, arrived, t.late_after):
        flags.append(CallFlag.LATE)
    if att.check_out is None:
        if past:
            flags.append(CallFlag.NO_CHECK_OUT)
        return flags
    left = _minutes_on(day, att.check_out["device_time"] or att.check_out["server_time"])
    delivered = max(0.0, left - arrived)
    if call_flags.is_short(planned, delivered, t.short_under_percent):
        flags.append(CallFlag.SHORT)
    elif call_flags.left_early(planned, delivered, t.left_early, t.short_under_percent):
        flags.append(CallFlag.LEFT_EARLY)
    return flags


def _visit_where(f: CallRecordFilters, visit=Visit):
    where = (visit.date >= f.start) & (visit.date <= f.end) & (visit.status != VisitStatus.CANCELLED)
    if f.client_id is not None:
        where &= visit.client.id == f.client_id
    return where


async def load_call_records(f: CallRecordFilters, visit_ids: list[int] | None = None) -> list[CallRecordRow]:
    """Every call of the range matching the filters, in date and time order (or just `visit_ids`)."""
    t = await thresholds()
    now_local = dt.datetime.now(agency_zone()).replace(tzinfo=None)
    where = _visit_where(f) if visit_ids is None else Visit.id.is_in(visit_ids or [-1])
    visits = await Visit.select(
        Visit.id, Visit.date, Visit.client.id.as_alias("client_id"), Visit.client.name.as_alias("client_name"),
        Visit.client.lat.as_alias("lat"), Visit.client.lon.as_alias("lon"), Visit.call_type,
        Visit.window_start, Visit.window_end, Visit.duration_minutes, Visit.carers_required, Visit.status,
    ).where(where).order_by(Visit.date).order_by(Visit.window_start).order_by(Visit.id)
    ids = [v["id"] for v in visits]
    if not ids:
        return []
    id_where = _visit_where(f, Assignment.visit) if visit_ids is None else Assignment.visit.is_in(ids)
    attendances: dict[int, dict[int, _Attendance]] = defaultdict(dict)
    for a in await Assignment.select(Assignment.visit, Assignment.carer, Assignment.planned_start).where(
            id_where).order_by(Assignment.planned_start):
        attendances[a["visit"]][a["carer"]] = _Attendance(a["carer"], a["planned_start"])
    log_where = _visit_where(f, VisitLog.visit) if visit_ids is None else VisitLog.visit.is_in(ids)
    tasks_done: dict[int, int] = defaultdict(int)
    tasks_not_done: dict[int, int] = defaultdict(int)
    notes: dict[int, int] = defaultdict(int)
    for log in await VisitLog.select(
        VisitLog.visit, VisitLog.carer, VisitLog.kind, VisitLog.device_time, VisitLog.server_time,
        VisitLog.lat, VisitLog.lon, VisitLog.done, VisitLog.device_time_off,
    ).where(log_where).order_by(VisitLog.id):
        v = log["visit"]
        if log["kind"] == "task":
            (tasks_done if log["done"] else tasks_not_done)[v] += 1
        elif log["kind"] == "note":
            notes[v] += 1
        else:
            att = attendances[v].get(log["carer"])
            if att is None:  # kept after the call was moved away: on the call record page only
                continue
            if log["kind"] == "check_in" and att.check_in is None:
                att.check_in = log
            elif log["kind"] == "check_out":
                att.check_out = log
    reviews = defaultdict(dict)
    review_where = (_visit_where(f, CallFlagReview.visit) if visit_ids is None
                    else CallFlagReview.visit.is_in(ids))
    for r in await CallFlagReview.select(
        CallFlagReview.visit, CallFlagReview.carer, CallFlagReview.flag, CallFlagReview.comment,
        CallFlagReview.resolved_at, CallFlagReview.resolved_by.display_name.as_alias("by"),
    ).where(review_where):
        reviews[r["visit"]][(r["carer"], r["flag"])] = r
    carer_names = {c["id"]: c["name"] for c in await Carer.select(Carer.id, Carer.name)}
    rows = []
    for v in visits:
        past = _is_past(v, now_local)
        atts, flags = [], []
        for att in attendances[v["id"]].values():
            att_flags = _attendance_flags(v, att, t, past)
            atts.append(_attendance_out(v, att, att_flags, carer_names))
            flags += [_flag_out(f_, att.carer_id, reviews[v["id"]]) for f_ in att_flags]
        if not atts and (past or v["status"] == VisitStatus.MISSED):  # nobody was ever sent
            flags.append(_flag_out(CallFlag.MISSED, None, reviews[v["id"]]))
        rows.append(CallRecordRow(
            v["id"], v["date"], v["client_id"], v["client_name"], v["call_type"],
            minutes_to_hhmm(v["window_start"]), minutes_to_hhmm(v["window_end"]), v["duration_minutes"],
            v["carers_required"], v["status"], atts, tasks_done[v["id"]], tasks_not_done[v["id"]],
            notes[v["id"]], flags,
        ))
    return [r for r in rows if _matches(r, f)] if visit_ids is None else rows


def _matches(row: CallRecordRow, f: CallRecordFilters) -> bool:
    if f.carer_id is not None and all(a.carer_id != f.carer_id for a in row.attendances):
        return False
    flags = row.open_flags if f.open_flags_only else row.flags
    if f.flag is not None:
        return any(x.flag == f.flag for x in flags)
    return bool(flags) if f.open_flags_only else True


def _flag_out(flag: str, carer_id: int | None, reviews: dict) -> FlagOut:
    review = reviews.get((carer_id, str(flag)))
    if review is None:
        return FlagOut(str(flag), carer_id)
    return FlagOut(str(flag), carer_id, True, review["comment"], review["by"] or "", review["resolved_at"])


def _attendance_out(visit: dict, att: _Attendance, flags: list[str], names: dict[int, str]) -> AttendanceOut:
    cin, cout = att.check_in, att.check_out
    time_in = (cin["device_time"] or cin["server_time"]) if cin else None
    time_out = (cout["device_time"] or cout["server_time"]) if cout else None
    delivered = round((time_out - time_in).total_seconds() / 60) if time_in and time_out else None
    return AttendanceOut(
        att.carer_id, names.get(att.carer_id, ""), minutes_to_hhmm(att.planned_start), time_in, time_out,
        delivered, bool(cin and cin["device_time_off"]), bool(cout and cout["device_time_off"]),
        distance_m(cin["lat"], cin["lon"], visit["lat"], visit["lon"]) if cin else None,
        distance_m(cout["lat"], cout["lon"], visit["lat"], visit["lon"]) if cout else None,
        [str(f) for f in flags],
    )


async def client_exists(client_id: int) -> bool:
    return await Client.exists().where(Client.id == client_id)


async def carer_exists(carer_id: int) -> bool:
    return await Carer.exists().where(Carer.id == carer_id)


async def user_name(user_id: int) -> str:
    row = await User.select(User.display_name).where(User.id == user_id).first()
    return row["display_name"] if row else ""
