"""The audit trail, for managers: who changed what and when, filtered and paged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, get
from litestar.params import FromQuery

from api.auth import manager_guard
from api.domain.shared import audit, audit_words
from api.domain.shared.common import Page, invalid
from api.routes.shared.params import Limit, Offset


class AuditEventOut(msgspec.Struct):
    id: int
    at: dt.datetime
    actor_id: int | None
    actor_username: str | None
    actor_name: str | None  # the person's name as the staff screens show it
    summary: str  # the event in people's words: who did what to whom
    entity: str
    entity_id: str
    action: str
    before: Any
    after: Any


class AuditActorOut(msgspec.Struct):
    id: int
    name: str
    username: str
    role: str


class AuditController(Controller):
    path = "/audit"
    tags = ["audit"]
    guards = [manager_guard]

    @get("/", operation_id="listAuditEvents")
    async def list_events(
        self, entity: FromQuery[str | None] = None, entity_id: FromQuery[str | None] = None,
        actor_id: FromQuery[int | None] = None, since: FromQuery[dt.date | None] = None,
        until: FromQuery[dt.date | None] = None, limit: Limit = 50, offset: Offset = 0,
    ) -> Page[AuditEventOut]:
        """Newest first. `since` and `until` are dates, both included."""
        if since and until and until < since:
            raise invalid("until", "is before since")
        start = dt.datetime.combine(since, dt.time(), dt.timezone.utc) if since else None
        stop = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dt.timezone.utc) if until else None
        rows, total = await audit.list_events(entity, entity_id, actor_id, start, stop, limit, offset)
        words = await audit_words.sentences(rows)
        items = [AuditEventOut(r["id"], r["at"], r["actor"], r["actor_username"], r["actor_name"], said,
                               r["entity"], r["entity_id"], r["action"], r["before"], r["after"])
                 for r, said in zip(rows, words)]
        return Page(items, total, limit, offset)

    @get("/actors", operation_id="listAuditActors")
    async def actors(self) -> list[AuditActorOut]:
        """Everyone who appears as the doer of an audited change, by name: the audit screen's
        user picker (instead of typing a numeric id)."""
        return [AuditActorOut(**r) for r in await audit.actors()]
