"""A call as the carer sees it at the door: client, alerts, tasks from the care plan, notes
from earlier calls, access notes and, on the day only, the key safe code.

The key safe rule lives here, on the server: the code is given only for a call on the
server's today that is assigned to the carer asking. Staff read it from
/clients/{id}/sensitive instead, so this view never carries it for them.
"""

from __future__ import annotations

import datetime as dt

import msgspec
from litestar.exceptions import PermissionDeniedException

from api.auth import STAFF, AuthUser
from api.domain.shared.common import hhmm_to_minutes, minutes_to_hhmm, not_found, server_today
from api.domain.rostering.carer_days import day_kinds
from api.domain.rostering.carer_view import calls_carer_sees, carer_sees_call
from api.domain.rostering.runs import RunCall
from api.domain.visits import doses
from api.domain.visits.doses import DoseDue
from api.domain.tables import (
    Assignment,
    Carer,
    CarePlan,
    CarePlanTask,
    Client,
    ClientSensitive,
    Visit,
    VisitLog,
)

NOT_ASSIGNED = "you may only open calls assigned to you"  # also the answer for an unknown call

PREVIOUS_NOTES = 10


class TaskOut(msgspec.Struct):
    name: str
    details: str = ""


class CoCarer(msgspec.Struct):
    carer_id: int
    name: str


class PreviousNote(msgspec.Struct):
    visit_id: int
    date: dt.date
    carer_name: str
    note: str
    server_time: dt.datetime


class TaskRecord(msgspec.Struct):
    task: str
    done: bool | None
    reason: str


class Recorded(msgspec.Struct):
    """What has reached the server for this call so far (any carer on it)."""

    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    tasks: list[TaskRecord]
    notes: list[str]


class VisitDetail(msgspec.Struct):
    visit_id: int
    date: dt.date
    status: str
    version: int
    window_start: str
    window_end: str
    planned_start: str | None
    duration_minutes: int
    carers_required: int
    call_type: str
    client_id: int
    client_name: str
    address: str
    town: str
    postcode: str
    lat: float
    lon: float
    phone: str
    alerts: str
    care_plan_title: str
    care_plan_summary: str
    tasks: list[TaskOut]
    co_carers: list[CoCarer]
    previous_notes: list[PreviousNote]
    recorded: Recorded
    access_notes: str
    key_safe_code: str | None
    key_safe_note: str
    # The medicines due at the call (and those taken as needed), each with its current record:
    # to the call's carers on the day only, like the key safe code (saved with the call offline).
    medication: list[DoseDue] = []


async def _care_plan(client_id: int, day: dt.date) -> tuple[dict | None, list[TaskOut]]:
    plans = await CarePlan.select().where(
        (CarePlan.client == client_id) & (CarePlan.active == True)  # noqa: E712
    ).order_by(CarePlan.id, ascending=False)
    current = [p for p in plans if p["starts_on"] is None or p["starts_on"] <= day]
    plan = current[0] if current else None
    if plan is None:
        return None, []
    rows = await CarePlanTask.select().where(CarePlanTask.care_plan == plan["id"]).order_by(
        CarePlanTask.position
    )
    return plan, [TaskOut(r["name"], r["details"]) for r in rows]


def _call_tasks(call_tasks: list[str], plan_tasks: list[TaskOut]) -> list[TaskOut]:
    """The call's own tasks with the care plan's details; the whole plan when the call names none."""
    if not call_tasks:
        return plan_tasks
    details = {t.name: t.details for t in plan_tasks}
    return [TaskOut(name, details.get(name, "")) for name in call_tasks]


async def _previous_notes(client_id: int, visit: dict) -> list[PreviousNote]:
    rows = await VisitLog.select(
        VisitLog.visit.id.as_alias("visit_id"),
        VisitLog.visit.date.as_alias("date"),
        VisitLog.carer.name.as_alias("carer_name"),
        VisitLog.note,
        VisitLog.server_time,
    ).where(
        (VisitLog.kind == "note")
        & (VisitLog.visit.client == client_id)
        & (VisitLog.visit.id != visit["id"])
        & (VisitLog.visit.date <= visit["date"])
    ).order_by(VisitLog.visit.date, ascending=False).order_by(
        VisitLog.server_time, ascending=False
    ).limit(PREVIOUS_NOTES)
    return [PreviousNote(r["visit_id"], r["date"], r["carer_name"], r["note"], r["server_time"])
            for r in rows]


async def recorded_for(visit_id: int) -> Recorded:
    logs = await VisitLog.select().where(VisitLog.visit == visit_id).order_by(VisitLog.server_time)
    check_ins = [r["device_time"] or r["server_time"] for r in logs if r["kind"] == "check_in"]
    check_outs = [r["device_time"] or r["server_time"] for r in logs if r["kind"] == "check_out"]
    latest: dict[str, TaskRecord] = {}
    for r in logs:
        if r["kind"] == "task":  # the latest word on a task wins
            latest[r["task"]] = TaskRecord(r["task"], r["done"], r["reason"])
    return Recorded(
        checked_in_at=min(check_ins) if check_ins else None,
        checked_out_at=max(check_outs) if check_outs else None,
        tasks=list(latest.values()),
        notes=[r["note"] for r in logs if r["kind"] == "note"],
    )


async def visit_detail(visit_id: int, user: AuthUser) -> VisitDetail:
    visit = await Visit.select().where(Visit.id == visit_id).output(load_json=True).first()
    if visit is None:
        if user.role in STAFF:
            raise not_found("call", visit_id)
        raise PermissionDeniedException(detail=NOT_ASSIGNED)  # as a foreign call: no probing ids
    assignments = await Assignment.select(
        Assignment.carer, Assignment.planned_start, Assignment.carer.name.as_alias("carer_name")
    ).where(Assignment.visit == visit_id)
    is_staff = user.role in STAFF
    # A carer's own place on the call is the one their published rota shows (carer_view).
    shown = None if user.carer_id is None else await carer_sees_call(user.carer_id, visit_id, visit["date"])
    mine = [{"carer": user.carer_id, "planned_start": hhmm_to_minutes(shown.planned_start)}] if shown else []
    if not is_staff and not mine:
        raise PermissionDeniedException(detail=NOT_ASSIGNED)

    client = await Client.select().where(Client.id == visit["client"]).first()
    plan, plan_tasks = await _care_plan(client["id"], visit["date"])
    sensitive = await ClientSensitive.select().where(ClientSensitive.client == client["id"]).first()
    # a call planned to end after midnight (a night) is still on the next morning
    days = (server_today() - visit["date"]).days
    overnight = visit["window_end"] + visit["duration_minutes"] > 24 * 60
    on_the_day = bool(mine) and (days == 0 or (days == 1 and overnight)) and visit["status"] != "cancelled"
    code = (sensitive or {}).get("key_safe_code") or ""
    if is_staff and not mine:
        key_safe_code, key_note = None, "staff read the key safe code from the client's sensitive record"
    elif on_the_day:
        key_safe_code, key_note = code, "" if code else "no key safe recorded for this client"
    else:
        key_safe_code, key_note = None, "the key safe code is shown on the day of the call only"

    return VisitDetail(
        visit_id=visit["id"],
        date=visit["date"],
        status=visit["status"],
        version=visit["version"],
        window_start=minutes_to_hhmm(visit["window_start"]),
        window_end=minutes_to_hhmm(visit["window_end"]),
        planned_start=minutes_to_hhmm(mine[0]["planned_start"]) if mine else None,
        duration_minutes=visit["duration_minutes"],
        carers_required=visit["carers_required"],
        call_type=visit["call_type"],
        client_id=client["id"],
        client_name=client["name"],
        address=client["address"],
        town=client["town"],
        postcode=client["postcode"],
        lat=client["lat"],
        lon=client["lon"],
        phone=client["phone"],
        alerts=client["alerts"],
        care_plan_title=plan["title"] if plan else "",
        care_plan_summary=plan["summary"] if plan else "",
        tasks=_call_tasks(list(visit["tasks"] or []), plan_tasks),
        co_carers=[CoCarer(a["carer"], a["carer_name"]) for a in assignments
                   if a["carer"] != user.carer_id],
        previous_notes=await _previous_notes(client["id"], visit),
        recorded=await recorded_for(visit_id),
        access_notes=(sensitive or {}).get("access_notes") or "",
        key_safe_code=key_safe_code,
        key_safe_note=key_note,
        medication=await doses.due_for_visit(visit) if on_the_day or is_staff else [],
    )


class RunDay(msgspec.Struct):
    date: dt.date
    calls: list[RunCall]
    travel_minutes: int
    travel_metres: int
    co_carer_names: dict[str, str] = {}
    # working | annual_leave | sick | training | day_off | not_rostered | no_calls (carer_days)
    kind: str = "working"


async def runs_for_carer(carer_id: int, start: dt.date, end: dt.date) -> list[RunDay]:
    """One entry per day from start to end (empty days included, so a cached week is complete),
    as the carer's published rota shows it (rostering.carer_view)."""
    calls = await calls_carer_sees(carer_id, start, end)
    others = sorted({c for call in calls for c in call.co_carer_ids})
    names = {}
    if others:
        names = {str(r["id"]): r["name"] for r in await Carer.select(Carer.id, Carer.name).where(
            Carer.id.is_in(others))}
    kinds = await day_kinds(carer_id, start, end, {c.date for c in calls})
    days = []
    day = start
    while day <= end:
        todays = [c for c in calls if c.date == day]
        days.append(RunDay(
            date=day,
            calls=todays,
            travel_minutes=sum(c.travel_minutes for c in todays),
            travel_metres=sum(c.travel_metres for c in todays),
            co_carer_names={k: v for k, v in names.items()
                            if any(int(k) in c.co_carer_ids for c in todays)},
            kind=kinds[day],
        ))
        day += dt.timedelta(days=1)
    return days
