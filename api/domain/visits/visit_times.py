"""Plausibility of the times a carer's phone reports at a call.

A check-in or check-out must fall on the call's date in the agency's time zone, and cannot be
sent before that day; a call runs on past midnight (a late call, a sleep-in, a waking night), so a
check-out may be on the next day, and so may a check-in to a call planned to end after midnight; a phone clock far from the server's receive time is stored with a flag
(offline replays arrive late by nature, so this is for the office to judge, not a refusal); a
check-out before the check-in is refused; a call much shorter or longer than planned is flagged.
"""

from __future__ import annotations

import datetime as dt

from api.domain.shared.choices import CallLength
from api.domain.shared.common import agency_date, agency_zone, invalid
from api.settings import get_settings

WHAT = {"check_in": "A check-in", "check_out": "A check-out"}


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _clock(moment: dt.datetime) -> str:
    return moment.astimezone(agency_zone()).strftime("%H:%M")


def check_on_call_date(kind: str, device_time: dt.datetime, received: dt.datetime, call_date: dt.date,
                       ends_after_midnight: bool = False) -> None:
    """400 naming `device_time` when a check-in or check-out is not on the call's date (or the
    morning after, for a check-out, or a check-in to a call planned to end after midnight)."""
    if kind not in WHAT:
        return
    if agency_date(received) < call_date:
        raise invalid("device_time", f"{WHAT[kind]} for a call on {_day(call_date)} cannot be sent "
                                     f"before that day")
    day = agency_date(device_time)
    next_day_ok = kind == "check_out" or ends_after_midnight
    if day == call_date or (next_day_ok and day == call_date + dt.timedelta(days=1)):
        return
    after = " or the next morning" if next_day_ok else ""
    raise invalid("device_time", f"{WHAT[kind]} must be on the call's date ({_day(call_date)}){after}; "
                                 f"the phone's time is {_day(day)}")


def device_time_off(device_time: dt.datetime, received: dt.datetime) -> bool:
    tolerance = dt.timedelta(minutes=get_settings().agency.device_clock_tolerance_minutes)
    return abs(received - device_time) > tolerance


def check_out_after_check_in(check_out: dt.datetime, check_in: dt.datetime | None) -> None:
    if check_in is not None and check_out < check_in:
        raise invalid("device_time", f"the check-out time {_clock(check_out)} is before your "
                                     f"check-in at {_clock(check_in)}")


def call_length(check_in: dt.datetime | None, check_out: dt.datetime, planned_minutes: int) -> CallLength:
    """Short or long against the planned duration (agency settings), else as planned."""
    if check_in is None or planned_minutes <= 0:
        return CallLength.AS_PLANNED
    agency = get_settings().agency
    share = (check_out - check_in).total_seconds() / 60 / planned_minutes * 100
    if share < agency.short_call_percent:
        return CallLength.SHORT
    if share > agency.long_call_percent:
        return CallLength.LONG
    return CallLength.AS_PLANNED
