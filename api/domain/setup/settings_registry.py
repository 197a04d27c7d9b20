"""Every setting a manager can change for the agency, declared once: key, type, default,
limits and the words the Settings screen shows. Each area of the product keeps its settings in
its own group section below; read a value with `await agency_settings.get(key)`.

Kinds: "int", "float", "bool", "str", "time" (HH:MM), "email", "json" (a structure checked by
`check`, which returns an error text or None). `secret` values are write-only: the API never
sends them back, only whether one is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class SettingSpec:
    key: str
    group: str
    label: str
    kind: str
    default: Any
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    secret: bool = False
    check: Callable[[Any], str | None] | None = field(default=None, compare=False)


GROUPS = {
    "rostering": "Rostering and publishing",
    "notifications": "Notifications and e-mail",
    "visits": "Visits and call records",
    "records": "Client and staff records",
    "reports": "Reports, pay and mileage",
    "urgent": "Urgent response and out of hours",
}

SETTINGS: list[SettingSpec] = [
    # --- rostering ---------------------------------------------------------------------------
    SettingSpec("show_unpublished_days_to_carers", "rostering", "Carers see days never published",
                "bool", False, "When a day has never been published, carers see its working rota "
                "(otherwise they see nothing for it until it is published)."),
    # --- notifications -----------------------------------------------------------------------
    SettingSpec("smtp_host", "notifications", "E-mail server (SMTP host)", "str", "",
                "Leave empty to send no e-mail."),
    SettingSpec("smtp_port", "notifications", "E-mail server port", "int", 587, minimum=1, maximum=65535),
    SettingSpec("smtp_starttls", "notifications", "Use STARTTLS", "bool", True),
    SettingSpec("smtp_username", "notifications", "E-mail user name", "str", ""),
    SettingSpec("smtp_password", "notifications", "E-mail password", "str", "", secret=True),
    SettingSpec("smtp_from", "notifications", "Send e-mail from", "email", "",
                "The sender address carers see, e.g. rota@agency.example"),
    # --- visits ------------------------------------------------------------------------------
    # --- records -----------------------------------------------------------------------------
    SettingSpec("geocoder_url", "records", "Address look-up service", "str", "",
                "The search address of a Nominatim (…/search) or Photon (…/api) service used to find "
                "a client's coordinates from their address. Leave empty: staff drop a pin on the map."),
    # --- reports -----------------------------------------------------------------------------
    # --- urgent ------------------------------------------------------------------------------
]


def by_key() -> dict[str, SettingSpec]:
    return {spec.key: spec for spec in SETTINGS}
