"""The agency's settings: staff read them, managers change them (Settings screen)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, get, put
from litestar.params import JSONBody

from api.auth import manager_guard, planner_guard
from api.domain.setup import agency_settings


class SettingOut(msgspec.Struct):
    key: str
    group: str
    group_label: str
    label: str
    help: str
    kind: str
    value: Any
    is_set: bool | None
    default: Any
    minimum: float | None
    maximum: float | None
    changed_by: str | None
    changed_at: dt.datetime | None


class SettingsChange(msgspec.Struct):
    values: dict[str, Any]


class SettingsController(Controller):
    path = "/settings"
    tags = ["settings"]

    @get("/", operation_id="listAgencySettings", guards=[planner_guard])
    async def list_settings(self) -> list[SettingOut]:
        """Every agency setting with its current value (secrets: only whether one is set)."""
        return [SettingOut(**row) for row in await agency_settings.describe()]

    @put("/", operation_id="updateAgencySettings", guards=[manager_guard])
    async def update_settings(self, request: Request, data: JSONBody[SettingsChange]) -> list[SettingOut]:
        """Change several settings at once: all are checked first, none saved unless all are
        valid (400 naming each key and why). `null` puts a setting back to its default."""
        rows = await agency_settings.update(data.values, request.user.id)
        return [SettingOut(**row) for row in rows]
