"""Hours against contract and downtime (report 6): contracted, planned and delivered hours per
carer per week; and downtime blocks, the idle gaps in a carer's day between the end of one call
(plus the travel to the next) and the next call, longer than the agency's setting (60 minutes
by default) - time the coordinator could fill with training, shadowing or extra calls. Gaps
longer than `split_shift_gap_minutes` are a split shift (the carer is off), not downtime.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from api.domain.reports.call_facts import load_facts
from api.domain.reports.filters import ReportFilters
from api.domain.reports.report_settings import setting
from api.domain.reports.shape import Chart, Figure, Report, Series, Table, columns, hours, pct
from api.domain.shared.common import minutes_to_hhmm, week_start
from api.domain.people.contract_hours import load_timeline


def downtime_blocks(runs: list[tuple[int, int, int]], min_gap: int, max_gap: int) -> list[tuple[int, int]]:
    """(start, end) minutes of the gaps worth filling in one carer's day, from their calls as
    (planned start, length, travel minutes to it), in any order."""
    blocks = []
    ordered = sorted(runs)
    for (start, length, _), (next_start, _, travel) in zip(ordered, ordered[1:]):
        free_from, free_to = start + length, next_start - travel
        if min_gap < free_to - free_from <= max_gap:
            blocks.append((free_from, free_to))
    return blocks


async def contract(f: ReportFilters) -> Report:
    facts = await load_facts(f)
    min_gap = int(await setting("downtime_gap_minutes"))
    max_gap = int(await setting("split_shift_gap_minutes"))
    contracts = await load_timeline()  # each week compared with the hours in force that week
    weekly: dict[tuple[int, dt.date], list[float]] = defaultdict(lambda: [0.0, 0.0])  # planned, delivered
    days: dict[tuple[int, dt.date], list[tuple[int, int, int]]] = defaultdict(list)
    for call in facts.calls:
        for a in call.attendances:
            w = weekly[(a.carer_id, week_start(call.date))]
            w[0] += call.duration
            w[1] += a.delivered_minutes
            days[(a.carer_id, call.date)].append((a.planned_start, call.duration, a.travel_minutes))
    week_rows = []
    for (carer, week), (planned, delivered) in sorted(weekly.items(), key=lambda kv: (kv[0][1], facts.carer_names.get(kv[0][0], ""))):
        c = contracts.week(carer, week)
        week_rows.append({"week": week.isoformat(), "carer_id": carer, "carer": facts.carer_names.get(carer, "?"),
                          "contracted": hours(c), "planned": hours(planned), "delivered": hours(delivered),
                          "planned_percent": pct(planned, c), "spare": hours(max(0, c - planned))})
    block_rows = []
    for (carer, day), runs in sorted(days.items(), key=lambda kv: (kv[0][1], facts.carer_names.get(kv[0][0], ""))):
        for start, end in downtime_blocks(runs, min_gap, max_gap):
            block_rows.append({"date": day.isoformat(), "carer_id": carer, "carer": facts.carer_names.get(carer, "?"),
                               "from": minutes_to_hhmm(start % 1440), "to": minutes_to_hhmm(end % 1440),
                               "minutes": end - start})
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
