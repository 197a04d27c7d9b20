"""The agency settings the visit records read (declared in setup/settings_registry.py, group
"visits"; a manager changes them on the Settings screen). The call flag keys are the ones the
reports read, so both judge a call alike."""

from __future__ import annotations

from typing import Any

from api.domain.setup import agency_settings


async def setting(key: str) -> Any:
    return await agency_settings.get(key)
