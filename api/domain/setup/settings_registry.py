"""Every setting a manager can change for the agency, declared once: key, type, default,
limits and the words the Settings screen shows. Each area of the product keeps its settings in
its own group section below; read a value with `await agency_settings.get(key)`.

Kinds: "int", "float", "bool", "str", "time" (HH:MM), "email", "json" (a structure checked by
`check`, which returns an error text or None). `secret` values are write-only: the API never
sends them back, only whether one is set.
"""

from __future__ import annotations

import re
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


def _time_or_empty(value: Any) -> str | None:
    if value == "" or re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        return None
    return "must be a time as HH:MM, or empty to turn it off"


GROUPS = {
    "rostering": "Rostering and publishing",
    "notifications": "Notifications and e-mail",
    "visits": "Visits and call records",
    "records": "Client and staff records",
    "reports": "Reports, pay and mileage",
    "urgent": "Urgent response and out of hours",
}

# --- reports: checks of the structured settings --------------------------------------------
_BANDS = ("21_and_over", "18_to_20", "under_18")


def _wage_default() -> list[dict]:
    return [{"band": b, "from": day, "rate": r} for day, rates in (
        ("2024-04-01", (11.44, 8.60, 6.40)), ("2025-04-01", (12.21, 10.00, 7.55)),
        ("2026-04-01", (12.71, 10.85, 8.00))) for b, r in zip(_BANDS, rates)]


def _check_wage_rates(value: Any) -> str | None:
    import datetime as dt
    if not isinstance(value, list) or not value:
        return "a list of {band, from, rate}"
    for i, r in enumerate(value):
        if not isinstance(r, dict) or r.get("band") not in _BANDS:
            return f"item {i}: band must be one of {', '.join(_BANDS)}"
        try:
            dt.date.fromisoformat(str(r.get("from")))
        except ValueError:
            return f"item {i}: 'from' must be a date as YYYY-MM-DD"
        if not isinstance(r.get("rate"), (int, float)) or not 0 < r["rate"] < 200:
            return f"item {i}: rate must be a number of pounds between 0 and 200"
    return None


def _check_funder_rates(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "an object of funder -> hourly rate"
    for funder, rate in value.items():
        if not isinstance(rate, (int, float)) or not 0 <= rate < 500:
            return f"{funder}: the rate must be a number of pounds between 0 and 500"
    return None


SETTINGS: list[SettingSpec] = [
    # --- rostering ---------------------------------------------------------------------------
    SettingSpec("show_unpublished_days_to_carers", "rostering", "Carers see days never published",
                "bool", False, "When a day has never been published, carers see its working rota "
                "(otherwise they see nothing for it until it is published)."),
    SettingSpec("rolling_rota_time", "rostering", "Roll the rota forward daily at", "str", "02:00",
                "Every day at this time (HH:MM, the agency's time zone) calls are made from client "
                "defaults for the next four weeks, each given its carer from the master rota. "
                "Leave empty to turn the daily roll off.", check=_time_or_empty),
    # The optimiser's weekly cap for a carer with contracted hours (rostering/planning.py): the
    # legal maximum, or their hours in force that week plus this, whichever is lower.
    SettingSpec("weekly_hours_over_contract", "rostering", "Most hours a week over contract", "float", 48,
                "The optimiser gives a carer with contracted hours at most their hours in force that "
                "week plus this many (never more than the working-time maximum). Zero-hours carers "
                "are held only to the maximum.", minimum=0, maximum=48),
    # Rest after nights (the optimiser's and the board's night_rest rule). The Working Time
    # Regulations give 11 consecutive hours of rest in each 24; a sleep-in on the premises is
    # working time there (though not for the minimum wage).
    SettingSpec("rest_after_waking_night_minutes", "rostering", "Rest after a waking night (minutes)", "int",
                660, "No other call for the carer until this long after a waking night ends.",
                minimum=0, maximum=24 * 60),
    SettingSpec("rest_after_sleep_in_minutes", "rostering", "Rest after a sleep-in (minutes)", "int", 660,
                "No other call for the carer until this long after a sleep-in ends.",
                minimum=0, maximum=24 * 60),
    # The optimiser's soft goals, each in minutes of travel it is worth (solver Weights: one unit
    # is one second of travel). Read by rostering/planning.py; `carerun bench` and each Optimise
    # draft show what the goals cost in travel against a travel-only plan.
    SettingSpec("goal_continuity_minutes", "rostering", "Optimiser: a visit by a regular carer is worth (minutes of travel)",
                "int", 2, "How much extra travel the optimiser may spend to send one of the client's regular "
                "carers rather than another. On the benchmark days the goals at their defaults cost at most "
                "about 4.5% more travel than a travel-only plan (2026-12-04; at 3 minutes, up to 6.4%).",
                minimum=0, maximum=120),
    SettingSpec("goal_gender_minutes", "rostering", "Optimiser: a client's gender wish is worth (minutes of travel)",
                "int", 60, "Extra travel the optimiser may spend per visit to respect a client's wish for a "
                "carer of one gender. On the benchmark days it met every wish for no measurable extra travel.",
                minimum=0, maximum=240),
    SettingSpec("goal_stability_minutes", "rostering", "Optimiser: keeping a call's current carer is worth (minutes of travel)",
                "int", 20, "Extra travel the optimiser may spend per call to leave it with the carer the "
                "working rota gives it (a re-plan changes as little as it can). At 50 a draft of the demo day "
                "kept every call where it was, and its travel with it.", minimum=0, maximum=240),
    SettingSpec("goal_hours_minutes", "rostering", "Optimiser: each hour away from a carer's target hours costs (minutes of travel)",
                "int", 0, "0 leaves carers' contracted hours out of the optimiser's aim. At 1 it cost 13% more "
                "travel on the benchmark's small day for no measurable gain in hours, so it is off by default.",
                minimum=0, maximum=120),
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
    # Call record flags (visits/call_flags.py); the reports judge calls by the same values.
    SettingSpec("late_after_minutes", "visits", "A call is late after (minutes)", "int", 15,
                "A check-in more than this many minutes after the planned start is late.",
                minimum=0, maximum=240),
    SettingSpec("short_call_under_percent", "visits", "A call is short under (% of planned)", "int", 75,
                "A call delivered under this share of its planned length is flagged short.",
                minimum=1, maximum=100),
    SettingSpec("left_early_minutes", "visits", "Left early by more than (minutes)", "int", 10,
                "A carer who checked out this much before the planned length was delivered (and the "
                "call is not short) is flagged as leaving early.", minimum=1, maximum=240),
    SettingSpec("phone_in_margin_minutes", "visits", "Phoning in is due (minutes after the last call)", "int", 30,
                "A carer who has not ended their shift this long after their last call's planned end "
                "shows as overdue on the Phoning in screen.", minimum=0, maximum=600),
    SettingSpec("dose_late_after_minutes", "visits", "A dose is late after (minutes)", "int", 60,
                "A dose given or prompted more than this many minutes after its call's planned start "
                "is listed as late among the medication exceptions.", minimum=0, maximum=480),
    SettingSpec("complaint_acknowledge_days", "visits", "Acknowledge a complaint within (days)", "int", 3,
                minimum=1, maximum=60),
    SettingSpec("complaint_respond_days", "visits", "Respond to a complaint within (days)", "int", 20,
                minimum=1, maximum=120),
    # --- records -----------------------------------------------------------------------------
    SettingSpec("geocoder_url", "records", "Address look-up service", "str", "",
                "The search address of a Nominatim (…/search) or Photon (…/api) service used to find "
                "a client's coordinates from their address. Leave empty: staff drop a pin on the map."),
    # Supervisions, spot checks and appraisals (people/supervision/schedule.py): each falls due
    # this long after the last one held, the first after the carer's start date.
    SettingSpec("supervision_every_months", "records", "Supervision every (months)", "int", 3,
                "A carer's next supervision falls due this long after the last one held (the first: "
                "this long after their start date).", minimum=1, maximum=24),
    SettingSpec("spot_check_every_months", "records", "Spot check every (months)", "int", 6,
                "A direct observation of the carer at a call, this long after the last one.",
                minimum=1, maximum=24),
    SettingSpec("appraisal_every_months", "records", "Appraisal every (months)", "int", 12,
                minimum=1, maximum=36),
    SettingSpec("supervision_due_soon_days", "records", "List supervisions as due (days ahead)", "int", 30,
                "Supervisions, spot checks and appraisals falling due within this many days show on "
                "the due list (overdue ones always do).", minimum=0, maximum=180),
    # --- reports -----------------------------------------------------------------------------
    # Read through api/domain/reports/report_settings.py (defaults: its DEFAULTS).
    SettingSpec("downtime_gap_minutes", "reports", "Downtime: idle gaps between calls longer than (minutes)",
                "int", 60, "Shown on the contract and downtime report as time to fill.", minimum=15, maximum=600),
    SettingSpec("split_shift_gap_minutes", "reports", "... and up to (minutes); longer is a split shift",
                "int", 180, minimum=30, maximum=1440),
    SettingSpec("mileage_rate_per_mile", "reports", "Mileage paid per mile (£)", "float", 0.45,
                minimum=0, maximum=5),
    SettingSpec("pay_hourly_rate", "reports", "Carers' hourly rate for call time (£)", "float", 13.25,
                "Paid for the planned length of each call attended.", minimum=0, maximum=200),
    SettingSpec("sleep_in_allowance", "reports", "Sleep-in allowance per night (£)", "float", 60.0,
                "A flat sum for each sleep-in; time woken up and working (recorded by the carer) is "
                "paid at the hourly rate on top. A waking night is paid hourly for its whole span.",
                minimum=0, maximum=1000),
    SettingSpec("pay_travel_time", "reports", "Travel between calls is paid", "bool", True),
    SettingSpec("pay_travel_hourly_rate", "reports", "Hourly rate for travel time (£)", "float", 13.25,
                minimum=0, maximum=200),
    SettingSpec("minimum_wage_rates", "reports", "National Living / Minimum Wage by age band", "json",
                _wage_default(), "Each rate with the date it takes effect: "
                '[{"band": "21_and_over" | "18_to_20" | "under_18", "from": "YYYY-MM-DD", "rate": 12.71}, ...]',
                check=_check_wage_rates),
    SettingSpec("funder_hourly_rates", "reports", "What each funder pays per delivered hour (£)", "json",
                {"local_authority": 24.50, "nhs_chc": 27.00, "private": 29.00},
                'e.g. {"local_authority": 24.5, "nhs_chc": 27, "private": 29}', check=_check_funder_rates),
    # --- urgent ------------------------------------------------------------------------------
    SettingSpec("urgent_offer_timeout_seconds", "urgent", "Time a carer has to answer an urgent call",
                "int", 300, "Seconds; with no answer by then the next carer on the list is asked.",
                minimum=1, maximum=3600),
    SettingSpec("urgent_target_minutes", "urgent", "Urgent response target", "int", 60,
                "Minutes from the request to a carer at the door (the response report's target).",
                minimum=5, maximum=24 * 60),
    SettingSpec("urgent_handover_minutes", "urgent", "Hand a call on when made this late", "int", 30,
                "A planned call an urgent visit would make later than this past its window is "
                "proposed for another carer.", minimum=0, maximum=24 * 60),
    SettingSpec("out_of_hours_starts", "urgent", "Out of hours starts", "time", "17:00"),
    SettingSpec("out_of_hours_ends", "urgent", "Out of hours ends (next morning)", "time", "08:00"),
]


def by_key() -> dict[str, SettingSpec]:
    return {spec.key: spec for spec in SETTINGS}
