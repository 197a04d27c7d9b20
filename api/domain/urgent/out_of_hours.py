"""The out-of-hours team: for each night, the planner on the phone and the carers available
for urgent calls though off their rota (beside the weekly on-call supervisor and manager), and
who is working that night (sleep-ins and waking nights), whom the night's planner may need."""

from __future__ import annotations

import datetime as dt

from api.domain.shared import audit
from api.domain.shared.choices import NIGHT_CALL_TYPES, VisitStatus
from api.domain.shared.common import invalid, minutes_to_hhmm, not_found
from api.domain.tables import Assignment, Carer, OutOfHoursShift, User

MAX_DAYS = 62


def _check_range(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise invalid("end", "must be on or after start")
    if (end - start).days > MAX_DAYS:
        raise invalid("end", f"at most {MAX_DAYS} days at a time")


async def working_nights(start: dt.date, end: dt.date) -> list[dict]:
    """The carers on a sleep-in or a waking night each night (the night that starts on the date)."""
    _check_range(start, end)
    rows = await Assignment.select(
        Assignment.visit.date.as_alias("date"), Assignment.carer.id.as_alias("carer_id"),
        Assignment.carer.name.as_alias("carer_name"), Assignment.visit.client.name.as_alias("client_name"),
        Assignment.visit.call_type.as_alias("kind"), Assignment.planned_start,
        Assignment.visit.duration_minutes.as_alias("minutes"),
    ).where((Assignment.visit.date >= start) & (Assignment.visit.date <= end)
            & Assignment.visit.call_type.is_in(list(NIGHT_CALL_TYPES))
            & (Assignment.visit.status != VisitStatus.CANCELLED))
    return sorted(({"date": r["date"], "carer_id": r["carer_id"], "carer_name": r["carer_name"],
                    "client_name": r["client_name"], "kind": r["kind"], "start": minutes_to_hhmm(r["planned_start"]),
                    "end": minutes_to_hhmm((r["planned_start"] + r["minutes"]) % (24 * 60))} for r in rows),
                  key=lambda n: (n["date"], n["start"], n["carer_name"]))


async def team(start: dt.date, end: dt.date) -> list[dict]:
    _check_range(start, end)
    rows = await OutOfHoursShift.select(
        *OutOfHoursShift.all_columns(), OutOfHoursShift.user.display_name.as_alias("user_name"),
        OutOfHoursShift.carer.name.as_alias("carer_name"),
    ).where((OutOfHoursShift.date >= start) & (OutOfHoursShift.date <= end)).order_by(OutOfHoursShift.date)
    return [{"id": r["id"], "date": r["date"], "role": r["role"], "user_id": r["user"], "carer_id": r["carer"],
             "name": r["carer_name"] if r["role"] == "carer" else r["user_name"]} for r in rows]


async def add(day: dt.date, role: str, person_id: int, actor_id: int | None) -> dict:
    """Put a planner (a user id) or a carer (a carer id) on the night's team."""
    if role == "carer":
        if not await Carer.exists().where((Carer.id == person_id) & (Carer.active == True)):  # noqa: E712
            raise invalid("person_id", "no such active carer")
        values = {"carer": person_id}
    else:
        user = await User.select(User.role, User.active).where(User.id == person_id).first()
        if user is None or not user["active"] or user["role"] not in ("planner", "manager", "admin"):
            raise invalid("person_id", "must be an active planner or manager")
        values = {"user": person_id}
    column = OutOfHoursShift.carer if role == "carer" else OutOfHoursShift.user
    if await OutOfHoursShift.exists().where((OutOfHoursShift.date == day) & (column == person_id)):
        raise invalid("person_id", "is already on that night's team")
    row = await OutOfHoursShift.insert(OutOfHoursShift(date=day, role=role, **values)).returning(OutOfHoursShift.id)
    await audit.record(actor_id, "out_of_hours", row[0]["id"], "add", None, {"date": day, "role": role, **values})
    return next(r for r in await team(day, day) if r["id"] == row[0]["id"])


async def remove(shift_id: int, actor_id: int | None) -> None:
    row = await OutOfHoursShift.select().where(OutOfHoursShift.id == shift_id).first()
    if row is None:
        raise not_found("out-of-hours shift", shift_id)
    await OutOfHoursShift.delete().where(OutOfHoursShift.id == shift_id)
    await audit.record(actor_id, "out_of_hours", shift_id, "remove", row, None)
