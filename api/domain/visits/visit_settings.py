"""The agency settings the visit records read (call flags, phoning in), with their defaults.

The values live in the agency settings store (`api.domain.setup.agency_settings`, a manager
changes them); until that store is on main, or for a key it does not hold, the defaults below
apply. The call flag keys are the ones the reports read, so both judge a call alike.
"""

from __future__ import annotations

from typing import Any

from api.domain.visits.call_flags import LATE_AFTER_MINUTES, LEFT_EARLY_MINUTES, SHORT_UNDER_PERCENT

DEFAULTS: dict[str, Any] = {
    "late_after_minutes": LATE_AFTER_MINUTES,
    "short_call_under_percent": SHORT_UNDER_PERCENT,
    "left_early_minutes": LEFT_EARLY_MINUTES,
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
