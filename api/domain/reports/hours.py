"""Hours (report 1): commissioned (the clients' standing weekly patterns, client defaults),
planned (allocated to carers), delivered (checked in to checked out) and unallocated hours;
per client, carer, funder and week.

Each carer on a call counts: a 45-minute double-up is 90 minutes commissioned, planned and
(when both check in and out) delivered. A call with no check-out delivers nothing that can be
shown. Cancelled calls count nowhere. A call across midnight counts once, on the day it started.
A waking night counts its span like any call; a sleep-in is paid an allowance, not hours: it
counts in the sleep-ins figure, and only the time woken (told at check-out) as delivered hours.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from api.domain.reports import call_facts
from api.domain.reports.call_facts import Frame, Query, attendance, delivered, frame_of, grouped
from api.domain.reports.filters import ReportFilters
from api.domain.reports.shape import Chart, Figure, Report, Series, Table, columns, hours, pct
from api.domain.rostering.part_lengths import defaults_with_lengths, pattern_minutes
from api.domain.shared.choices import CallType, ClientStatus
from api.domain.shared.common import week_start

KINDS = ("commissioned", "planned", "delivered", "unallocated")


async def commissioned_minutes(f: ReportFilters) -> dict[int, dict[int, int]]:
    """client id -> weekday -> minutes the client's active defaults ask for on that weekday
    (a double-up whose parts have their own length: the sum of its parts')."""
    def defaults(columns: str) -> Query:
        q = Query(f"SELECT {columns} FROM client_default cd JOIN client c ON c.id = cd.client"
                  " WHERE cd.active = {} AND c.status <> {} AND cd.call_type <> {}",  # a sleep-in is an allowance, not hours
                  [True, ClientStatus.CEASED.value, CallType.SLEEP_IN.value])
        if f.client_id is not None:
            q.add(" AND c.id = {}", f.client_id)
        if f.town:
            q.add(" AND c.town = {}", f.town)
        if f.funder:
            q.add(" AND c.funder = {}", f.funder)
        return q

    out: dict[int, dict[int, int]] = defaultdict(dict)
    q = defaults("cd.client AS client, cd.weekday AS weekday, SUM(cd.duration_minutes * cd.carers_required) AS minutes")
    for r in await q.add(" GROUP BY cd.client, cd.weekday").rows():
        out[r["client"]][r["weekday"]] = int(r["minutes"])
    with_parts = await defaults_with_lengths()
    if with_parts:  # the few with parts of their own length: their parts' sum for the call's
        q = defaults("cd.id AS id, cd.client AS client, cd.weekday AS weekday, cd.duration_minutes AS duration,"
                     " cd.carers_required AS carers_required")
        for r in await q.add(f" AND cd.id IN ({', '.join(str(int(i)) for i in with_parts)})").rows():
            parts = with_parts[r["id"]]["parts"]
            out[r["client"]][r["weekday"]] += (pattern_minutes(parts, r["duration"], r["carers_required"])
                                               - r["duration"] * r["carers_required"])
    return out


def _sums_sql(frame: Frame) -> Query:
    """Planned, delivered and unallocated minutes by client (with its funder), funder and week
    (with the carers' sleep-ins), and planned and delivered by carer: one row per group. A
    sleep-in plans no hours, delivers its time woken and is never counted unallocated.

    Each carer's row is summed as it is. What a call still lacks needs its carers counted
    together only for a double-up: a call that needs one carer lacks it when it has none
    (assignments never exceed the carers a call needs); grouping a year's calls by call was
    a third to half the query's time."""
    sleep_in = f"call_type = '{CallType.SLEEP_IN.value}'"
    q = attendance(frame, unstaffed=True, places=True)
    q.add(f""", rows AS NOT MATERIALIZED (SELECT visit, client, funder, day_no, carer, duration, carers_required,
        call_type, CASE WHEN carer IS NULL OR {sleep_in} THEN 0 ELSE minutes END AS planned,
        CASE WHEN {sleep_in} THEN woken_minutes ELSE {delivered()} END AS delivered,
        CASE WHEN carer IS NOT NULL AND {sleep_in} THEN 1 ELSE 0 END AS sleep_ins,
        CASE WHEN carers_required <= 1 AND carer IS NULL AND NOT {sleep_in} THEN duration ELSE 0 END AS unallocated
      FROM att),
    short_doubles AS (SELECT MIN(client) AS client, MIN(funder) AS funder, MIN(day_no) AS day_no,
        (MIN(carers_required) - COUNT(carer)) * MIN(duration) AS unallocated
      FROM rows WHERE carers_required > 1 AND NOT {sleep_in} GROUP BY visit HAVING MIN(carers_required) > COUNT(carer)),
    sums AS (SELECT client, funder, day_no / 7 AS week, carer, planned, delivered, unallocated, sleep_ins FROM rows
      UNION ALL SELECT client, funder, day_no / 7, NULL, 0, 0, unallocated, 0 FROM short_doubles)
    """)
    sets = {"client": ("client", "funder"), "funder": ("funder",), "week": ("week",), "carer": ("carer",)}
    return q.add(grouped("sums", sets, "SUM(planned) AS planned, SUM(delivered) AS delivered,"
                                       " SUM(unallocated) AS unallocated, SUM(sleep_ins) AS sleep_ins"))


def _row(m: dict[str, float]) -> dict:
    row = {k: hours(m.get(k, 0)) for k in KINDS}
    row["delivered_percent"] = pct(m.get("delivered", 0), m.get("commissioned", 0))
    return row


async def hours_report(f: ReportFilters) -> Report:
    frame = await frame_of(f)
    by_client: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_carer: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_funder: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_week: dict[dt.date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    total: dict[str, float] = defaultdict(float)
    funders: dict[int, str] = {}
    sleep_ins = 0
    for r in await _sums_sql(frame).rows():
        kinds = ("planned", "delivered") if f.carer_id is not None or r["grp"] == "carer" else (
            "planned", "delivered", "unallocated")  # unallocated has no meaning for one carer
        if r["grp"] == "client":
            funders[r["client"]] = r["funder"]
            sums = [by_client[r["client"]]]
        elif r["grp"] == "funder":
            sums = [by_funder[r["funder"]]]
        elif r["grp"] == "week":
            sleep_ins += int(r["sleep_ins"] or 0)
            sums = [by_week[frame.week(r["week"])], total]  # every call is in one week
        elif r["carer"] is not None:
            sums = [by_carer[r["carer"]]]
        else:
            continue  # calls without a carer: no carer's hours
        for s in sums:
            for k in kinds:
                s[k] += float(r[k] or 0)
    if f.carer_id is None:  # commissioning is per client; it has no meaning for one carer
        days = f.days()
        weekdays = [sum(1 for d in days if d.weekday() == wd) for wd in range(7)]  # how many of each
        by_weekday = [0] * 7
        for client, minutes in (await commissioned_minutes(f)).items():
            if not any(weekdays[wd] for wd in minutes):
                continue  # none of its days fall in the range
            commissioned = sum(m * weekdays[wd] for wd, m in minutes.items())
            by_client[client]["commissioned"] += commissioned
            total["commissioned"] += commissioned
            if client in funders:
                by_funder[funders[client]]["commissioned"] += commissioned
            for wd, m in minutes.items():
                by_weekday[wd] += m
        for day in days:
            by_week[week_start(day)]["commissioned"] += by_weekday[day.weekday()]
    carer_names, client_names = await call_facts.carer_names(), await call_facts.client_names()
    figures = [
        Figure("commissioned", "Commissioned", hours(total["commissioned"]), "h",
               note="from the clients' standing weekly patterns"),
        Figure("planned", "Planned (allocated)", hours(total["planned"]), "h"),
        Figure("delivered", "Delivered", hours(total["delivered"]), "h", note="checked in to checked out"),
        Figure("unallocated", "Unallocated", hours(total["unallocated"]), "h",
               good=None if f.carer_id else total["unallocated"] == 0),
        Figure("delivered_percent", "Delivered of commissioned", pct(total["delivered"], total["commissioned"]), "%"),
        Figure("sleep_ins", "Sleep-ins", sleep_ins, note="paid an allowance: only time woken counts as hours"),
    ]
    weeks = f.weeks()
    week_rows = [{"week": w.isoformat(), **_row(by_week[w])} for w in weeks]
    client_rows = sorted(({"client_id": k, "client": client_names.get(k, "?"), **_row(v)}
                          for k, v in by_client.items()), key=lambda r: r["client"])
    carer_rows = sorted(({"carer_id": k, "carer": carer_names.get(k, "?"), "planned": hours(v["planned"]),
                          "delivered": hours(v["delivered"])} for k, v in by_carer.items()), key=lambda r: r["carer"])
    funder_rows = sorted(({"funder": k, **_row(v)} for k, v in by_funder.items()), key=lambda r: r["funder"])
    hour_cols = (("commissioned", "Commissioned h"), ("planned", "Planned h"), ("delivered", "Delivered h"),
                 ("unallocated", "Unallocated h"), ("delivered_percent", "Delivered % of commissioned"))
    charts = [Chart("by_week", "Hours by week", "bar", [f"w/c {w:%d %b}" for w in weeks],
                    [Series(label, [r[k] for r in week_rows]) for k, label in
                     (("commissioned", "Commissioned"), ("planned", "Planned"), ("delivered", "Delivered"),
                      ("unallocated", "Unallocated"))], "h"),
              Chart("by_carer", "Planned and delivered hours by carer", "hbar", [r["carer"] for r in carer_rows],
                    [Series("Planned", [r["planned"] for r in carer_rows]),
                     Series("Delivered", [r["delivered"] for r in carer_rows])], "h")]
    tables = [
        Table("by_client", "By client", columns(("client", "Client"), *hour_cols), client_rows),
        Table("by_carer", "By carer", columns(("carer", "Carer"), ("planned", "Planned h"),
                                              ("delivered", "Delivered h")), carer_rows),
        Table("by_funder", "By funder", columns(("funder", "Funder"), *hour_cols), funder_rows),
        Table("by_week", "By week", columns(("week", "Week from"), *hour_cols), week_rows),
    ]
    return Report("hours", "Hours: commissioned, planned, delivered", f.date_from, f.date_to, figures, charts, tables)
