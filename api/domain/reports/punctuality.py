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

from api.domain.reports import call_facts
from api.domain.reports.call_facts import Frame, Query, agency_now, attendance, band_sql, delivered, frame_of, grouped
from api.domain.reports.filters import ReportFilters
from api.domain.reports.report_settings import setting
from api.domain.reports.shape import BAND_NAMES, Chart, Figure, Report, Series, Table, columns, pct

ON_TIME_EXCELLENT = 97.0  # % within 15 minutes: the published benchmark of an excellent service
MISSED_GOOD_PER_1000 = 2.0


@dataclass
class Tally:
    calls: int = 0
    late: int = 0
    missed: int = 0
    short: int = 0
    no_check_out: int = 0

    def add(self, other: Tally) -> None:
        for k in ("calls", "late", "missed", "short", "no_check_out"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @property
    def on_time(self) -> int:
        return self.calls - self.late - self.missed

    def row(self) -> dict:
        return {"calls": self.calls, "on_time": self.on_time, "late": self.late, "missed": self.missed,
                "short": self.short, "no_check_out": self.no_check_out,
                "on_time_percent": pct(self.on_time, self.calls),
                "missed_per_1000": round(1000 * self.missed / self.calls, 1) if self.calls else None}


def _judged_sql(frame: Frame, now: dt.datetime, late_after: int, short_under: int) -> Query:
    """Tallies by client, week and time band of calls, and by carer of the carers' own records,
    split by whether the call is due yet (its window and length past): one row per group.

    Per carer, each carer's check-in against their own planned start. Per call, a double-up
    starts when its last carer checks in (missed only when nobody came), is short or unclosed
    when any carer's record is, and its planned start is its carers' earliest (with no carer,
    the middle of its window). Only a double-up's rows are grouped per call: a call that needs
    one carer has one (its carer, or none; assignments never exceed the carers a call needs),
    so its own row is the call's - grouping a year's 730,000 calls by call took a third to half the time."""
    # The whole minutes from frame.monday's midnight to now: a call's end in whole minutes is
    # past `now` exactly when it is at most these.
    now_minute = (now.date() - frame.monday).days * 1440 + now.hour * 60 + now.minute
    due = f"CASE WHEN day_no * 1440 + window_end + duration <= {int(now_minute)} THEN 1 ELSE 0 END"
    q = attendance(frame, unstaffed=True)
    q.add(f""", flags AS NOT MATERIALIZED (SELECT visit, client, day_no, carer, carers_required, checked_in,
        COALESCE(planned_start, (window_start + window_end) / 2) AS planned_start, {due} AS due,
        CASE WHEN in_at IS NOT NULL AND checked_in - planned_start > {int(late_after)} THEN 1 ELSE 0 END AS late,
        CASE WHEN in_at IS NULL THEN 1 ELSE 0 END AS missed,
        CASE WHEN in_at IS NOT NULL AND out_at IS NOT NULL AND minutes > 0
             AND {delivered()} * 100 < minutes * {int(short_under)} THEN 1 ELSE 0 END AS short,
        CASE WHEN in_at IS NOT NULL AND out_at IS NULL THEN 1 ELSE 0 END AS no_out
      FROM att),
    pairs AS MATERIALIZED (SELECT * FROM flags WHERE carers_required > 1),
    doubles AS (SELECT MIN(client) AS client, MIN(day_no) AS day_no, MIN(due) AS due,
        MIN(planned_start) AS planned_start, MAX(checked_in) AS started, MAX(short) AS short, MAX(no_out) AS no_out
      FROM pairs GROUP BY visit),
    judged AS (SELECT client, day_no / 7 AS week, {band_sql("planned_start")} AS band, carer, due,
        late, missed, short, no_out FROM flags WHERE carers_required <= 1
      UNION ALL SELECT NULL, NULL, NULL, carer, due, late, missed, short, no_out FROM pairs
      UNION ALL SELECT client, day_no / 7, {band_sql("planned_start")}, NULL, due,
        CASE WHEN started IS NOT NULL AND started - planned_start > {int(late_after)} THEN 1 ELSE 0 END,
        CASE WHEN started IS NULL THEN 1 ELSE 0 END, short, no_out FROM doubles)
    """)
    # A call's row counts by client, week and band; a carer's by carer. A call that needs one carer
    # is one row for both; a double-up's carers have no call keys and the call no carer.
    sets = {"client": ("due", "client"), "week": ("due", "week"), "band": ("due", "band"), "carer": ("due", "carer")}
    return q.add(grouped("judged", sets, "COUNT(*) AS calls, SUM(late) AS late, SUM(missed) AS missed,"
                                          " SUM(short) AS short, SUM(no_out) AS no_out"))


TALLY_COLUMNS = (("calls", "Calls"), ("on_time", "On time"), ("late", "Late"), ("missed", "Missed"),
                 ("short", "Short"), ("no_check_out", "No check-out"), ("on_time_percent", "On time %"),
                 ("missed_per_1000", "Missed per 1,000"))


async def punctuality(f: ReportFilters, now: dt.datetime | None = None) -> Report:
    now = now or agency_now()
    late_after = int(await setting("late_after_minutes"))
    short_under = int(await setting("short_call_under_percent"))
    frame = await frame_of(f)
    total, by_client, by_band, by_week = Tally(), defaultdict(Tally), defaultdict(Tally), defaultdict(Tally)
    by_carer = defaultdict(Tally)
    groups = {"client": by_client, "band": by_band, "carer": by_carer}
    not_yet = 0
    for r in await _judged_sql(frame, now, late_after, short_under).rows():
        key = r[r["grp"]]
        if key is None:  # a double-up's carers (no call keys), a call's own row (no carer), a call with none
            continue
        counts = [int(r[k] or 0) for k in ("calls", "late", "missed", "short", "no_out")]
        if not int(r["due"]):
            not_yet += counts[0] if r["grp"] == "week" else 0  # every call is in one week
        elif r["grp"] == "week":
            by_week[frame.week(key)] = Tally(*counts)
            total.add(Tally(*counts))
        else:
            groups[r["grp"]][key] = Tally(*counts)
    carer_names, client_names = await call_facts.carer_names(), await call_facts.client_names()
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
    carer_rows = sorted(({"carer_id": k, "carer": carer_names.get(k, "?"), **t.row()}
                         for k, t in by_carer.items()), key=lambda r: (r["on_time_percent"] or 0, r["carer"]))
    client_rows = sorted(({"client_id": k, "client": client_names.get(k, "?"), **t.row()}
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
