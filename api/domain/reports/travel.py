"""Travel and mileage (report 4): per run (a carer's day) the travel the optimiser's model
planned between calls (time and distance, stored on each assignment) against the miles the
carer reported at the end of the shift; and the mileage claims per carer and week at the
agency's rate per mile: the spending report.

Miles reported are per shift, not per client: the client, town and funder filters narrow the
planned travel only, so the carer and date filters are the ones to use here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from api.domain.reports import call_facts
from api.domain.reports.call_facts import Frame, Query, as_date, attendance, day_number
from api.domain.reports.filters import ReportFilters
from api.domain.reports.report_settings import setting
from api.domain.reports.shape import Chart, Figure, Report, Series, Table, columns
from api.domain.shared.common import week_start

METRES_PER_MILE = 1609.344


def miles(metres: float) -> float:
    return round(metres / METRES_PER_MILE, 1)


async def reported_miles(f: ReportFilters) -> dict[tuple[int, dt.date], float]:
    """(carer id, date) -> the miles reported at the end of that day's shifts."""
    q = Query("SELECT carer, date, SUM(mileage) AS miles FROM shift_report WHERE date >= {} AND date <= {}",
              [f.date_from, f.date_to])
    if f.carer_id is not None:
        q.add(" AND carer = {}", f.carer_id)
    return {(r["carer"], as_date(r["date"])): float(r["miles"]) for r in await q.add(" GROUP BY carer, date").rows()}


async def reported_miles_by_week(frame: Frame) -> dict[tuple[int, dt.date], float]:
    """(carer id, Monday) -> the miles reported at the end of that week's shifts in the range."""
    f = frame.f
    q = Query("SELECT carer, ").add(day_number("date"), frame.monday).add(
        " / 7 AS week, SUM(mileage) AS miles FROM shift_report WHERE date >= {} AND date <= {}", f.date_from, f.date_to)
    if f.carer_id is not None:
        q.add(" AND carer = {}", f.carer_id)
    q.add(" GROUP BY carer, week")
    return {(r["carer"], frame.week(r["week"])): float(r["miles"]) for r in await q.rows()}


def _planned_sql(frame: Frame) -> Query:
    """The optimiser's travel to each carer's calls, per carer and day."""
    return attendance(frame, checks=False).add("""
    SELECT carer, day_no, SUM(travel_minutes) AS minutes, SUM(travel_metres) AS metres, COUNT(*) AS calls
    FROM att GROUP BY carer, day_no""")


async def travel(f: ReportFilters) -> Report:
    frame = Frame(f)
    rate = float(await setting("mileage_rate_per_mile"))
    carer_names = await call_facts.carer_names()
    planned = {(r["carer"], frame.day(r["day_no"])): (int(r["minutes"]), int(r["metres"]), int(r["calls"]))
               for r in await _planned_sql(frame).rows()}
    reported = await reported_miles(f)
    run_rows = []
    for carer, day in sorted(set(planned) | set(reported), key=lambda k: (k[1], carer_names.get(k[0], ""))):
        minutes, metres, calls = planned.get((carer, day), (0, 0, 0))
        claim = reported.get((carer, day))
        run_rows.append({
            "date": day.isoformat(), "carer_id": carer, "carer": carer_names.get(carer, "?"), "calls": calls,
            "planned_travel_minutes": minutes, "planned_miles": miles(metres),
            "reported_miles": claim, "difference_miles": None if claim is None else round(claim - metres / METRES_PER_MILE, 1),
        })
    weekly: dict[tuple[int, dt.date], list[float]] = defaultdict(lambda: [0.0, 0.0])  # planned, reported
    for r in run_rows:
        w = weekly[(r["carer_id"], week_start(dt.date.fromisoformat(r["date"])))]
        w[0] += r["planned_miles"]
        w[1] += r["reported_miles"] or 0.0
    claim_rows = [{"week": w.isoformat(), "carer_id": c, "carer": carer_names.get(c, "?"),
                   "planned_miles": round(p, 1), "claimed_miles": round(m, 1), "rate": rate,
                   "amount": round(m * rate, 2)}
                  for (c, w), (p, m) in sorted(weekly.items(), key=lambda kv: (kv[0][1], carer_names.get(kv[0][0], "")))]
    total_planned = sum(r["planned_miles"] for r in run_rows)
    total_claimed = sum(r["reported_miles"] or 0 for r in run_rows)
    figures = [
        Figure("planned_miles", "Planned travel", round(total_planned, 1), "mi", note="the optimiser's travel model"),
        Figure("planned_travel_hours", "Planned travel time",
               round(sum(r["planned_travel_minutes"] for r in run_rows) / 60, 1), "h"),
        Figure("claimed_miles", "Miles reported at end of shift", round(total_claimed, 1), "mi"),
        Figure("claims", "Mileage claims", round(total_claimed * rate, 2), "£", note=f"at £{rate:.2f} a mile"),
        Figure("runs_without_report", "Runs with no mileage reported",
               sum(1 for r in run_rows if r["reported_miles"] is None and r["calls"])),
    ]
    by_carer: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in claim_rows:
        by_carer[r["carer"]][0] += r["planned_miles"]
        by_carer[r["carer"]][1] += r["claimed_miles"]
    names = sorted(by_carer)
    charts = [Chart("by_carer", "Planned against reported miles by carer", "hbar", names,
                    [Series("Planned", [round(by_carer[n][0], 1) for n in names]),
                     Series("Reported", [round(by_carer[n][1], 1) for n in names])], "mi")]
    tables = [
        Table("claims", "Mileage claims by carer and week", columns(
            ("week", "Week from"), ("carer", "Carer"), ("planned_miles", "Planned miles"),
            ("claimed_miles", "Claimed miles"), ("rate", "Rate £/mile"), ("amount", "Amount £")), claim_rows),
        Table("runs", "Runs: planned against reported", columns(
            ("date", "Date"), ("carer", "Carer"), ("calls", "Calls"), ("planned_travel_minutes", "Planned travel min"),
            ("planned_miles", "Planned miles"), ("reported_miles", "Reported miles"),
            ("difference_miles", "Reported - planned")), run_rows),
    ]
    return Report("travel", "Travel and mileage", f.date_from, f.date_to, figures, charts, tables)
