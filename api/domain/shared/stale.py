"""A stale save that says who changed what: when a versioned update is refused (409), read
the audit trail for the saves the caller has not seen and name their authors and fields."""

from __future__ import annotations

import contextlib
from typing import Any

from api.domain.shared.common import ConflictException
from api.domain.tables import AuditEvent

_IGNORED = {"version", "sensitive_fields_changed"}


def _changed_fields(before: Any, after: Any) -> list[str]:
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    fields = {k for k in after if k not in _IGNORED and before.get(k) != after.get(k)}
    if isinstance(after.get("sensitive_fields_changed"), list):
        fields |= set(after["sensitive_fields_changed"])
    return sorted(fields)


async def who_changed(entity: str, entity_id: Any, seen_version: int) -> list[dict]:
    """The audited saves of a record after the version the caller had read, oldest first."""
    rows = await AuditEvent.select(
        AuditEvent.at, AuditEvent.before, AuditEvent.after, AuditEvent.actor.username.as_alias("actor"),
    ).where(
        (AuditEvent.entity == entity) & (AuditEvent.entity_id == str(entity_id))
    ).order_by(AuditEvent.id, ascending=False).limit(20).output(load_json=True)
    changes = []
    for row in rows:
        after = row["after"] or {}
        if not isinstance(after, dict) or int(after.get("version") or 0) <= seen_version:
            continue
        changes.append({"by": row["actor"] or "someone", "at": row["at"].isoformat(),
                        "fields": _changed_fields(row["before"], after)})
    return list(reversed(changes))


def describe(changes: list[dict]) -> str:
    if not changes:
        return "someone saved this record after you opened it"
    parts = []
    for change in changes:
        fields = ", ".join(change["fields"]) or "no visible field"
        parts.append(f"{change['by']} changed {fields} at {change['at'][11:16]} UTC")
    return "; ".join(parts)


@contextlib.asynccontextmanager
async def explained(entity: str, entity_id: Any, seen_version: int):
    """Wrap a versioned update: a 409 it raises names who saved meanwhile and what they changed."""
    try:
        yield
    except ConflictException as exc:
        changes = await who_changed(entity, entity_id, seen_version)
        extra = exc.extra if isinstance(exc.extra, dict) else {}
        raise ConflictException(
            detail=f"not saved: {describe(changes)}. Reload to see their changes, then save again.",
            extra={**extra, "changed_by": changes},
        ) from exc
