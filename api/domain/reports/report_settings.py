"""The agency settings the reports read: declared in the settings registry's reports group
(`api.domain.setup.settings_registry`), changed by a manager on the Settings screen. Money is in
pounds; minimum wage rates carry the date they take effect from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.domain.setup import agency_settings
from api.domain.visits.call_flags import LATE_AFTER_MINUTES, SHORT_UNDER_PERCENT

# The call flag thresholds are the visits area's settings (shared with the call records);
# until they are declared in the settings registry these defaults apply.
DEFAULTS: dict[str, Any] = {
    "late_after_minutes": LATE_AFTER_MINUTES,
    "short_call_under_percent": SHORT_UNDER_PERCENT,
}


async def setting(key: str) -> Any:
    """The agency's value for `key` (its declared default when never saved)."""
    try:
        return await agency_settings.get(key)
    except KeyError:  # not declared in the registry (yet): the call flags' defaults
        return DEFAULTS[key]


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
