"""The weekly staff rota: who is on call out of hours each week, and each carer's calls
over the coming weeks (also as CSV for the office wall)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Annotated

import msgspec
from msgspec import Meta

from api.domain.shared.db import write_transaction
from api.domain.shared.common import week_start
from api.domain.shared import audit
from api.domain.shared.choices import OnCallRole
from api.domain.shared.common import invalid, minutes_to_hhmm, not_found
from api.domain.rostering.carer_view import calls_carer_sees
from api.domain.rostering.runs import assignments_for
from api.domain.people.contract_hours import load_timeline
from api.domain.tables import Carer, Leave, OnCall, User

MAX_WEEKS = 8


class OnCallIn(msgspec.Struct):
    week_start: dt.date
    role: OnCallRole
    user_id: int
    phone: Annotated[str, Meta(max_length=32)] = ""


class OnCallOut(msgspec.Struct):
    id: int
    week_start: dt.date
    role: str
    user_id: int
    name: str
    phone: str


class RotaCall(msgspec.Struct):
    visit_id: int
    client_name: str
    town: str
    start: str
    end: str
    duration_minutes: int


class RotaDay(msgspec.Struct):
    date: dt.date
    leave: str  # "", or annual | sick | training when approved leave covers the day
    minutes: int
    calls: list[RotaCall]


class CarerRota(msgspec.Struct):
    carer_id: int
    name: str
    contracted_minutes: int
    start: dt.date
    end: dt.date
    days: list[RotaDay]


class WeeklyRota(msgspec.Struct):
    week_start: dt.date
    on_call: list[OnCallOut]
    carers: list[CarerRota]


def _must_be_monday(day: dt.date, field: str = "week_start") -> None:
    if day.weekday() != 0:
        raise invalid(field, f"{day} is a {day:%A}; a rota week starts on a Monday")


async def list_on_call(start: dt.date, end: dt.date) -> list[OnCallOut]:
    rows = await OnCall.select(*OnCall.all_columns(), OnCall.user.display_name.as_alias("name")).where(
        (OnCall.week_start >= week_start(start)) & (OnCall.week_start <= end)
    ).order_by(OnCall.week_start).order_by(OnCall.role)
    return [OnCallOut(r["id"], r["week_start"], r["role"], r["user"], r["name"], r["phone"]) for r in rows]


async def candidates() -> list[dict]:
    """Staff who can be named on call (supervisors are planners; managers are managers)."""
    rows = await User.select(User.id, User.display_name, User.role).where(
        (User.active == True) & User.role.is_in(["planner", "manager", "admin"])  # noqa: E712
    ).order_by(User.display_name)
    return [{"user_id": r["id"], "name": r["display_name"], "role": r["role"]} for r in rows]


async def set_on_call(data: OnCallIn, actor_id: int) -> OnCallOut:
    """Name who is on call for a week in a role (replacing whoever was)."""
    _must_be_monday(data.week_start)
    user = await User.select().where(User.id == data.user_id).first()
    if user is None or not user["active"]:
        raise invalid("user_id", f"user {data.user_id} does not exist or is inactive")
    allowed = ("planner", "manager", "admin") if data.role == "supervisor" else ("manager", "admin")
    if user["role"] not in allowed:
        raise invalid("user_id", f"a {user['role']} cannot be the on-call {data.role}")
    async with write_transaction():
        before = await OnCall.select().where(
            (OnCall.week_start == data.week_start) & (OnCall.role == data.role)).first()
        if before:
            await OnCall.delete().where(OnCall.id == before["id"])
        row_id = (await OnCall.insert(OnCall(
            week_start=data.week_start, role=data.role, user=data.user_id, phone=data.phone,
        )).returning(OnCall.id))[0]["id"]
        await audit.record(actor_id, "on_call", row_id, "set", before, msgspec.to_builtins(data))
    return OnCallOut(row_id, data.week_start, data.role, data.user_id, user["display_name"], data.phone)


async def delete_on_call(on_call_id: int, actor_id: int) -> None:
    before = await OnCall.select().where(OnCall.id == on_call_id).first()
    if before is None:
        raise not_found("on-call entry", on_call_id)
    async with write_transaction():
        await OnCall.delete().where(OnCall.id == on_call_id)
        await audit.record(actor_id, "on_call", on_call_id, "delete", before, None)


async def carer_rotas(carer_ids: list[int] | None, start: dt.date, end: dt.date,
                      as_carer_sees: bool = False) -> list[CarerRota]:
    """Each carer's days; `as_carer_sees` gives their published rota (carer_view) instead of
    the working one, for a carer reading their own."""
    if end < start:
        raise invalid("end", "is before start")
    if (end - start).days + 1 > MAX_WEEKS * 7:
        raise invalid("end", f"a rota view is at most {MAX_WEEKS} weeks")
    query = Carer.select().order_by(Carer.name)
    query = query.where(Carer.id.is_in(carer_ids or [-1])) if carer_ids is not None else query.where(
        Carer.active == True)  # noqa: E712
    carers = await query
    if as_carer_sees:
        calls = [x for c in carers for x in await calls_carer_sees(c["id"], start, end)]
    else:
        calls = await assignments_for([c["id"] for c in carers], start, end)
    leave = await Leave.select().where(
        (Leave.status == "approved") & (Leave.start_date <= end) & (Leave.end_date >= start)
        & Leave.carer.is_in([c["id"] for c in carers] or [-1]))
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    contracts = await load_timeline([c["id"] for c in carers])  # the hours in force when the rota starts
    out = []
    for c in carers:
        mine = [x for x in calls if x.carer_id == c["id"]]
        rota_days = []
        for day in days:
            todays = [x for x in mine if x.date == day]
            off = next((l["kind"] for l in leave if l["carer"] == c["id"] and l["start_date"] <= day <= l["end_date"]), "")
            rota_calls = []
            for x in todays:
                h, m = map(int, x.planned_start.split(":"))
                rota_calls.append(RotaCall(x.visit_id, x.client_name, x.town, x.planned_start,
                                           minutes_to_hhmm((h * 60 + m + x.duration_minutes) % (24 * 60)),  # a night ends next morning
                                           x.duration_minutes))
            rota_days.append(RotaDay(day, off, sum(x.duration_minutes for x in todays), rota_calls))
        out.append(CarerRota(c["id"], c["name"], contracts.on(c["id"], start), start, end, rota_days))
    return out


async def carer_rota(carer_id: int, start: dt.date, weeks: int = 4, as_carer_sees: bool = False) -> CarerRota:
    if not 1 <= weeks <= MAX_WEEKS:
        raise invalid("weeks", f"must be between 1 and {MAX_WEEKS}")
    if not await Carer.exists().where(Carer.id == carer_id):
        raise not_found("carer", carer_id)
    start = week_start(start)
    return (await carer_rotas([carer_id], start, start + dt.timedelta(days=7 * weeks - 1), as_carer_sees))[0]


async def weekly_rota(week_start: dt.date) -> WeeklyRota:
    _must_be_monday(week_start)
    end = week_start + dt.timedelta(days=6)
    return WeeklyRota(week_start, await list_on_call(week_start, week_start),
                      await carer_rotas(None, week_start, end))


async def rota_csv(start: dt.date, end: dt.date, carer_id: int | None) -> str:
    rotas = await carer_rotas([carer_id] if carer_id is not None else None, start, end)
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(["date", "carer", "leave", "start", "end", "duration_minutes", "client", "town", "visit_id"])
    for rota in rotas:
        for day in rota.days:
            if day.leave and not day.calls:
                out.writerow([day.date.isoformat(), rota.name, day.leave, "", "", "", "", "", ""])
            for call in day.calls:
                out.writerow([day.date.isoformat(), rota.name, day.leave, call.start, call.end,
                              call.duration_minutes, call.client_name, call.town, call.visit_id])
    return buf.getvalue()
