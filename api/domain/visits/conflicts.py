"""Actions that arrive after their call was cancelled or given to another carer.

They are kept, never dropped: an audit event (`sync_conflict`) whose entity_id is
"<visit id>:<client uuid>", so it can be found both by the UUID (replays get the same 409)
and by the call (the office's view of the call).
"""

from __future__ import annotations

import msgspec

from api.domain.rostering.runs import carer_is_assigned
from api.domain.shared import audit
from api.domain.shared.common import ConflictException
from api.domain.tables import AuditEvent

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
    return await AuditEvent.select().where(
        (AuditEvent.entity == CONFLICT_ENTITY) & (AuditEvent.entity_id.like(f"%:{uid}"))
    ).output(load_json=True).first()


async def conflicts_for_visit(visit_id: int) -> list[KeptConflict]:
    rows = await AuditEvent.select().where(
        (AuditEvent.entity == CONFLICT_ENTITY) & (AuditEvent.entity_id.like(f"{visit_id}:%"))
    ).output(load_json=True).order_by(AuditEvent.id)
    return [KeptConflict(
        client_uuid=r["entity_id"].split(":", 1)[1], kind=r["action"],
        carer_id=(r["after"] or {}).get("carer_id"), reason=(r["after"] or {}).get("reason", ""),
        explanation=(r["after"] or {}).get("explanation", ""),
        submitted=(r["after"] or {}).get("submitted", {}),
        received_at=(r["after"] or {}).get("received_at", ""),
    ) for r in rows]


def conflict_exception(kept: dict) -> ConflictException:
    after = kept["after"] or {}
    return ConflictException(detail=after.get("explanation", "this call changed while you were offline"),
                             extra={"reason": after.get("reason"), "visit_id": after.get("visit_id"),
                                    "kept": True, "client_uuid": kept["entity_id"].split(":", 1)[1]})


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


async def keep_conflict(actor_id: int, visit_id: int, uid: str, kind: str, record: dict) -> ConflictException:
    """Store the action for the office and return the 409 to answer with."""
    await audit.record(actor_id, CONFLICT_ENTITY, f"{visit_id}:{uid}", kind, None, record)
    return conflict_exception(await stored_conflict(uid))
