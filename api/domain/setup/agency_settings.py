"""The agency's settings, stored in the database so that a manager changes them on the Settings
screen without a restart, and every server process and worker sees the change at once.

Declare a setting in settings_registry.py (its area's group), then read it where needed:

    from api.domain.setup import agency_settings
    late_after = await agency_settings.get("late_after_minutes")

A key never saved has its declared default. Values are stored as {"v": value} so that a number,
a text and a structure all round-trip through the JSON column alike. `update` checks every value first (400 naming the
key and the reason; nothing is saved unless all are valid) and audits the change.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from api.domain.setup.settings_registry import GROUPS, SettingSpec, by_key
from api.domain.shared import audit
from api.domain.shared.common import invalid_many
from api.domain.tables import AgencySetting

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _spec(key: str) -> SettingSpec:
    spec = by_key().get(key)
    if spec is None:
        raise KeyError(f"no agency setting {key!r} is declared in settings_registry.py")
    return spec


async def get(key: str) -> Any:
    """The current value of one setting (its default when never saved)."""
    spec = _spec(key)
    row = await AgencySetting.select(AgencySetting.value).where(
        AgencySetting.key == key).output(load_json=True).first()
    return spec.default if row is None else row["value"]["v"]


async def get_many(*keys: str) -> dict[str, Any]:
    """Several settings in one query."""
    specs = [_spec(key) for key in keys]
    rows = await AgencySetting.select(AgencySetting.key, AgencySetting.value).where(
        AgencySetting.key.is_in(list(keys))).output(load_json=True) if keys else []
    saved = {row["key"]: row["value"]["v"] for row in rows}
    return {spec.key: saved.get(spec.key, spec.default) for spec in specs}


async def describe() -> list[dict]:
    """Every setting with its current value, grouped for the Settings screen; secrets show only
    whether they are set."""
    rows = await AgencySetting.select(
        AgencySetting.key, AgencySetting.value, AgencySetting.updated_at,
        AgencySetting.updated_by.display_name.as_alias("updated_by_name"),
    ).output(load_json=True)
    saved = {row["key"]: row for row in rows}
    out = []
    for spec in by_key().values():
        row = saved.get(spec.key)
        value = spec.default if row is None else row["value"]["v"]
        out.append({
            "key": spec.key, "group": spec.group, "group_label": GROUPS.get(spec.group, spec.group),
            "label": spec.label, "help": spec.help, "kind": spec.kind,
            "value": None if spec.secret else value,
            "is_set": bool(value) if spec.secret else None,
            "default": None if spec.secret else spec.default,
            "minimum": spec.minimum, "maximum": spec.maximum,
            "changed_by": row["updated_by_name"] if row else None,
            "changed_at": row["updated_at"] if row else None,
        })
    return out


def _checked(spec: SettingSpec, value: Any) -> tuple[Any, str | None]:
    """The value in its stored form, or an error text."""
    if value is None:
        return spec.default, None  # null puts the default back
    kind = spec.kind
    if kind == "bool":
        return (value, None) if isinstance(value, bool) else (None, "must be true or false")
    if kind in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None, "must be a number"
        if kind == "int" and float(value) != int(value):
            return None, "must be a whole number"
        value = int(value) if kind == "int" else float(value)
        if spec.minimum is not None and value < spec.minimum:
            return None, f"must be at least {spec.minimum:g}"
        if spec.maximum is not None and value > spec.maximum:
            return None, f"must be at most {spec.maximum:g}"
        return value, None
    if kind in ("str", "time", "email"):
        if not isinstance(value, str):
            return None, "must be text"
        value = value.strip()
        if len(value) > 500:
            return None, "must be at most 500 characters"
        if kind == "time" and not _HHMM.match(value):
            return None, "must be a time as HH:MM"
        if kind == "email" and value and not _EMAIL.match(value):
            return None, "must be an e-mail address"
    if spec.check is not None:
        error = spec.check(value)
        if error:
            return None, error
    return value, None


async def update(changes: dict[str, Any], actor_id: int | None) -> list[dict]:
    """Save several settings at once, all or none; returns the settings as `describe` does."""
    specs = by_key()
    errors: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for key, raw in changes.items():
        spec = specs.get(key)
        if spec is None:
            errors.append((key, "is not a setting"))
            continue
        value, error = _checked(spec, raw)
        if error:
            errors.append((key, error))
        else:
            values[key] = value
    if errors:
        raise invalid_many(errors)
    now = dt.datetime.now(dt.timezone.utc)
    for key, value in values.items():
        before = await get(key)
        if before == value:
            continue
        existing = await AgencySetting.exists().where(AgencySetting.key == key)
        if existing:
            await AgencySetting.update({AgencySetting.value: {"v": value}, AgencySetting.updated_by: actor_id,
                                        AgencySetting.updated_at: now}).where(AgencySetting.key == key)
        else:
            await AgencySetting.insert(AgencySetting(key=key, value={"v": value}, updated_by=actor_id, updated_at=now))
        secret = specs[key].secret
        await audit.record(actor_id, "agency_setting", key, "update",
                           {"value": "(hidden)" if secret else before},
                           {"value": "(hidden)" if secret else value})
    return await describe()
