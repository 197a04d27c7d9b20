"""What every report is asked for: a date range and the filters (carer, client, town, funder)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from api.domain.shared.choices import Funder
from api.domain.shared.common import invalid, week_start

MAX_DAYS = 400  # a year and a bit: longer ranges are refused rather than left to time out
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)  # beyond: no agency's records


def check_date(field: str, day: dt.date) -> dt.date:
    if not EARLIEST <= day <= LATEST:
        raise invalid(field, f"{day} is outside {EARLIEST.year}-{LATEST.year}")
    return day


@dataclass(frozen=True)
class ReportFilters:
    date_from: dt.date
    date_to: dt.date  # inclusive
    carer_id: int | None = None
    client_id: int | None = None
    town: str | None = None
    funder: str | None = None

    def __post_init__(self) -> None:
        check_date("from", self.date_from)
        check_date("to", self.date_to)
        if self.date_to < self.date_from:
            raise invalid("to", f"the end {self.date_to} is before the start {self.date_from}")
        if (self.date_to - self.date_from).days >= MAX_DAYS:
            raise invalid("to", f"a report covers at most {MAX_DAYS} days")
        if self.funder is not None and self.funder not in {f.value for f in Funder}:
            raise invalid("funder", f"'{self.funder}' is not one of {', '.join(f.value for f in Funder)}")

    def days(self) -> list[dt.date]:
        return [self.date_from + dt.timedelta(days=i) for i in range((self.date_to - self.date_from).days + 1)]

    def weeks(self) -> list[dt.date]:
        """The Mondays of the weeks the range touches."""
        return sorted({week_start(d) for d in self.days()})


def default_range(today: dt.date, weeks: int = 4) -> tuple[dt.date, dt.date]:
    """The last `weeks` whole weeks up to yesterday (reports look back)."""
    end = today - dt.timedelta(days=1)
    return end - dt.timedelta(days=7 * weeks - 1), end
