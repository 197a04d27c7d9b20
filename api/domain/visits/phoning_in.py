"""End of shift ("phoning in") for the office: who has ended their shift today, with mileage
and any comment, and who has not by their last call's planned end plus a margin (a setting),
with their phone number to call them."""

from __future__ import annotations

import datetime as dt

import msgspec

from api.domain.shared.choices import VisitStatus
from api.domain.shared.common import agency_zone, minutes_to_hhmm, server_today
from api.domain.tables import Assignment, Carer, ShiftReport
from api.domain.visits.visit_settings import setting


class PhoningIn(msgspec.Struct):
    carer_id: int
    carer_name: str
    phone: str
    calls: int
    last_call_ends: str  # HH:MM, planned
    due_by: str  # HH:MM: the last call's end plus the margin
    status: str  # phoned_in | not_yet | overdue
    phoned_in_at: dt.datetime | None = None
    mileage: float | None = None
    notes: str = ""


async def phoning_in(day: dt.date | None = None) -> list[PhoningIn]:
    day = day or server_today()
    margin = int(await setting("phone_in_margin_minutes"))
    rows = await Assignment.select(
        Assignment.carer, Assignment.planned_start, Assignment.visit.duration_minutes.as_alias("duration"),
    ).where((Assignment.visit.date == day) & (Assignment.visit.status != VisitStatus.CANCELLED))
    ends: dict[int, list[int]] = {}
    for r in rows:
        ends.setdefault(r["carer"], []).append(r["planned_start"] + r["duration"])
    carers = {c["id"]: c for c in await Carer.select(Carer.id, Carer.name, Carer.phone).where(
        Carer.id.is_in(list(ends) or [-1]))}
    reports = {}
    for r in await ShiftReport.select().where((ShiftReport.date == day) & ShiftReport.carer.is_in(list(ends) or [-1])
                                              ).order_by(ShiftReport.server_time):
        reports[r["carer"]] = r  # the latest one of the day
    now = dt.datetime.now(agency_zone())
    minute_now = (now.date() - day).days * 1440 + now.hour * 60 + now.minute
    out = []
    for carer_id, finishes in ends.items():
        last = max(finishes)
        report = reports.get(carer_id)
        status = "phoned_in" if report else "overdue" if minute_now > last + margin else "not_yet"
        out.append(PhoningIn(
            carer_id, carers[carer_id]["name"], carers[carer_id]["phone"], len(finishes), minutes_to_hhmm(min(last, 1439)),
            minutes_to_hhmm(min(last + margin, 1439)), status,
            report["server_time"] if report else None, report["mileage"] if report else None,
            report["notes"] if report else ""))
    order = {"overdue": 0, "not_yet": 1, "phoned_in": 2}
    return sorted(out, key=lambda p: (order[p.status], p.due_by, p.carer_name))
