"""Pay against the minimum wage (report 5): per carer and pay period (a week, Monday to
Sunday), the time worked - at calls and travelling between them - against what the agency's
pay rules pay for it, and the effective hourly rate against the National Living Wage or
National Minimum Wage of the carer's age band on the period's last day (rates with their
effective dates in the settings). A red flag where the effective rate falls below it.

Worked time: each call the carer checked in to, from check-in to check-out (a call with no
check-out counts its planned length: the office must not take it as unworked), plus the
optimiser's travel time to it. Pay: the planned length of those calls (agencies pay the
commissioned time; a call that overran is the classic way below the minimum wage) at the hourly
rate, plus the travel time at the travel rate when travel is paid.

Nights: a waking night is time work like any call, its whole span paid hourly. A sleep-in is paid
the flat sleep-in allowance (settings) plus the minutes the carer was woken up and working, told
at check-out, at the hourly rate. For the minimum wage only that woken time counts as worked and
only its pay counts (the allowance is not pay for time work: the Supreme Court's ruling in Royal
Mencap Society v Tomlinson-Blake, 2021, on sleeping at the workplace available to be woken).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from api.domain.reports import call_facts
from api.domain.reports.call_facts import Frame, attendance, delivered, frame_of
from api.domain.reports.filters import ReportFilters
from api.domain.reports.report_settings import age_band, minimum_wage_on, setting
from api.domain.reports.shape import Chart, Figure, Report, Series, Table, columns, hours
from api.domain.shared.choices import CallType
from api.domain.tables import Carer


@dataclass
class PayPeriod:
    carer_id: int
    week: dt.date
    calls: int = 0
    call_minutes_worked: float = 0.0
    call_minutes_paid: float = 0.0
    travel_minutes: float = 0.0
    sleep_ins: int = 0
    waking_nights: int = 0

    @property
    def worked_minutes(self) -> float:
        return self.call_minutes_worked + self.travel_minutes


@dataclass(frozen=True)
class PayRules:
    hourly_rate: float
    travel_paid: bool
    travel_rate: float
    sleep_in_allowance: float = 0.0

    def time_pay(self, p: PayPeriod) -> float:
        """Pay for time work (calls, woken time, travel): what the minimum wage is judged on."""
        travel = p.travel_minutes * self.travel_rate / 60 if self.travel_paid else 0.0
        return round(p.call_minutes_paid * self.hourly_rate / 60 + travel, 2)

    def allowance(self, p: PayPeriod) -> float:
        return round(p.sleep_ins * self.sleep_in_allowance, 2)

    def pay(self, p: PayPeriod) -> float:
        return round(self.time_pay(p) + self.allowance(p), 2)


async def pay_rules() -> PayRules:
    return PayRules(float(await setting("pay_hourly_rate")), bool(await setting("pay_travel_time")),
                    float(await setting("pay_travel_hourly_rate")), float(await setting("sleep_in_allowance")))


def period_sums(sleep_in: str, waking_night: str) -> str:
    """SQL aggregates over `att` rows of calls checked in to (`in_at` not NULL): a pay period's
    calls, worked, paid and travel minutes, sleep-ins and waking nights (PayPeriod's fields)."""
    attended = "in_at IS NOT NULL"
    return f"""SUM(CASE WHEN {attended} THEN 1 ELSE 0 END) AS calls,
        SUM(CASE WHEN NOT ({attended}) THEN 0 WHEN {sleep_in} THEN woken_minutes WHEN out_at IS NULL THEN minutes
            ELSE {delivered()} END) AS worked,
        SUM(CASE WHEN NOT ({attended}) THEN 0 WHEN {sleep_in} THEN woken_minutes ELSE minutes END) AS paid,
        SUM(CASE WHEN {attended} THEN travel_minutes ELSE 0 END) AS travel,
        SUM(CASE WHEN {attended} AND {sleep_in} THEN 1 ELSE 0 END) AS sleep_ins,
        SUM(CASE WHEN {attended} AND {waking_night} THEN 1 ELSE 0 END) AS waking_nights"""


def call_kinds() -> tuple[str, str]:
    """SQL conditions on `att` rows: the call is a sleep-in; it is a waking night."""
    return f"call_type = '{CallType.SLEEP_IN.value}'", f"call_type = '{CallType.WAKING_NIGHT.value}'"


def period_of(frame: Frame, r: dict) -> tuple[tuple[int, dt.date], PayPeriod] | None:
    """The pay period of a row of `period_sums` grouped by carer and week (None: no call attended)."""
    if not int(r["calls"] or 0):
        return None
    key = (r["carer"], frame.week(r["week"]))
    return key, PayPeriod(*key, calls=int(r["calls"]), call_minutes_worked=float(r["worked"]),
                          call_minutes_paid=float(r["paid"]), travel_minutes=float(r["travel"]),
                          sleep_ins=int(r["sleep_ins"]), waking_nights=int(r["waking_nights"]))


async def pay_periods(f: ReportFilters) -> dict[tuple[int, dt.date], PayPeriod]:
    """(carer id, Monday) -> the calls the carer checked in to that week (a call not attended is
    neither worked nor paid): worked from check-in to check-out (without a check-out, its planned
    length), paid its planned length, and the travel to each. A sleep-in is the allowance, and
    only its time woken is worked and paid; a waking night is worked and paid like a call."""
    frame = await frame_of(f)
    q = attendance(frame).add(f"""
    SELECT carer, day_no / 7 AS week, {period_sums(*call_kinds())}
    FROM att WHERE in_at IS NOT NULL GROUP BY carer, day_no / 7""")
    return dict(filter(None, (period_of(frame, r) for r in await q.rows())))


async def pay(f: ReportFilters) -> Report:
    rules = await pay_rules()
    rates = await setting("minimum_wage_rates")
    births = {c["id"]: c["birth_date"] for c in await Carer.select(Carer.id, Carer.birth_date)}
    rows = []
    carer_names = await call_facts.carer_names()
    for (carer, week), p in sorted((await pay_periods(f)).items(),
                                   key=lambda kv: (kv[0][1], carer_names.get(kv[0][0], ""))):
        last_day = min(week + dt.timedelta(days=6), f.date_to)
        band = age_band(births.get(carer), last_day)
        minimum = minimum_wage_on(rates, band, last_day)
        amount = rules.pay(p)
        time_pay = rules.time_pay(p)  # the sleep-in allowance does not count for the minimum wage
        effective = round(time_pay / (p.worked_minutes / 60), 2) if p.worked_minutes else None
        below = effective is not None and minimum is not None and effective < minimum
        rows.append({
            "week": week.isoformat(), "carer_id": carer, "carer": carer_names.get(carer, "?"),
            "calls": p.calls, "call_hours": hours(p.call_minutes_worked), "travel_hours": hours(p.travel_minutes),
            "worked_hours": hours(p.worked_minutes), "paid_hours": hours(
                p.call_minutes_paid + (p.travel_minutes if rules.travel_paid else 0)),
            "sleep_ins": p.sleep_ins, "sleep_in_pay": rules.allowance(p), "waking_nights": p.waking_nights,
            "pay": amount, "effective_rate": effective, "age_band": band, "minimum_wage": minimum,
            "below_minimum": below,
            "shortfall": round(minimum * p.worked_minutes / 60 - time_pay, 2) if below else 0.0,
        })
    flagged = [r for r in rows if r["below_minimum"]]
    figures = [
        Figure("below_minimum", "Pay periods below the minimum wage", len(flagged), good=not flagged,
               note="effective hourly rate, travel time included"),
        Figure("shortfall", "Shortfall to make good", round(sum(r["shortfall"] for r in flagged), 2), "£"),
        Figure("lowest_rate", "Lowest effective hourly rate",
               min((r["effective_rate"] for r in rows if r["effective_rate"] is not None), default=None), "£"),
        Figure("periods", "Carer pay periods", len(rows)),
    ]
    labels = [f"{r['carer']} w/c {dt.date.fromisoformat(r['week']):%d %b}" for r in rows]
    charts = [Chart("effective_rate", "Effective hourly rate against the minimum wage", "bar", labels,
                    [Series("Effective £/h", [r["effective_rate"] for r in rows]),
                     Series("Minimum wage £/h", [r["minimum_wage"] for r in rows], kind="line")], "£")]
    tables = [Table("periods", "By carer and pay period (below the minimum wage first)", columns(
        ("week", "Week from"), ("carer", "Carer"), ("calls", "Calls"), ("call_hours", "Hours at calls"),
        ("travel_hours", "Travel hours"), ("worked_hours", "Worked hours"), ("paid_hours", "Paid hours"),
        ("waking_nights", "Waking nights"), ("sleep_ins", "Sleep-ins"), ("sleep_in_pay", "Sleep-in allowance £"),
        ("pay", "Pay £"), ("effective_rate", "Effective £/h"), ("age_band", "Age band"),
        ("minimum_wage", "Minimum wage £/h"), ("below_minimum", "Below minimum"), ("shortfall", "Shortfall £")),
        sorted(rows, key=lambda r: (not r["below_minimum"], r["week"], r["carer"])))]
    notes = [f"Pay rules: £{rules.hourly_rate:.2f}/h for the planned length of calls attended; travel "
             + (f"paid at £{rules.travel_rate:.2f}/h." if rules.travel_paid else "not paid."),
             f"Sleep-ins: £{rules.sleep_in_allowance:.2f} a night plus the time woken at the hourly rate; only "
             "the woken time and its pay count for the minimum wage (Mencap ruling, 2021). Waking nights are "
             "paid hourly for their whole span."]
    return Report("pay", "Pay against the minimum wage", f.date_from, f.date_to, figures, charts, tables, notes)
