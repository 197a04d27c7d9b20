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

from api.domain.reports.call_facts import load_facts
from api.domain.reports.filters import ReportFilters
from api.domain.reports.shape import Chart, Figure, Report, Series, Table, columns, hours, pct
from api.domain.shared.choices import CallType, ClientStatus
from api.domain.shared.common import week_start
from api.domain.tables import ClientDefault

KINDS = ("commissioned", "planned", "delivered", "unallocated")


async def commissioned_minutes(f: ReportFilters) -> dict[tuple[int, dt.date], int]:
    """(client id, date) -> minutes the client's active defaults ask for that day."""
    where = (ClientDefault.active == True) & (ClientDefault.client.status != ClientStatus.CEASED)  # noqa: E712
    where &= ClientDefault.call_type != CallType.SLEEP_IN  # an allowance, not hours
    if f.client_id is not None:
        where &= ClientDefault.client.id == f.client_id
    if f.town:
        where &= ClientDefault.client.town == f.town
    if f.funder:
        where &= ClientDefault.client.funder == f.funder
    by_weekday: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for d in await ClientDefault.select(ClientDefault.client, ClientDefault.weekday,
                                        ClientDefault.duration_minutes, ClientDefault.carers_required).where(where):
        by_weekday[d["weekday"]].append((d["client"], d["duration_minutes"] * d["carers_required"]))
    out: dict[tuple[int, dt.date], int] = defaultdict(int)
    for day in f.days():
        for client, minutes in by_weekday[day.weekday()]:
            out[(client, day)] += minutes
    return out


def _row(m: dict[str, float]) -> dict:
    row = {k: hours(m.get(k, 0)) for k in KINDS}
    row["delivered_percent"] = pct(m.get("delivered", 0), m.get("commissioned", 0))
    return row


async def hours_report(f: ReportFilters) -> Report:
    facts = await load_facts(f)
    by_client: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_carer: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_funder: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_week: dict[dt.date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    total: dict[str, float] = defaultdict(float)
    funders: dict[int, str] = {}
    sleep_ins = 0
    for call in facts.calls:
        funders[call.client_id] = call.funder
        sums = (total, by_client[call.client_id], by_funder[call.funder], by_week[week_start(call.date)])
        sleep_in = call.call_type == CallType.SLEEP_IN
        sleep_ins += sleep_in * len(call.attendances)
        for a in call.attendances:
            planned = 0 if sleep_in else call.duration
            delivered = a.woken_minutes if sleep_in else a.delivered_minutes
            for s in sums:
                s["planned"] += planned
                s["delivered"] += delivered
            by_carer[a.carer_id]["planned"] += planned
            by_carer[a.carer_id]["delivered"] += delivered
        if f.carer_id is None and not sleep_in:
            for s in sums:
                s["unallocated"] += call.unallocated_carers * call.duration
    if f.carer_id is None:  # commissioning is per client; it has no meaning for one carer
        for (client, day), minutes in (await commissioned_minutes(f)).items():
            for s in (total, by_client[client], by_week[week_start(day)]):
                s["commissioned"] += minutes
            if client in funders:
                by_funder[funders[client]]["commissioned"] += minutes
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
    client_rows = sorted(({"client_id": k, "client": facts.client_names.get(k, "?"), **_row(v)}
                          for k, v in by_client.items()), key=lambda r: r["client"])
    carer_rows = sorted(({"carer_id": k, "carer": facts.carer_names.get(k, "?"), "planned": hours(v["planned"]),
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
