"""Capacity for growth (report 7): demand against supply by day, time band (morning, lunch,
tea, bed, night) and area. Supply is carer-hours available: each active carer's working
windows that day (weekly availability and its exceptions, less approved leave and sickness)
falling in the band. Committed is the hours of calls already allocated, by the band of their
planned start; demand adds the carers calls still lack. Spare is available less committed.

Carers are not tied to an area (they drive across it), so supply is the agency's; demand and
what is left unallocated are also shown per area (the client's town).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from api.domain.reports.call_facts import Frame, Query, attendance, band_sql, grouped
from api.domain.reports.filters import ReportFilters
from api.domain.reports.shape import (
    BAND_NAMES, TIME_BANDS, Chart, Figure, Report, Series, Table, columns, hours, pct,
)
from api.domain.people.default_rota import load_rotas
from api.domain.tables import AvailabilityException, Carer, Leave

# Each band as windows of the day in minutes; night runs 22:00-05:00 (two pieces).
BAND_WINDOWS = {name: [(start, end)] for name, start, end in TIME_BANDS} | {"night": [(0, 5 * 60), (22 * 60, 1440)]}


def band_overlap(shift: tuple[int, int], band: str) -> int:
    start, end = shift
    return sum(max(0, min(end, b_end) - max(start, b_start)) for b_start, b_end in BAND_WINDOWS[band])


async def available_windows(f: ReportFilters) -> dict[dt.date, list[tuple[int, int]]]:
    """Every date's working windows of the active carers on duty, read in four queries."""
    active = {c["id"] for c in await Carer.select(Carer.id).where(Carer.active == True)}  # noqa: E712
    if f.carer_id is not None:
        active &= {f.carer_id}
    rotas = await load_rotas()  # the default rota in force on each day (it may change from a date)
    exceptions: dict[tuple[int, dt.date], list[tuple[int, int]]] = {}
    for e in await AvailabilityException.select().where(
            (AvailabilityException.date >= f.date_from) & (AvailabilityException.date <= f.date_to)):
        ok = e["available"] and e["start_minute"] is not None and e["end_minute"] is not None
        exceptions[(e["carer"], e["date"])] = [(e["start_minute"], e["end_minute"])] if ok else []
    leave = await Leave.select(Leave.carer, Leave.start_date, Leave.end_date).where(
        (Leave.status == "approved") & (Leave.start_date <= f.date_to) & (Leave.end_date >= f.date_from))
    out: dict[dt.date, list[tuple[int, int]]] = {}
    for day in f.days():
        off = {r["carer"] for r in leave if r["start_date"] <= day <= r["end_date"]}
        windows = []
        for carer in active - off:
            windows += exceptions.get((carer, day), rotas.spans(carer, day))
        out[day] = windows
    return out


def _demand_sql(frame: Frame) -> Query:
    """Committed minutes (each carer allocated), demand (the carers each call needs, or has when
    more) and minutes still without a carer: by day and time band, and by town and time band.
    A call's band is its carers' earliest planned start (with none, the middle of its window).
    Only double-ups are grouped per call: a call that needs one carer has its carer or none
    (assignments never exceed the carers a call needs), so its own row is the call's."""
    q = attendance(frame, checks=False, unstaffed=True, places=True)
    q.add(f""", doubles AS (SELECT MIN(day_no) AS day_no, MIN(town) AS town, MIN(duration) AS duration,
        MIN(carers_required) AS required, COUNT(carer) AS staffed,
        COALESCE(MIN(planned_start), (MIN(window_start) + MIN(window_end)) / 2) AS planned_start
      FROM att WHERE carers_required > 1 GROUP BY visit),
    calls AS (SELECT day_no, town, duration, 1 AS required, CASE WHEN carer IS NULL THEN 0 ELSE 1 END AS staffed,
        COALESCE(planned_start, (window_start + window_end) / 2) AS planned_start FROM att WHERE carers_required <= 1
      UNION ALL SELECT day_no, town, duration, required, staffed, planned_start FROM doubles),
    needs AS (SELECT day_no, town, {band_sql("planned_start")} AS band, duration * staffed AS committed,
        duration * CASE WHEN required > staffed THEN required ELSE staffed END AS demand,
        duration * CASE WHEN required > staffed THEN required - staffed ELSE 0 END AS unallocated
      FROM calls)
    """)
    sets = {"day": ("day_no", "band"), "town": ("town", "band")}
    return q.add(grouped("needs", sets, "SUM(committed) AS committed, SUM(demand) AS demand,"
                                        " SUM(unallocated) AS unallocated"))


async def capacity(f: ReportFilters) -> Report:
    frame = Frame(f)
    supply: dict[tuple[dt.date, str], int] = defaultdict(int)
    for day, windows in (await available_windows(f)).items():
        for w in windows:
            for band in BAND_NAMES:
                supply[(day, band)] += band_overlap(w, band)
    committed: dict[tuple[dt.date, str], int] = defaultdict(int)
    demand: dict[tuple[dt.date, str], int] = defaultdict(int)
    by_area: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # demand, unallocated
    for r in await _demand_sql(frame).rows():
        if r["grp"] == "day":
            key = (frame.day(r["day_no"]), r["band"])
            committed[key] += int(r["committed"])
            demand[key] += int(r["demand"])
        else:
            area = by_area[(r["town"] or "(no town)", r["band"])]
            area[0] += int(r["demand"])
            area[1] += int(r["unallocated"])
    day_rows = []
    for day in f.days():
        for band in BAND_NAMES:
            s, c, d = supply[(day, band)], committed[(day, band)], demand[(day, band)]
            if s or d:
                day_rows.append({"date": day.isoformat(), "weekday": f"{day:%a}", "time_band": band,
                                 "available": hours(s), "committed": hours(c), "demand": hours(d),
                                 "spare": hours(s - c), "used_percent": pct(c, s)})
    band_totals = {b: [0, 0, 0] for b in BAND_NAMES}
    for (day, band), s in supply.items():
        band_totals[band][0] += s
    for (day, band), c in committed.items():
        band_totals[band][1] += c
    for (day, band), d in demand.items():
        band_totals[band][2] += d
    area_rows = [{"area": a, "time_band": b, "demand": hours(d), "unallocated": hours(u)}
                 for (a, b), (d, u) in sorted(by_area.items(), key=lambda kv: (kv[0][0], BAND_NAMES.index(kv[0][1])))]
    total_supply = sum(v[0] for v in band_totals.values())
    total_committed = sum(v[1] for v in band_totals.values())
    tightest = min((b for b in BAND_NAMES if band_totals[b][0]),
                   key=lambda b: band_totals[b][0] - band_totals[b][1], default=None)
    figures = [
        Figure("available", "Carer-hours available", hours(total_supply), "h"),
        Figure("committed", "Committed to calls", hours(total_committed), "h"),
        Figure("spare", "Spare", hours(total_supply - total_committed), "h"),
        Figure("used_percent", "Used", pct(total_committed, total_supply), "%"),
        Figure("unallocated", "Calls' hours still without a carer", hours(sum(u for _, u in by_area.values())), "h"),
    ]
    if tightest:
        figures.append(Figure("tightest", f"Least spare: {tightest}",
                              hours(band_totals[tightest][0] - band_totals[tightest][1]), "h",
                              note="the time band where growth will pinch first"))
    charts = [Chart("by_band", "Committed and spare carer-hours by time of day", "bar", BAND_NAMES,
                    [Series("Committed", [hours(band_totals[b][1]) for b in BAND_NAMES], "hours"),
                     Series("Spare", [hours(max(0, band_totals[b][0] - band_totals[b][1])) for b in BAND_NAMES], "hours"),
                     Series("Demand", [hours(band_totals[b][2]) for b in BAND_NAMES], kind="line")], "h")]
    tables = [
        Table("by_day", "By day and time of day", columns(
            ("date", "Date"), ("weekday", "Day"), ("time_band", "Time of day"), ("available", "Available h"),
            ("committed", "Committed h"), ("demand", "Demand h"), ("spare", "Spare h"), ("used_percent", "Used %")),
            day_rows),
        Table("by_area", "Demand by area", columns(
            ("area", "Area"), ("time_band", "Time of day"), ("demand", "Demand h"), ("unallocated", "Unallocated h")),
            area_rows),
    ]
    return Report("capacity", "Capacity for growth", f.date_from, f.date_to, figures, charts, tables)
