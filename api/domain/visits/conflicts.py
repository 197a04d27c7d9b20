"""Actions that arrive after their call was cancelled or given to another carer.

They are kept, never dropped: one `sync_conflict` row per client UUID (its unique key makes
concurrent replays one record), plus an audit event (`sync_conflict`, entity_id
"<visit id>:<client uuid>") for the audit trail. The office sees them under the call's logs.
"""

from __future__ import annotations

import msgspec

from api.domain.rostering.runs import carer_is_assigned
from api.domain.shared import audit
from api.domain.shared.common import ConflictException
from api.domain.tables import SyncConflict
from api.domain.visits.fields import now

CONFLICT_ENTITY = "sync_conflict"


class KeptConflict(msgspec.Struct):
    """An action that arrived after the call changed hands or was cancelled: kept for the office."""

    client_uuid: str
    kind: str
    carer_id: int | None
    reason: str
    explanation: str
    submitted: dict
    received_at: str


async def stored_conflict(uid: str) -> dict | None:
    return await SyncConflict.select().where(SyncConflict.client_uuid == uid).output(load_json=True).first()


async def conflicts_for_visit(visit_id: int) -> list[KeptConflict]:
    rows = await SyncConflict.select().where(SyncConflict.visit == visit_id).output(
        load_json=True).order_by(SyncConflict.id)
    return [KeptConflict(
        client_uuid=r["client_uuid"], kind=r["kind"], carer_id=r["carer"], reason=r["reason"],
        explanation=r["explanation"], submitted=r["submitted"] or {},
        received_at=r["received_at"].isoformat(),
    ) for r in rows]


def conflict_exception(kept: dict) -> ConflictException:
    return ConflictException(detail=kept["explanation"] or "this call changed while you were offline",
                             extra={"reason": kept["reason"], "visit_id": kept["visit"],
                                    "kept": True, "client_uuid": kept["client_uuid"]})


async def conflict_reason(visit: dict, carer_id: int) -> tuple[str, str] | None:
    """Why this carer's action no longer fits the call (reason code, words for the carer)."""
    if visit["status"] == "cancelled":
        return "cancelled", (
            f"The call on {visit['date'].isoformat()} was cancelled while you were offline. "
            "What you recorded is kept for the office; phone the office if you were there.")
    if not await carer_is_assigned(carer_id, visit["id"]):
        return "reassigned", (
            f"The call on {visit['date'].isoformat()} is no longer yours: it was given to another "
            "carer. What you recorded is kept for the office; phone the office to confirm who went.")
    return None


async def keep_conflict(actor_id: int, visit_id: int, carer_id: int, uid: str, kind: str,
                        reason: tuple[str, str], submitted: dict) -> dict:
    """Store the action for the office (inside the caller's transaction); returns the row."""
    code, explanation = reason
    received = now()
    await SyncConflict.insert(SyncConflict(
        client_uuid=uid, visit=visit_id, carer=carer_id, actor=actor_id, kind=kind, reason=code,
        explanation=explanation, submitted=submitted, received_at=received))
    await audit.record(actor_id, CONFLICT_ENTITY, f"{visit_id}:{uid}", kind, None, {
        "visit_id": visit_id, "carer_id": carer_id, "reason": code, "explanation": explanation,
        "submitted": submitted, "received_at": received.isoformat()})
    return await stored_conflict(uid)
