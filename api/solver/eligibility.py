"""Static reasons a carer cannot take a call, whatever else is planned."""

from __future__ import annotations

from .model import Call, Carer, Problem, Shift
from .travel import TravelTable

ABSENT = "absent"
SKILLS = "skills"
EXCLUDED = "excluded"
PINNED = "pinned"
SHIFT = "shift"
HOURS = "hours"


def carer_reason(problem: Problem, call: Call, carer: Carer) -> str | None:
    """Why ``carer`` can never take ``call`` today (ignoring time), or None."""
    if carer.absent:
        return ABSENT
    if call.pinned and carer.id not in call.pinned and len(call.pinned) >= call.carers_required:
        return PINNED
    if not set(call.skills) <= set(carer.skills):
        return SKILLS
    if call.client_id in carer.excluded_clients:
        return EXCLUDED
    if not _hours_left(carer, call.duration):
        return HOURS
    return None


def against_wish(carer: Carer, call: Call) -> bool:
    """Is ``carer`` of a gender the client asked not to have? (A soft cost, never a bar.)"""
    return bool(call.gender_preference and carer.gender and carer.gender != call.gender_preference)


def shift_fits(problem: Problem, table: TravelTable, call: Call, carer: Carer, shift: Shift) -> bool:
    """Could the shift reach the call within its window and get home in time?"""
    go = table.seconds(carer.transport, carer.start_location, call.location)
    back = table.seconds(carer.transport, call.location, carer.home_end)
    if call.started_at is not None:
        return shift.start <= call.started_at and call.started_at + call.duration + back <= shift.end
    latest = call.latest + problem.max_lateness(call)
    start = max(call.earliest, shift.start + go)
    return start <= latest and start + call.duration + back <= shift.end


def _hours_left(carer: Carer, seconds: int) -> bool:
    if carer.daily_cap is not None and seconds > carer.daily_cap:
        return False
    if carer.weekly_cap is not None and carer.worked_week + seconds > carer.weekly_cap:
        return False
    return True
