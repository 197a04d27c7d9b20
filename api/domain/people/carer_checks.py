"""The checks the agency must keep in date for each carer: DBS renewal for everyone, and for
drivers their driving licence and business insurance. Lists what is overdue or due soon, and
the carer list as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import msgspec

from api.domain.people.contract_hours import load_timeline
from api.domain.shared.common import minutes_to_hhmm, server_today
from api.domain.people.default_rota import load_rotas
from api.domain.tables import Carer

CHECKS = (("dbs_renewal_on", "DBS renewal", False), ("driving_licence_expires_on", "Driving licence", True),
          ("business_insurance_expires_on", "Business insurance", True))


class CheckDue(msgspec.Struct):
    carer_id: int
    carer_name: str
    check: str
    due_on: dt.date | None  # None: never recorded
    overdue: bool


async def checks_due(today: dt.date, within_days: int) -> list[CheckDue]:
    until = today + dt.timedelta(days=within_days)
    out = []
    for c in await Carer.select().where(Carer.active == True).order_by(Carer.name):  # noqa: E712
        for column, label, drivers_only in CHECKS:
            if drivers_only and c["transport_mode"] != "car":
                continue
            due = c[column]
            if due is None or due <= until:
                out.append(CheckDue(c["id"], c["name"], label, due, due is None or due < today))
    return sorted(out, key=lambda d: (d.due_on or dt.date.min, d.carer_name))


CSV_COLUMNS = ("id", "name", "phone", "email", "home_postcode", "transport_mode", "contracted_hours",
               "hours_change_from", "hours_after_change", "default_rota", "skills",
               "employment_start", "employment_end", "dbs_number", "dbs_renewal_on", "right_to_work_checked_on",
               "driving_licence_expires_on", "business_insurance_expires_on", "active")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


async def _default_rotas(today: dt.date) -> dict[int, str]:
    """Each carer's default rota in force today in one line: "Mon 07:00-13:00 16:00-22:00; Tue ..."."""
    rotas = await load_rotas()
    out = {}
    for carer in rotas.carers():
        week = rotas.week_on(carer, today)
        out[carer] = "; ".join(f"{DAYS[d]} " + " ".join(f"{minutes_to_hhmm(a)}-{minutes_to_hhmm(b)}" for a, b in sorted(week[d]))
                               for d in sorted(week))
    return out


async def carers_csv(active: bool | None) -> str:
    query = Carer.select().order_by(Carer.name).output(load_json=True)
    if active is not None:
        query = query.where(Carer.active == active)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    today = server_today()
    contracts, rotas = await load_timeline(), await _default_rotas(today)
    for c in await query:
        upcoming = contracts.next_change(c["id"], today)
        row = {**c, "contracted_hours": round(contracts.on(c["id"], today) / 60, 2), "skills": " ".join(c["skills"] or []),
               "hours_change_from": upcoming[0] if upcoming else None,
               "hours_after_change": round(upcoming[1] / 60, 2) if upcoming else None,
               "default_rota": rotas.get(c["id"], "")}
        writer.writerow(["" if row.get(k) is None else _cell(str(row.get(k))) for k in CSV_COLUMNS])
    return out.getvalue()


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "@") or (text[:1] == "-" and not text[1:2].isdigit()) else text
