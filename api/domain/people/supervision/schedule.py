"""When each kind of supervision falls due: the agency's interval (settings, in months) after
the last one held, or after the carer's start date for the first. A carer with no start date
recorded is due at once (the office should see them rather than never)."""

from __future__ import annotations

import calendar
import datetime as dt

from api.domain.setup import agency_settings
from api.domain.shared.choices import SupervisionKind

INTERVAL_SETTING = {
    SupervisionKind.SUPERVISION: "supervision_every_months",
    SupervisionKind.SPOT_CHECK: "spot_check_every_months",
    SupervisionKind.APPRAISAL: "appraisal_every_months",
}
KIND_WORDS = {SupervisionKind.SUPERVISION: "Supervision", SupervisionKind.SPOT_CHECK: "Spot check",
              SupervisionKind.APPRAISAL: "Appraisal"}
DUE_SOON_SETTING = "supervision_due_soon_days"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the 31st becomes the month's last day (31 Aug + 6 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > dt.MAXYEAR:  # a start date typed as year 9999: never due rather than a crash
        return dt.date.max
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(last_held: dt.date | None, started: dt.date | None, months: int, today: dt.date) -> dt.date:
    if last_held is not None:
        return add_months(last_held, months)
    if started is not None:
        return add_months(started, months)
    return today


async def intervals() -> dict[str, int]:
    """Months between two of each kind, as the agency set them."""
    values = await agency_settings.get_many(*INTERVAL_SETTING.values())
    return {str(kind): int(values[key]) for kind, key in INTERVAL_SETTING.items()}


async def due_soon_days() -> int:
    return int(await agency_settings.get(DUE_SOON_SETTING))


def status_of(held_on: dt.date | None, booked_on: dt.date | None, due_on: dt.date, today: dt.date,
              soon_days: int) -> str:
    """done, booked (a day and observer chosen), overdue, due (within the days ahead the agency
    lists), upcoming (later)."""
    if held_on is not None:
        return "done"
    if booked_on is not None:
        return "booked"
    if due_on < today:
        return "overdue"
    return "due" if due_on <= today + dt.timedelta(days=soon_days) else "upcoming"
