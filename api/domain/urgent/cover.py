"""After an urgent call is accepted: the planned calls it pushes later than the agency allows
are taken off the carer and a Find cover job re-plans them, which the planner reviews,
applies and publishes as usual."""

from __future__ import annotations

from api.domain.rostering import jobs
from api.domain.rostering.call_snapshot import call_snapshots
from api.domain.rostering.planning import build_problem, current_plan
from api.domain.setup import agency_settings
from api.domain.shared import audit
from api.domain.shared.common import ConflictException
from api.domain.shared.db import write_transaction
from api.domain.tables import Assignment, UrgentOffer, Visit
from api.domain.urgent.requests import load
from api.solver.travel import TravelTable


async def calls_to_hand_over(request: dict) -> dict[int, list[int]]:
    """Per accepted carer, the planned calls after the urgent one that would start later than
    their window allows by more than the agency's hand-over margin."""
    visit = await Visit.select().where(Visit.id == request["visit"]).first()
    problem, _ = await build_problem(visit["date"])
    plan = await current_plan(visit["date"], problem)
    calls = {c.id: c for c in problem.calls}
    margin = int(await agency_settings.get("urgent_handover_minutes")) * 60
    carers = {c.id: c for c in problem.carers}
    accepted = [r["carer"] for r in await UrgentOffer.select(UrgentOffer.carer).where(
        (UrgentOffer.request == request["id"]) & (UrgentOffer.status == "accepted"))]
    out: dict[int, list[int]] = {}
    for carer_id in accepted:
        for run in plan.runs:
            ids = [s.call_id for s in run.stops]
            if run.carer_id != str(carer_id) or str(visit["id"]) not in ids:
                continue
            at = ids.index(str(visit["id"]))
            urgent = run.stops[at]
            mode = carers[run.carer_id].transport if run.carer_id in carers else "car"
            ahead = run.stops[at + 1:]
            table = TravelTable(problem.travel, [calls[s.call_id].location for s in run.stops[at:]])
            t, where = urgent.end, calls[urgent.call_id].location
            for stop in ahead:
                call = calls[stop.call_id]
                start = max(t + table.seconds(mode, where, call.location), stop.start)
                if start > call.latest + margin and call.started_at is None:
                    out.setdefault(carer_id, []).append(int(stop.call_id))
                t, where = start + call.duration, call.location
    return out


async def propose_cover(request_id: int, actor_id: int | None) -> dict:
    """Release the calls to hand over and start Find cover for the day; the job's draft is the
    proposal (nothing reaches carers until the planner applies and publishes it)."""
    request = await load(request_id)
    if request["visit"] is None:
        raise ConflictException(detail="no carer has accepted yet")
    hand_over = await calls_to_hand_over(request)
    released = []
    async with write_transaction():
        before = await call_snapshots([v for ids in hand_over.values() for v in ids])
        for carer_id, visit_ids in hand_over.items():
            await Assignment.delete().where((Assignment.carer == carer_id) & Assignment.visit.is_in(visit_ids))
            await Visit.update({Visit.version: Visit.version + 1}).where(Visit.id.is_in(visit_ids))
            released += visit_ids
            await audit.record_many(actor_id, "visit", "release", [
                (v, before[v], {**before[v], "reason": f"urgent request {request_id}", "released_carer_id": carer_id})
                for v in visit_ids])
    visit = await Visit.select(Visit.date).where(Visit.id == request["visit"]).first()
    job = await jobs.start_job("cover", visit["date"], visit["date"], actor_id) if released else None
    return {"released_call_ids": released, "job": None if job is None else {
        "id": job["id"], "status": job["status"], "kind": job["kind"]}}
