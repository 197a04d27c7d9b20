"""Spot checks on calls: the coming calls of a carer an observer can join, the check that a
call booked for a spot check is one of that carer's, and the calls' words for lists."""

from __future__ import annotations

import datetime as dt

import msgspec

from api.domain.shared.choices import VisitStatus
from api.domain.shared.common import invalid, minutes_to_hhmm
from api.domain.tables import Assignment

LOOK_AHEAD_DAYS = 28


class CallOut(msgspec.Struct):
    visit_id: int
    date: dt.date
    start: str  # the carer's planned start, HH:MM
    client_name: str
    status: str


def _assignments():
    return Assignment.select(Assignment.visit, Assignment.carer, Assignment.planned_start,
                             Assignment.visit.date.as_alias("date"), Assignment.visit.status.as_alias("status"),
                             Assignment.visit.client.name.as_alias("client_name"))


def _call(row: dict) -> CallOut:
    return CallOut(row["visit"], row["date"], minutes_to_hhmm(row["planned_start"]), row["client_name"], row["status"])


async def coming_calls(carer_id: int, today: dt.date, days: int = LOOK_AHEAD_DAYS) -> list[CallOut]:
    """The carer's calls from today on (working rota), not cancelled: the ones a spot check can join."""
    rows = await _assignments().where(
        (Assignment.carer == carer_id) & (Assignment.visit.date >= today)
        & (Assignment.visit.date <= today + dt.timedelta(days=days))
        & (Assignment.visit.status != VisitStatus.CANCELLED)
    ).order_by(Assignment.visit.date).order_by(Assignment.planned_start)
    return [_call(r) for r in rows]


async def calls_of(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], CallOut]:
    """(visit id, carer id) -> the call as that carer has it, for the calls that still have them."""
    if not pairs:
        return {}
    rows = await _assignments().where(Assignment.visit.is_in(sorted({v for v, _ in pairs})))
    return {(r["visit"], r["carer"]): _call(r) for r in rows if (r["visit"], r["carer"]) in pairs}


async def call_for_spot_check(visit_id: int, carer_id: int, carer_name: str, today: dt.date,
                              coming: bool) -> CallOut:
    """The call a spot check of this carer is booked on; 400 naming visit_id when it is not
    one of theirs, is cancelled, or (when booking, `coming`) has already gone by."""
    calls = await calls_of({(visit_id, carer_id)})
    call = calls.get((visit_id, carer_id))
    if call is None:
        raise invalid("visit_id", f"call {visit_id} is not one of {carer_name}'s calls")
    if call.status == VisitStatus.CANCELLED:
        raise invalid("visit_id", f"call {visit_id} is cancelled")
    if coming and call.date < today:
        raise invalid("visit_id", f"call {visit_id} was on {call.date}: book a spot check on a coming call")
    return call
