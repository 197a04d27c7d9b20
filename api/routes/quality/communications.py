"""The communications log and the morning handover (planners, managers, admins)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromQuery, JSONBody, QueryParameter
from msgspec import Meta

from api.auth import planner_guard
from api.domain.quality import communications, handover
from api.domain.shared.common import Page
from api.routes.shared.params import Limit, Offset


class ActionedIn(msgspec.Struct):
    key: Annotated[str, Meta(min_length=3, max_length=64)]


class CommunicationController(Controller):
    tags = ["communications"]
    guards = [planner_guard]

    @post("/communications", operation_id="logCommunication")
    async def log(self, request: Request, data: JSONBody[communications.CommunicationIn]) -> communications.CommunicationOut:
        """Log a call or message received, with its follow-up and owner."""
        return await communications.log_communication(request.user, data)

    @get("/communications", operation_id="listCommunications")
    async def list_entries(
        self, client_id: Annotated[int | None, QueryParameter(ge=1, le=2_147_483_647)] = None,
        limit: Limit = 50, offset: Offset = 0,
    ) -> Page[communications.CommunicationOut]:
        items, total = await communications.list_communications(client_id, limit, offset)
        return Page(items, total, limit, offset)

    @get("/handover", operation_id="morningHandover")
    async def morning(self, date: FromQuery[dt.date | None] = None) -> handover.Handover:
        """Yesterday's and overnight entries, open follow-ups, incidents and unresolved call flags."""
        return await handover.handover(date)

    @post("/handover/actioned", operation_id="markHandoverActioned", status_code=204)
    async def actioned(self, request: Request, data: JSONBody[ActionedIn]) -> None:
        """Mark one handover item as actioned (once; audited)."""
        await handover.mark_actioned(request.user, data.key)
