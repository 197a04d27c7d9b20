"""The MAR chart (a client's month: days across, each medicine's doses down, a code in each
cell) and the medication exceptions list (refused, not given, not recorded, late, PRN over its
daily maximum). Both read the current record of each dose: a corrected record shows its correction.

A dose is due at its call's planned start (the earliest planned start of the call's carers; the
window's start when no carer is planned). It is late when given or prompted, by the phone's
time, more than the `dose_late_after_minutes` setting after that.

Codes: G given, P prompted, R refused, N not given (with its reason), M due at a call that is
over but nothing was recorded, a number for "as needed" doses given that day, blank when not
due or not yet due.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

import msgspec

from api.domain.shared.choices import DoseOutcome, VisitStatus
from api.domain.shared.common import agency_zone, invalid, minutes_to_hhmm, not_found, server_today
from api.domain.tables import Assignment, Client, DoseRecord, Medication, Visit
from api.domain.visits.doses import current_records, due_at, is_current
from api.domain.visits.visit_settings import setting

CODES = {DoseOutcome.GIVEN: "G", DoseOutcome.PROMPTED: "P", DoseOutcome.REFUSED: "R",
         DoseOutcome.NOT_GIVEN: "N", DoseOutcome.PRN_GIVEN: "G"}
CODES_WORD = {DoseOutcome.GIVEN: "given", DoseOutcome.PROMPTED: "prompted"}
LEGEND = {"G": "given", "P": "prompted", "R": "refused", "N": "not given", "M": "not recorded at the call",
          "1, 2…": "as-needed doses given that day"}
MAX_EXCEPTION_DAYS = 93


class MarRow(msgspec.Struct):
    medication_id: int
    name: str
    dose: str
    route: str
    support: str
    slot: str  # the call type, or "as needed"
    cells: list[str]  # one per day of the month
    reasons: dict[str, str]  # day (1-based, as text) -> the reason of a not given / PRN dose


class MarChart(msgspec.Struct):
    client_id: int
    client_name: str
    month: str  # YYYY-MM
    days: int
    rows: list[MarRow]
    legend: dict[str, str]


class DoseException(msgspec.Struct):
    kind: str  # refused | not_given | not_recorded | late | prn_over_limit
    date: dt.date
    client_id: int
    client_name: str
    medication: str
    call_type: str
    visit_id: int | None
    detail: str


def _month(month: str) -> tuple[dt.date, dt.date]:
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise invalid("month", f"'{month}' is not a month as YYYY-MM") from None
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _is_over(visit: dict, today: dt.date) -> bool:
    return visit["status"] in (VisitStatus.DONE, VisitStatus.MISSED) or visit["date"] < today


async def _facts(start: dt.date, end: dt.date, client_id: int | None):
    where = (Visit.date >= start) & (Visit.date <= end) & (Visit.status != VisitStatus.CANCELLED)
    med_where = Medication.starts_on <= end
    if client_id is not None:
        where &= Visit.client == client_id
        med_where &= Medication.client == client_id
    meds = await Medication.select().where(med_where).order_by(Medication.prn).order_by(Medication.name).output(
        load_json=True)
    clients = {m["client"] for m in meds}
    if not clients:
        return meds, [], {}
    visits = await Visit.select(Visit.id, Visit.client, Visit.date, Visit.call_type, Visit.status,
                                Visit.window_start).where(
        where & Visit.client.is_in(list(clients))).order_by(Visit.date)
    records = await DoseRecord.select().where(
        (DoseRecord.visit.date >= start) & (DoseRecord.visit.date <= end)
        & DoseRecord.medication.is_in([m["id"] for m in meds]))
    by_visit: dict[int, list[dict]] = defaultdict(list)
    for r in records:
        by_visit[r["visit"]].append(r)
    return meds, visits, by_visit


async def mar_chart(client_id: int, month: str) -> MarChart:
    client = await Client.select(Client.name).where(Client.id == client_id).first()
    if client is None:
        raise not_found("client", client_id)
    first, last = _month(month)
    days = last.day
    meds, visits, by_visit = await _facts(first, last, client_id)
    today = server_today()
    rows = []
    for med in meds:
        if med["stops_on"] is not None and med["stops_on"] < first:
            continue
        slots = ["as needed"] if med["prn"] else list(med["call_types"])
        for slot in slots:
            cells, reasons = [""] * days, {}
            for v in visits:
                if not med["prn"] and (v["call_type"] != slot or not due_at(med, v)):
                    continue
                if med["prn"] and not is_current(med, v["date"]):
                    continue
                day = v["date"].day
                records = [r for r in by_visit.get(v["id"], []) if r["medication"] == med["id"]]
                if med["prn"]:
                    given = [r for r in _all_current(records) if r["outcome"] == DoseOutcome.PRN_GIVEN]
                    if given:
                        cells[day - 1] = str(int(cells[day - 1] or 0) + len(given))
                        reasons[str(day)] = "; ".join(r["reason"] for r in given)
                    continue
                current = current_records(records).get(med["id"])
                if current is not None:
                    cells[day - 1] = CODES[DoseOutcome(current["outcome"])]
                    if current["reason"]:
                        reasons[str(day)] = current["reason"]
                elif _is_over(v, today):
                    cells[day - 1] = "M"
            rows.append(MarRow(med["id"], med["name"], med["dose"], med["route"], med["support"], slot, cells, reasons))
    return MarChart(client_id, client["name"], first.strftime("%Y-%m"), days, rows, LEGEND)


async def _due_minutes(visits: list[dict]) -> dict[int, int]:
    """Each call's due time (minutes from midnight): its earliest planned start, else its window's start."""
    due = {v["id"]: v["window_start"] for v in visits}
    planned: dict[int, int] = {}
    if due:
        for a in await Assignment.select(Assignment.visit, Assignment.planned_start).where(
                Assignment.visit.is_in(list(due))):
            planned[a["visit"]] = min(a["planned_start"], planned.get(a["visit"], a["planned_start"]))
    return {**due, **planned}


def _minutes_late(record: dict, due_minutes: int) -> int:
    """How many minutes after the due time the phone says the dose was recorded (on the call's date)."""
    local = record["device_time"].astimezone(agency_zone())
    return local.hour * 60 + local.minute - due_minutes


def _all_current(records: list[dict]) -> list[dict]:
    """PRN doses: every record not superseded (several may be given at one call)."""
    superseded = {r["supersedes"] for r in records if r["supersedes"] is not None}
    return [r for r in records if r["id"] not in superseded]


async def dose_exceptions(start: dt.date, end: dt.date, client_id: int | None = None) -> list[DoseException]:
    if end < start:
        raise invalid("end", "is before start")
    if (end - start).days >= MAX_EXCEPTION_DAYS:
        raise invalid("end", f"at most {MAX_EXCEPTION_DAYS} days at a time")
    meds, visits, by_visit = await _facts(start, end, client_id)
    names = {c["id"]: c["name"] for c in await Client.select(Client.id, Client.name)}
    today = server_today()
    late_after = await setting("dose_late_after_minutes")
    due_minutes = await _due_minutes(visits)
    out: list[DoseException] = []
    prn_per_day: dict[tuple[int, dt.date], list[dict]] = defaultdict(list)
    for v in visits:
        recorded = by_visit.get(v["id"], [])
        for med in (m for m in meds if m["client"] == v["client"]):
            records = [r for r in recorded if r["medication"] == med["id"]]
            if med["prn"]:
                prn_per_day[(med["id"], v["date"])] += [
                    r for r in _all_current(records) if r["outcome"] == DoseOutcome.PRN_GIVEN]
                continue
            if not due_at(med, v):
                continue
            current = current_records(records).get(med["id"])
            base = dict(date=v["date"], client_id=v["client"], client_name=names.get(v["client"], ""),
                        medication=f"{med['name']} {med['dose']}", call_type=v["call_type"], visit_id=v["id"])
            if current is None:
                if _is_over(v, today):
                    out.append(DoseException(kind="not_recorded", detail="nothing recorded at the call", **base))
            elif current["outcome"] == DoseOutcome.REFUSED:
                out.append(DoseException(kind="refused", detail=current["reason"] or "refused", **base))
            elif current["outcome"] == DoseOutcome.NOT_GIVEN:
                out.append(DoseException(kind="not_given", detail=current["reason"].replace("_", " "), **base))
            elif current["outcome"] in (DoseOutcome.GIVEN, DoseOutcome.PROMPTED):
                late = _minutes_late(current, due_minutes[v["id"]])
                if late > late_after:
                    out.append(DoseException(kind="late", detail=(
                        f"{CODES_WORD[DoseOutcome(current['outcome'])]} at "
                        f"{minutes_to_hhmm(due_minutes[v['id']] + late)}, due {minutes_to_hhmm(due_minutes[v['id']])} "
                        f"({late} minutes late)"), **base))
    meds_by_id = {m["id"]: m for m in meds}
    for (med_id, day), given in prn_per_day.items():
        med = meds_by_id[med_id]
        if med["prn_max_per_day"] and len(given) > med["prn_max_per_day"]:
            out.append(DoseException(
                kind="prn_over_limit", date=day, client_id=med["client"], client_name=names.get(med["client"], ""),
                medication=f"{med['name']} {med['dose']}", call_type="as needed", visit_id=given[-1]["visit"],
                detail=f"{len(given)} given; at most {med['prn_max_per_day']} a day"))
    return sorted(out, key=lambda e: (e.date, e.client_name, e.medication))
