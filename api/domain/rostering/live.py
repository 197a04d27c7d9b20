"""Live today: which calls are late or missed, from the carers' check-ins (ECM).

Late: no check-in `late_after_minutes` after the call's window opened.
Missed: not checked out by the window's end plus the call's duration.
Due: not started yet and its window opens within the next hour; later calls are "upcoming".
Alerts (a count and their own list, most urgent first): calls with no carer (or fewer than
they need) that are not done, missed calls and late calls.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from api.domain.shared.common import minutes_to_hhmm
from api.domain.tables import Assignment, Carer, Visit, VisitLog
from api.settings import get_settings

STATES = ("done", "in_progress", "missed", "late", "due", "upcoming")
DUE_WITHIN_MINUTES = 60
ALERT_ORDER = ("no_carer", "missed", "late")


class LiveCall(msgspec.Struct):
    visit_id: int
    client_name: str
    town: str
    window_start: str
    window_end: str
    duration_minutes: int
    carers: list[dict]  # [{carer_id, name}]
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    state: str  # done | in_progress | missed | late | due | upcoming
    carers_required: int = 1
    no_carer: bool = False  # fewer carers than the call needs, and not done


class LiveAlert(msgspec.Struct):
    kind: str  # no_carer | missed | late
    visit_id: int
    client_name: str
    window_start: str
    window_end: str
    message: str  # in the planner's words


class LiveToday(msgspec.Struct):
    date: dt.date
    at: str  # the clock time (HH:MM) the states were worked out for
    counts: dict[str, int]
    calls: list[LiveCall]
    alert_count: int = 0
    alerts: list[LiveAlert] = []


def call_state(window_start: int, window_end: int, duration: int, now_minute: int,
               checked_in: bool, checked_out: bool, late_after: int) -> str:
    if checked_out:
        return "done"
    if now_minute > window_end + duration:
        return "missed"
    if checked_in:
        return "in_progress"
    if now_minute > window_start + late_after:
        return "late"
    if window_start - now_minute <= DUE_WITHIN_MINUTES:
        return "due"
    return "upcoming"


def alerts_of(calls: list[LiveCall]) -> list[LiveAlert]:
    """The calls a planner must act on now, most urgent first: nobody (or too few) on it,
    missed, late."""
    out = []
    for c in calls:
        window = f"{c.window_start}–{c.window_end}"
        if c.no_carer:
            have = len(c.carers)
            words = "no carer" if have == 0 else f"{have} of the {c.carers_required} carers it needs"
            out.append(LiveAlert("no_carer", c.visit_id, c.client_name, c.window_start, c.window_end,
                                 f"{c.client_name} {window} has {words}"))
        if c.state in ("missed", "late"):
            who = " & ".join(x["name"] for x in c.carers) or "nobody"
            words = "missed: not checked out" if c.state == "missed" else "late: not checked in"
            out.append(LiveAlert(c.state, c.visit_id, c.client_name, c.window_start, c.window_end,
                                 f"{c.client_name} {window} {words} ({who})"))
    return sorted(out, key=lambda a: (ALERT_ORDER.index(a.kind), a.window_start))


async def live_today(at: dt.datetime) -> LiveToday:
    day, now_minute = at.date(), at.hour * 60 + at.minute
    visits = await Visit.select(
        Visit.id, Visit.window_start, Visit.window_end, Visit.duration_minutes, Visit.carers_required,
        Visit.client.name.as_alias("client_name"), Visit.client.town.as_alias("town"),
    ).where((Visit.date == day) & (Visit.status != "cancelled")).order_by(Visit.window_start)
    ids = [v["id"] for v in visits] or [-1]
    names = {c["id"]: c["name"] for c in await Carer.select(Carer.id, Carer.name)}
    carers: dict[int, list[dict]] = {}
    for a in await Assignment.select(Assignment.visit, Assignment.carer).where(Assignment.visit.is_in(ids)):
        carers.setdefault(a["visit"], []).append({"carer_id": a["carer"], "name": names.get(a["carer"], "")})
    first: dict[tuple[int, str], dt.datetime] = {}
    for log in await VisitLog.select(VisitLog.visit, VisitLog.kind, VisitLog.server_time).where(
        VisitLog.visit.is_in(ids) & VisitLog.kind.is_in(["check_in", "check_out"])
    ).order_by(VisitLog.server_time):
        first.setdefault((log["visit"], log["kind"]), log["server_time"])
    late_after = get_settings().agency.late_after_minutes
    calls = []
    for v in visits:
        checked_in, checked_out = first.get((v["id"], "check_in")), first.get((v["id"], "check_out"))
        calls.append(LiveCall(
            visit_id=v["id"], client_name=v["client_name"], town=v["town"],
            window_start=minutes_to_hhmm(v["window_start"]), window_end=minutes_to_hhmm(v["window_end"]),
            duration_minutes=v["duration_minutes"], carers=carers.get(v["id"], []),
            checked_in_at=checked_in, checked_out_at=checked_out,
            state=call_state(v["window_start"], v["window_end"], v["duration_minutes"], now_minute,
                             checked_in is not None, checked_out is not None, late_after),
            carers_required=v["carers_required"],
            no_carer=checked_out is None and len(carers.get(v["id"], [])) < v["carers_required"],
        ))
    counts = {s: sum(1 for c in calls if c.state == s) for s in STATES}
    counts["no_carer"] = sum(1 for c in calls if c.no_carer)
    alerts = alerts_of(calls)
    return LiveToday(day, minutes_to_hhmm(now_minute), counts, calls, len(alerts), alerts)
