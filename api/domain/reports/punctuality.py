"""Punctuality and missed calls (report 2): the share of calls started within the agency's
minutes of the planned time, late and missed calls (missed per 1,000), short calls and calls
with no check-out; by carer, client and time of day, and a weekly trend.

A call counts once its window and length are past (earlier ones are not yet judged); cancelled
calls do not count. A double-up starts when its last carer checks in; it is missed only when
nobody came. By carer, each carer's own check-in is judged against their own planned start.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from api.domain.reports.call_facts import Attendance, CallFact, load_facts
from api.domain.reports.filters import ReportFilters
from api.domain.reports.report_settings import setting
from api.domain.reports.shape import (
    BAND_NAMES, Chart, Figure, Report, Series, Table, columns, pct, time_band,
)
from api.domain.shared.common import week_start
from api.domain.visits.call_flags import has_no_check_out, is_late, is_short

ON_TIME_EXCELLENT = 97.0  # % within 15 minutes: the published benchmark of an excellent service
MISSED_GOOD_PER_1000 = 2.0


@dataclass
class Tally:
    calls: int = 0
    late: int = 0
    missed: int = 0
    short: int = 0
    no_check_out: int = 0

    @property
    def on_time(self) -> int:
        return self.calls - self.late - self.missed

    def row(self) -> dict:
        return {"calls": self.calls, "on_time": self.on_time, "late": self.late, "missed": self.missed,
                "short": self.short, "no_check_out": self.no_check_out,
                "on_time_percent": pct(self.on_time, self.calls),
                "missed_per_1000": round(1000 * self.missed / self.calls, 1) if self.calls else None}


@dataclass
class Judged:
    late: bool
    missed: bool
    short: bool
    no_check_out: bool

    def add_to(self, t: Tally) -> None:
        t.calls += 1
        t.late += self.late
        t.missed += self.missed
        t.short += self.short
        t.no_check_out += self.no_check_out


def judge_call(call: CallFact, late_after: int, short_under: int) -> Judged:
    started = call.started
    return Judged(
        late=started is not None and is_late(call.planned_start, started, late_after),
        missed=started is None,
        short=any(a.checked_out is not None and a.checked_in is not None
                  and is_short(call.duration, a.delivered_minutes, short_under) for a in call.attendances),
        no_check_out=any(has_no_check_out(a.checked_in, a.checked_out) for a in call.attendances),
    )


def judge_attendance(call: CallFact, a: Attendance, late_after: int, short_under: int) -> Judged:
    return Judged(
        late=a.checked_in is not None and is_late(a.planned_start, a.checked_in, late_after),
        missed=a.checked_in is None,
        short=a.checked_out is not None and a.checked_in is not None
        and is_short(call.duration, a.delivered_minutes, short_under),
        no_check_out=has_no_check_out(a.checked_in, a.checked_out),
    )


TALLY_COLUMNS = (("calls", "Calls"), ("on_time", "On time"), ("late", "Late"), ("missed", "Missed"),
                 ("short", "Short"), ("no_check_out", "No check-out"), ("on_time_percent", "On time %"),
                 ("missed_per_1000", "Missed per 1,000"))


async def punctuality(f: ReportFilters, now: dt.datetime | None = None) -> Report:
    facts = await load_facts(f, now)
    late_after = int(await setting("late_after_minutes"))
    short_under = int(await setting("short_call_under_percent"))
    total, by_client, by_band, by_week = Tally(), defaultdict(Tally), defaultdict(Tally), defaultdict(Tally)
    by_carer = defaultdict(Tally)
    not_yet = 0
    for call in facts.calls:
        if not call.due_by(facts.now):
            not_yet += 1
            continue
        judged = judge_call(call, late_after, short_under)
        for t in (total, by_client[call.client_id], by_band[time_band(call.planned_start)],
                  by_week[week_start(call.date)]):
            judged.add_to(t)
        for a in call.attendances:
            judge_attendance(call, a, late_after, short_under).add_to(by_carer[a.carer_id])
    on_time = pct(total.on_time, total.calls)
    per_1000 = total.row()["missed_per_1000"]
    figures = [
        Figure("on_time_percent", f"On time (within {late_after} min)", on_time, "%",
               None if on_time is None else on_time >= ON_TIME_EXCELLENT,
               f"{ON_TIME_EXCELLENT:g}% is excellent"),
        Figure("missed_per_1000", "Missed per 1,000 calls", per_1000, "per 1,000",
               None if per_1000 is None else per_1000 <= MISSED_GOOD_PER_1000,
               f"about {MISSED_GOOD_PER_1000:g} is good"),
        Figure("calls", "Calls judged", total.calls),
        Figure("late", "Late", total.late),
        Figure("missed", "Missed", total.missed),
        Figure("short", f"Short (under {short_under}%)", total.short),
        Figure("no_check_out", "No check-out", total.no_check_out),
    ]
    weeks = f.weeks()
    trend = [by_week[w].row() for w in weeks]
    carer_rows = sorted(({"carer_id": k, "carer": facts.carer_names.get(k, "?"), **t.row()}
                         for k, t in by_carer.items()), key=lambda r: (r["on_time_percent"] or 0, r["carer"]))
    client_rows = sorted(({"client_id": k, "client": facts.client_names.get(k, "?"), **t.row()}
                          for k, t in by_client.items()), key=lambda r: (r["on_time_percent"] or 0, r["client"]))
    band_rows = [{"time_of_day": b, **by_band[b].row()} for b in BAND_NAMES if by_band[b].calls]
    week_rows = [{"week": w.isoformat(), **r} for w, r in zip(weeks, trend)]
    flagged = sorted((r for r in carer_rows if r["late"] or r["missed"] or r["short"]),
                     key=lambda r: (-(r["late"] + r["missed"] + r["short"]), r["carer"]))
    charts = [
        Chart("trend", "On time % by week", "line", [f"w/c {w:%d %b}" for w in weeks],
              [Series("On time %", [r["on_time_percent"] for r in trend])], "%"),
        Chart("missed_trend", "Missed per 1,000 calls by week", "bar", [f"w/c {w:%d %b}" for w in weeks],
              [Series("Missed per 1,000", [r["missed_per_1000"] for r in trend])], "per 1,000"),
        Chart("by_carer", "Late, missed and short calls by carer", "hbar", [r["carer"] for r in flagged],
              [Series("Late", [r["late"] for r in flagged], "flags"),
               Series("Missed", [r["missed"] for r in flagged], "flags"),
               Series("Short", [r["short"] for r in flagged], "flags")]),
        Chart("by_time_of_day", "Late, missed and short by time of day", "bar", [r["time_of_day"] for r in band_rows],
              [Series("Late", [r["late"] for r in band_rows], "flags"),
               Series("Missed", [r["missed"] for r in band_rows], "flags"),
               Series("Short", [r["short"] for r in band_rows], "flags")]),
    ]
    tables = [
        Table("by_carer", "By carer", columns(("carer", "Carer"), *TALLY_COLUMNS), carer_rows),
        Table("by_client", "By client", columns(("client", "Client"), *TALLY_COLUMNS), client_rows),
        Table("by_time_of_day", "By time of day", columns(("time_of_day", "Time of day"), *TALLY_COLUMNS), band_rows),
        Table("by_week", "Weekly trend", columns(("week", "Week from"), *TALLY_COLUMNS), week_rows),
    ]
    notes = [f"{not_yet} calls in the range are not yet due and are not judged."] if not_yet else []
    return Report("punctuality", "Punctuality and missed calls", f.date_from, f.date_to, figures, charts,
                  tables, notes)
