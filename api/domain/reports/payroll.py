"""Timesheets, payroll and invoice exports (report 8).

Payroll: per carer and pay period (a week, Monday to Sunday) the calls attended with their
actual times, travel time, the miles reported at the end of each shift, on-call weeks, and the
gross pay by the agency's pay rules (as the minimum wage report reads them). The `payroll`
table is the import file for a payroll system, one row per carer and period, in this layout:

  carer_id, carer, period_start, period_end, calls, call_hours_paid, travel_hours_paid,
  hourly_rate, travel_rate, call_pay, travel_pay, waking_nights, sleep_ins, sleep_in_rate,
  sleep_in_pay, miles, mileage_rate, mileage_pay, on_call, gross_pay

(hours as decimals, money in pounds with two decimals, dates ISO 8601, UTF-8, comma-separated,
one header row). Call hours include waking nights (their whole span) and the time woken on
sleep-ins; each sleep-in adds the flat allowance. The `timesheet` table lists each call attended
with its kind (a call across midnight once, on the date it started).

Invoice: per client and funder, delivered hours (checked in to out; each carer of a double-up
counts) times the funder's hourly rate (settings).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from api.domain.reports import call_facts
from api.domain.reports.call_facts import Frame, attendance, delivered, frame_of, grouped
from api.domain.reports.filters import ReportFilters
from api.domain.reports.pay import PayPeriod, call_kinds, pay_rules, period_of, period_sums
from api.domain.reports.report_settings import setting
from api.domain.reports.shape import Chart, Figure, Report, Series, Table, columns, hours
from api.domain.reports.travel import reported_miles_by_week
from api.domain.shared.choices import CallType
from api.domain.shared.common import minutes_to_hhmm, week_start
from api.domain.tables import Carer, OnCall

PAYROLL_COLUMNS = (
    ("carer_id", "carer_id"), ("carer", "carer"), ("period_start", "period_start"), ("period_end", "period_end"),
    ("calls", "calls"), ("call_hours_paid", "call_hours_paid"), ("travel_hours_paid", "travel_hours_paid"),
    ("hourly_rate", "hourly_rate"), ("travel_rate", "travel_rate"), ("call_pay", "call_pay"),
    ("travel_pay", "travel_pay"), ("waking_nights", "waking_nights"), ("sleep_ins", "sleep_ins"),
    ("sleep_in_rate", "sleep_in_rate"), ("sleep_in_pay", "sleep_in_pay"), ("miles", "miles"), ("mileage_rate", "mileage_rate"),
    ("mileage_pay", "mileage_pay"), ("on_call", "on_call"), ("gross_pay", "gross_pay"),
)


KIND_WORDS = {CallType.SLEEP_IN: "Sleep-in", CallType.WAKING_NIGHT: "Waking night"}


MAX_TIMESHEET_LINES = 20_000  # a week and a half at 2,000 calls a day; more is no use on a screen


def _clock(minute: float | None) -> str:
    return "" if minute is None else minutes_to_hhmm(int(minute) % 1440)


async def _on_call_weeks(f: ReportFilters) -> dict[tuple[int, dt.date], str]:
    """(carer id, week) -> the on-call role, for carers whose login was on call that week."""
    carer_of_user = {c["user"]: c["id"] for c in await Carer.select(Carer.id, Carer.user) if c["user"]}
    out = {}
    for row in await OnCall.select(OnCall.week_start, OnCall.role, OnCall.user).where(
            (OnCall.week_start >= week_start(f.date_from)) & (OnCall.week_start <= f.date_to)):
        if row["user"] in carer_of_user:
            out[(carer_of_user[row["user"]], row["week_start"])] = row["role"]
    return out


async def _timesheet(frame: Frame) -> list[dict]:
    """The calls each carer checked in to, earliest first (at most MAX_TIMESHEET_LINES + 1), with
    day numbers from frame.monday. Read a week of the range at a time, then two, four...: a long
    range stops once it has its lines instead of sorting a year of calls for the first ones."""
    f, lines, start, days = frame.f, [], frame.f.date_from, 7
    while start <= f.date_to and len(lines) <= MAX_TIMESHEET_LINES:
        part = Frame(dataclasses.replace(f, date_from=start, date_to=min(f.date_to, start + dt.timedelta(days=days - 1))),
                     frame.part_minutes)
        q = attendance(part).add(f"""
        SELECT carer, day_no, client, call_type, planned_start, minutes, checked_in, checked_out, woken_minutes,
            travel_minutes FROM att
        WHERE checked_in IS NOT NULL ORDER BY day_no, window_start, visit, carer
        LIMIT {MAX_TIMESHEET_LINES + 1 - len(lines)}""")
        shift = frame.day_no(part.monday)
        lines += [{**r, "day_no": r["day_no"] + shift} for r in await q.rows()]
        start, days = part.f.date_to + dt.timedelta(days=1), days * 2
    return lines


SPLIT_FROM_WEEKS = 8  # a range this long or longer is read in two halves at the same time


async def _periods_and_invoice(frame: Frame) -> tuple[dict[tuple[int, dt.date], PayPeriod],
                                                       dict[tuple[int, str], tuple[int, float]]]:
    """The pay periods and the invoice (as _read_periods_and_invoice) of a long range from its two
    halves, split at a Monday, read at the same time on PostgreSQL (call_facts.together): the merge
    joins of one query run in one process, so two halves use both cores. A week is in one half;
    an invoice's calls and minutes (whole minutes) are the sums of the halves'."""
    f, weeks = frame.f, (frame.f.date_to - frame.monday).days // 7 + 1
    if weeks < SPLIT_FROM_WEEKS:
        return await _read_periods_and_invoice(frame)
    middle = frame.monday + dt.timedelta(days=7 * (weeks // 2))
    halves = [Frame(dataclasses.replace(f, date_to=middle - dt.timedelta(days=1)), frame.part_minutes),
              Frame(dataclasses.replace(f, date_from=middle), frame.part_minutes)]
    periods, invoice = {}, {}
    for half_periods, half_invoice in await call_facts.together(*(_read_periods_and_invoice(h) for h in halves)):
        periods.update(half_periods)
        for key, (calls, minutes) in half_invoice.items():
            before = invoice.get(key, (0, 0.0))
            invoice[key] = (before[0] + calls, before[1] + minutes)
    return periods, invoice


async def _read_periods_and_invoice(frame: Frame) -> tuple[dict[tuple[int, dt.date], PayPeriod],
                                                            dict[tuple[int, str], tuple[int, float]]]:
    """In one reading of the range: the pay periods (as pay.pay_periods) and the invoice,
    (client id, funder) -> (calls that delivered minutes, minutes delivered by all their carers).
    A call's carers are summed together only for a double-up: a call that needs one carer has
    one row (assignments never exceed the carers a call needs)."""
    # Each check time is worked out once per row, in billed (a UNION ALL's branch computes its
    # columns once); delivered minutes are taken from those columns at the top, not named in a
    # CTE that would work them out again for each use (a year: 1.53 s of the database's CPU, 1.31 s).
    # billed's `single` is 1 for a call that needs one carer, 2 for a double-up's whole call
    # (checked_out holding its carers' delivered minutes), 0 for a double-up's carer rows.
    q = attendance(frame, places=True).add(f""",
    doubles AS (SELECT MIN(client) AS client, MIN(funder) AS funder, SUM({delivered()}) AS delivered
      FROM att WHERE carers_required > 1 GROUP BY visit),
    billed AS (SELECT client, funder, carer, day_no / 7 AS week, call_type, in_at, out_at, checked_in, checked_out,
        woken_minutes, minutes, travel_minutes, CASE WHEN carers_required <= 1 THEN 1 ELSE 0 END AS single FROM att
      UNION ALL SELECT client, funder, NULL, NULL, NULL, NULL, NULL, 0, delivered, 0, 0, 0, 2
      FROM doubles WHERE delivered > 0)
    """).merged()
    sets = {"period": ("carer", "week"), "invoice": ("client", "funder")}
    periods, invoice = {}, {}
    for r in await q.add(grouped("billed", sets, period_sums(*call_kinds())
                                 + f""", SUM(CASE WHEN single = 2 OR (single = 1 AND checked_out - checked_in > 0) THEN 1 ELSE 0 END)
                                   AS billed_calls,
                                 SUM(CASE WHEN single > 0 THEN {delivered()} ELSE 0 END) AS billed_minutes""")).rows():
        if r["grp"] == "period":
            if r["carer"] is not None and (period := period_of(frame, r)):
                periods[period[0]] = period[1]
        elif int(r["billed_calls"] or 0):
            invoice[(r["client"], r["funder"])] = (int(r["billed_calls"]), float(r["billed_minutes"]))
    return periods, invoice


async def payroll(f: ReportFilters) -> Report:
    frame = await frame_of(f)
    carer_names, client_names = await call_facts.carer_names(), await call_facts.client_names()
    rules = await pay_rules()
    mileage_rate = float(await setting("mileage_rate_per_mile"))
    on_call = await _on_call_weeks(f)
    (periods, invoice), attended, miles_by_week = await call_facts.together(
        _periods_and_invoice(frame), _timesheet(frame), reported_miles_by_week(frame))
    timesheet: dict[tuple[int, dt.date], list[dict]] = defaultdict(list)
    for line in attended[:MAX_TIMESHEET_LINES]:
        timesheet[(line["carer"], frame.week(line["day_no"] // 7))].append(line)
    summary, lines = [], []
    for key in sorted(set(periods) | set(miles_by_week), key=lambda k: (k[1], carer_names.get(k[0], ""))):
        carer, week = key
        p = periods.get(key)
        call_minutes = p.call_minutes_paid if p else 0
        travel_minutes = (p.travel_minutes if p and rules.travel_paid else 0)
        call_pay = round(call_minutes * rules.hourly_rate / 60, 2)
        travel_pay = round(travel_minutes * rules.travel_rate / 60, 2)
        sleep_in_pay = rules.allowance(p) if p else 0.0
        m = round(miles_by_week.get(key, 0.0), 1)
        mileage_pay = round(m * mileage_rate, 2)
        summary.append({
            "carer_id": carer, "carer": carer_names.get(carer, "?"), "period_start": week.isoformat(),
            "period_end": (week + dt.timedelta(days=6)).isoformat(), "calls": p.calls if p else 0,
            "call_hours_paid": hours(call_minutes), "travel_hours_paid": hours(travel_minutes),
            "hourly_rate": rules.hourly_rate, "travel_rate": rules.travel_rate if rules.travel_paid else 0.0,
            "call_pay": call_pay, "travel_pay": travel_pay, "waking_nights": p.waking_nights if p else 0,
            "sleep_ins": p.sleep_ins if p else 0, "sleep_in_rate": rules.sleep_in_allowance,
            "sleep_in_pay": sleep_in_pay, "miles": m, "mileage_rate": mileage_rate,
            "mileage_pay": mileage_pay, "on_call": on_call.get(key, ""),
            "gross_pay": round(call_pay + travel_pay + sleep_in_pay + mileage_pay, 2),
        })
        for a in timesheet.get(key, ()):
            lines.append({
                "carer_id": carer, "carer": carer_names.get(carer, "?"), "date": frame.day(a["day_no"]).isoformat(),
                "client": client_names.get(a["client"], "?"), "kind": KIND_WORDS.get(a["call_type"], "Call"),
                "woken_minutes": a["woken_minutes"] if a["call_type"] == CallType.SLEEP_IN else None,
                "planned_start": _clock(a["planned_start"]),
                "planned_minutes": a["minutes"], "check_in": _clock(a["checked_in"]),
                "check_out": _clock(a["checked_out"]),
                "worked_minutes": None if a["checked_out"] is None else round(max(0.0, a["checked_out"] - a["checked_in"])),
                "travel_minutes": a["travel_minutes"],
            })
    funder_rates = await setting("funder_hourly_rates")
    invoice_rows = []
    for (client, funder), (calls, minutes) in sorted(invoice.items(), key=lambda kv: (kv[0][1], client_names.get(kv[0][0], ""), kv[0][0])):
        rate = funder_rates.get(funder)
        invoice_rows.append({"client_id": client, "client": client_names.get(client, "?"), "funder": funder,
                             "calls": calls, "delivered_hours": hours(minutes), "hourly_rate": rate,
                             "amount": None if rate is None else round(minutes * rate / 60, 2)})
    by_funder: dict[str, float] = defaultdict(float)
    for r in invoice_rows:
        by_funder[r["funder"]] += r["amount"] or 0
    figures = [
        Figure("gross_pay", "Gross pay", round(sum(r["gross_pay"] for r in summary), 2), "£"),
        Figure("mileage_pay", "Mileage", round(sum(r["mileage_pay"] for r in summary), 2), "£"),
        Figure("invoiced", "To invoice", round(sum(by_funder.values()), 2), "£"),
        Figure("no_rate", "Clients whose funder has no rate", sum(1 for r in invoice_rows if r["hourly_rate"] is None),
               note="set the funder's hourly rate in the settings"),
    ]
    charts = [Chart("invoice", "To invoice by funder", "bar", sorted(by_funder),
                    [Series("£", [round(by_funder[k], 2) for k in sorted(by_funder)])], "£")]
    tables = [
        Table("payroll", "Payroll (one row per carer and pay period)", columns(*PAYROLL_COLUMNS), summary),
        Table("timesheet", "Timesheets: calls attended", columns(
            ("carer", "Carer"), ("date", "Date"), ("client", "Client"), ("kind", "Kind"),
            ("planned_start", "Planned"), ("planned_minutes", "Planned min"), ("check_in", "Check-in"),
            ("check_out", "Check-out"), ("worked_minutes", "Worked min"), ("woken_minutes", "Woken min"),
            ("travel_minutes", "Travel min")), lines),
        Table("invoice", "Invoice: delivered hours by client and funder", columns(
            ("client", "Client"), ("funder", "Funder"), ("calls", "Calls"), ("delivered_hours", "Delivered h"),
            ("hourly_rate", "Rate £/h"), ("amount", "Amount £")), invoice_rows),
    ]
    notes = [f"Sleep-ins: £{rules.sleep_in_allowance:.2f} each plus the time woken at the hourly rate; "
             "waking nights are paid hourly for their whole span. A call across midnight is listed once, "
             "on the date it started."]
    if len(attended) > MAX_TIMESHEET_LINES:
        last = frame.day(attended[MAX_TIMESHEET_LINES - 1]["day_no"])
        notes.append(f"The timesheet lists the first {MAX_TIMESHEET_LINES:,} calls attended (to {last:%d %b %Y}):"
                     " ask for a shorter range for the rest. The payroll and invoice tables cover the whole range.")
    return Report("payroll", "Timesheets, payroll and invoices", f.date_from, f.date_to, figures, charts, tables, notes)
