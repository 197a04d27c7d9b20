"""Cover: taking an absent carer off their unstarted calls so the calls need cover, and
the calls an absence would leave uncovered."""

from __future__ import annotations

import datetime as dt

from api.domain.rostering.call_snapshot import call_snapshots
from api.domain.rostering.runs import RunCall, assignments_for
from api.domain.shared import audit
from api.domain.shared.db import is_postgres
from api.domain.shared.locks import lock_visits
from api.domain.tables import Assignment, Visit, VisitLog


async def release_carer_calls(carer_id: int, start: dt.date, end: dt.date, reason: str,
                              actor_id: int | None, only_visits: list[int] | None = None) -> list[int]:
    """Take a carer off their unstarted calls between two dates so the calls need cover.

    Call this inside the caller's write transaction. Calls already checked in stay with the
    carer; on PostgreSQL the calls are held first so a check-in cannot slip in between.
    `only_visits` limits it to those calls (a training session releases only the calls in its
    hours). Returns the ids of the released calls.
    """
    if is_postgres():
        await lock_visits([r["visit"] for r in await Assignment.select(Assignment.visit).where(
            (Assignment.carer == carer_id) & (Assignment.visit.date >= start) & (Assignment.visit.date <= end))])
    rows = await Assignment.select(Assignment.id, Assignment.visit).where(
        (Assignment.carer == carer_id) & (Assignment.visit.date >= start) & (Assignment.visit.date <= end)
        & (Assignment.visit.status == "planned")
    )
    if only_visits is not None:
        rows = [r for r in rows if r["visit"] in set(only_visits)]
    started = {r["visit"] for r in await VisitLog.select(VisitLog.visit).where(
        VisitLog.visit.is_in([r["visit"] for r in rows] or [-1]) & (VisitLog.kind == "check_in"))}
    rows = [r for r in rows if r["visit"] not in started]
    released = [r["visit"] for r in rows]
    if not rows:
        return released
    # A fixed handful of queries however many calls: this runs under the SQLite write lock.
    before = await call_snapshots(released)
    await Assignment.delete().where(Assignment.id.is_in([r["id"] for r in rows]))
    await Visit.update({Visit.version: Visit.version + 1}).where(Visit.id.is_in(released))
    events = []
    for visit_id in released:
        was = before[visit_id]
        after = {**was, "version": was["version"] + 1,
                 "assignments": [a for a in was["assignments"] if a["carer_id"] != carer_id],
                 "reason": reason, "released_carer_id": carer_id}
        events.append((visit_id, was, after))
    await audit.record_many(actor_id, "visit", "release", events)
    return released


async def calls_needing_cover(carer_id: int, start: dt.date, end: dt.date) -> list[RunCall]:
    """A carer's unstarted calls in a date range: what their absence would leave uncovered."""
    return [c for c in await assignments_for([carer_id], start, end) if c.status == "planned"]
