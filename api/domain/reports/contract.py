"""Hours against contract and downtime (report 6): contracted, planned and delivered hours per
carer per week; and downtime blocks, the idle gaps in a carer's day between the end of one call
(plus the travel to the next) and the next call, longer than the agency's setting (60 minutes
by default) - time the coordinator could fill with training, shadowing or extra calls. Gaps
longer than `split_shift_gap_minutes` are a split shift (the carer is off), not downtime.
"""

from __future__ import annotations

from collections import defaultdict

from api.domain.reports import call_facts
from api.domain.reports.call_facts import Frame, Query, attendance, delivered, frame_of
from api.domain.reports.filters import ReportFilters
from api.domain.reports.report_settings import setting
from api.domain.reports.shape import Chart, Figure, Report, Series, Table, columns, hours, pct
from api.domain.shared.common import minutes_to_hhmm
from api.domain.people.contract_hours import load_timeline


def _weekly_sql(frame: Frame) -> Query:
    """Planned and delivered minutes per carer and week."""
    return attendance(frame).add(f"""
    SELECT carer, day_no / 7 AS week, SUM(minutes) AS planned, SUM({delivered()}) AS delivered
    FROM att GROUP BY carer, day_no / 7""").merged()


def _downtime_sql(frame: Frame, min_gap: int, max_gap: int) -> Query:
    """The gaps worth filling in each carer's day: from the end of one call (planned start and
    length) to the next call's planned start less the travel to it, over `min_gap` minutes and
    up to `max_gap` (longer is a split shift: the carer is off). A query of its own: it needs no
    check times, and one query for both (the weekly sums over the sorted rows kept aside) took
    as long on a year with PostgreSQL's parallel workers, its sort and sums left to one process;
    the two run side by side instead (call_facts.together)."""
    return attendance(frame, checks=False).add(f""", runs AS (SELECT carer, day_no,
        planned_start + minutes AS free_from,
        LEAD(planned_start - travel_minutes) OVER (PARTITION BY carer, day_no ORDER BY planned_start, minutes, travel_minutes)
        AS free_to FROM att)
    SELECT carer, day_no, free_from, free_to FROM runs
    WHERE free_to - free_from > {int(min_gap)} AND free_to - free_from <= {int(max_gap)}""").merged()


async def contract(f: ReportFilters) -> Report:
    frame = await frame_of(f)
    min_gap = int(await setting("downtime_gap_minutes"))
    max_gap = int(await setting("split_shift_gap_minutes"))
    carer_names = await call_facts.carer_names()
    contracts = await load_timeline()  # each week compared with the hours in force that week
    weekly_rows, gap_rows = await call_facts.together(_weekly_sql(frame).rows(),
                                                           _downtime_sql(frame, min_gap, max_gap).rows())
    weekly = {(r["carer"], frame.week(r["week"])): (float(r["planned"]), float(r["delivered"])) for r in weekly_rows}
    week_rows = []
    for (carer, week), (planned, delivered) in sorted(weekly.items(), key=lambda kv: (kv[0][1], carer_names.get(kv[0][0], ""))):
        c = contracts.week(carer, week)
        week_rows.append({"week": week.isoformat(), "carer_id": carer, "carer": carer_names.get(carer, "?"),
                          "contracted": hours(c), "planned": hours(planned), "delivered": hours(delivered),
                          "planned_percent": pct(planned, c), "spare": hours(max(0, c - planned))})
    blocks = sorted((r["day_no"], carer_names.get(r["carer"], ""), r["carer"], r["free_from"], r["free_to"])
                    for r in gap_rows)
    block_rows = [{"date": frame.day(day_no).isoformat(), "carer_id": carer, "carer": carer_names.get(carer, "?"),
                   "from": minutes_to_hhmm(start % 1440), "to": minutes_to_hhmm(end % 1440), "minutes": end - start}
                  for day_no, _, carer, start, end in blocks]
    downtime = defaultdict(int)
    for b in block_rows:
        downtime[b["carer"]] += b["minutes"]
    by_carer: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for r in week_rows:
        for i, k in enumerate(("contracted", "planned", "delivered")):
            by_carer[r["carer"]][i] += r[k]
    names = sorted(by_carer)
    figures = [
        Figure("planned_of_contracted", "Planned of contracted hours",
               pct(sum(r["planned"] for r in week_rows), sum(r["contracted"] for r in week_rows)), "%"),
        Figure("spare", "Contracted hours not planned", round(sum(r["spare"] for r in week_rows), 1), "h"),
        Figure("downtime_blocks", f"Downtime blocks (over {min_gap} min)", len(block_rows)),
        Figure("downtime_hours", "Downtime", hours(sum(b["minutes"] for b in block_rows)), "h"),
    ]
    charts = [
        Chart("by_carer", "Contracted, planned and delivered hours", "hbar", names,
              [Series(label, [round(by_carer[n][i], 2) for n in names])
               for i, label in enumerate(("Contracted", "Planned", "Delivered"))], "h"),
        Chart("downtime", "Downtime by carer", "hbar", sorted(downtime),
              [Series("Downtime h", [hours(downtime[n]) for n in sorted(downtime)])], "h"),
    ]
    tables = [
        Table("by_week", "By carer and week", columns(
            ("week", "Week from"), ("carer", "Carer"), ("contracted", "Contracted h"), ("planned", "Planned h"),
            ("delivered", "Delivered h"), ("planned_percent", "Planned % of contract"), ("spare", "Spare h")),
            week_rows),
        Table("downtime", "Downtime blocks", columns(
            ("date", "Date"), ("carer", "Carer"), ("from", "From"), ("to", "To"), ("minutes", "Minutes")), block_rows),
    ]
    notes = ["Contracted hours are weekly: a range that cuts a week compares part of it with the whole contract."]
    return Report("contract", "Hours against contract and downtime", f.date_from, f.date_to, figures, charts,
                  tables, notes)
