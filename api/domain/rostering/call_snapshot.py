"""A call and its assignments as the audit trail records them, before and after a change."""

from __future__ import annotations

from api.domain.tables import Assignment, Visit


async def call_snapshot(visit_id: int) -> dict:
    visit = await Visit.select().where(Visit.id == visit_id).output(load_json=True).first()
    visit["assignments"] = [
        {"carer_id": a["carer"], "planned_start": a["planned_start"], "locked": a["locked"]}
        for a in await Assignment.select().where(Assignment.visit == visit_id).order_by(Assignment.id)
    ]
    return visit
