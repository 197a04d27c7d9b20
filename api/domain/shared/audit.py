"""Audit trail: who changed what, when, with the record before and after."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from api.domain.tables import AuditEvent


def _plain(value: Any) -> Any:
    """JSON-safe copy of a row (dates become ISO strings)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=_default))


def _default(obj: Any) -> Any:
    if isinstance(obj, (dt.date, dt.datetime, dt.time)):
        return obj.isoformat()
    return str(obj)


async def record(
    actor_id: int | None,
    entity: str,
    entity_id: Any,
    action: str,
    before: Any = None,
    after: Any = None,
) -> None:
    await AuditEvent.insert(
        AuditEvent(
            actor=actor_id,
            entity=entity,
            entity_id=str(entity_id),
            action=action,
            before=_plain(before),
            after=_plain(after),
        )
    )


async def record_many(actor_id: int | None, entity: str, action: str,
                      events: list[tuple[Any, Any, Any]]) -> None:
    """One insert for many events of the same kind: (entity_id, before, after) each."""
    if events:
        await AuditEvent.insert(*[
            AuditEvent(actor=actor_id, entity=entity, entity_id=str(entity_id), action=action,
                       before=_plain(before), after=_plain(after))
            for entity_id, before, after in events
        ])


async def list_events(
    entity: str | None, entity_id: str | None, actor_id: int | None,
    since: dt.datetime | None, until: dt.datetime | None, limit: int, offset: int,
) -> tuple[list[dict], int]:
    from api.domain.shared.common import paged

    where = []
    if entity:
        where.append(AuditEvent.entity == entity)
    if entity_id:
        where.append(AuditEvent.entity_id == entity_id)
    if actor_id:
        where.append(AuditEvent.actor == actor_id)
    if since:
        where.append(AuditEvent.at >= since)
    if until:
        where.append(AuditEvent.at < until)
    query = AuditEvent.select(
        *AuditEvent.all_columns(), AuditEvent.actor.username.as_alias("actor_username"),
        AuditEvent.actor.display_name.as_alias("actor_name"),
    ).output(load_json=True).order_by(AuditEvent.id, ascending=False)
    count = AuditEvent.count()
    for clause in where:
        query = query.where(clause)
        count = count.where(clause)
    return await paged(query, count, limit, offset)


async def actors() -> list[dict]:
    """The users who did at least one audited change, by name."""
    from api.domain.tables import User

    ids = [r["actor"] for r in await AuditEvent.select(AuditEvent.actor).where(
        AuditEvent.actor.is_not_null()).distinct()]
    rows = await User.select(User.id, User.display_name, User.username, User.role).where(
        User.id.is_in(ids or [-1])).order_by(User.display_name)
    return [{"id": r["id"], "name": r["display_name"] or r["username"], "username": r["username"],
             "role": r["role"]} for r in rows]
