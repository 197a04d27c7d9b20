"""The agency settings the reports read, with their defaults.

The values live in the agency settings store (`api.domain.setup.agency_settings`, a manager
changes them); until that store is on main, or for a key it does not hold, the defaults below
apply. Money is in pounds; rates carry the date they take effect from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.domain.visits.call_flags import LATE_AFTER_MINUTES, SHORT_UNDER_PERCENT

DEFAULTS: dict[str, Any] = {
    "late_after_minutes": LATE_AFTER_MINUTES,
    "short_call_under_percent": SHORT_UNDER_PERCENT,
    "downtime_gap_minutes": 60,  # an idle gap between calls longer than this is downtime
    "split_shift_gap_minutes": 180,  # ... up to this long; longer is a split shift (time off)
    "mileage_rate_per_mile": 0.45,  # what the agency pays per mile claimed
    "pay_hourly_rate": 12.75,  # carers' hourly rate for time at calls
    "pay_travel_time": True,  # is travel between calls paid?
    "pay_travel_hourly_rate": 12.75,
    # The National Living Wage and National Minimum Wage by age band, with effective dates.
    "minimum_wage_rates": [
        {"band": "21_and_over", "from": "2024-04-01", "rate": 11.44},
        {"band": "18_to_20", "from": "2024-04-01", "rate": 8.60},
        {"band": "under_18", "from": "2024-04-01", "rate": 6.40},
        {"band": "21_and_over", "from": "2025-04-01", "rate": 12.21},
        {"band": "18_to_20", "from": "2025-04-01", "rate": 10.00},
        {"band": "under_18", "from": "2025-04-01", "rate": 7.55},
        {"band": "21_and_over", "from": "2026-04-01", "rate": 12.71},
        {"band": "18_to_20", "from": "2026-04-01", "rate": 10.85},
        {"band": "under_18", "from": "2026-04-01", "rate": 8.00},
    ],
    # What each funder pays per delivered hour (the invoice export).
    "funder_hourly_rates": {"local_authority": 24.50, "nhs_chc": 27.00, "private": 29.00},
}


async def setting(key: str) -> Any:
    """The agency's value for `key`, or the default when the store has none."""
    try:
        from api.domain.setup import agency_settings  # the lead's settings store
    except ImportError:
        return DEFAULTS[key]
    try:
        value = await agency_settings.get(key)
    except KeyError:
        return DEFAULTS[key]
    return DEFAULTS[key] if value is None else value


def minimum_wage_on(rates: list[dict], band: str, day: dt.date) -> float | None:
    """The rate in force for an age band on a date: the latest one whose `from` is not after it."""
    best: tuple[str, float] | None = None
    for r in rates:
        if r["band"] == band and r["from"] <= day.isoformat() and (best is None or r["from"] > best[0]):
            best = (r["from"], float(r["rate"]))
    return best[1] if best else None


def age_band(birth_date: dt.date | None, on: dt.date) -> str:
    """The pay band of a carer on a date; unknown birth dates are taken as 21 and over."""
    if birth_date is None:
        return "21_and_over"
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return "21_and_over" if age >= 21 else "18_to_20" if age >= 18 else "under_18"
