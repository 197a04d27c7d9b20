"""A call and its assignments as the audit trail records them, before and after a change."""

from __future__ import annotations

from api.domain.tables import Assignment, Visit


async def call_snapshot(visit_id: int) -> dict:
    return (await call_snapshots([visit_id]))[visit_id]


async def call_snapshots(visit_ids: list[int]) -> dict[int, dict]:
    """Snapshots of many calls in two queries (one for the calls, one for their assignments)."""
    if not visit_ids:
        return {}
    visits = {v["id"]: {**v, "assignments": []} for v in await Visit.select().where(
        Visit.id.is_in(visit_ids)).output(load_json=True)}
    for a in await Assignment.select().where(Assignment.visit.is_in(visit_ids)).order_by(Assignment.id):
        visits[a["visit"]]["assignments"].append(
            {"carer_id": a["carer"], "planned_start": a["planned_start"], "locked": a["locked"]})
    return visits
