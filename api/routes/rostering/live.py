"""Live today for planners: late and missed calls, as a snapshot and as a server-sent
event stream so the board updates without a reload."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated, AsyncGenerator

import msgspec
from litestar import Controller, get
from litestar.params import FromQuery, QueryParameter
from litestar.response import ServerSentEvent
from litestar.response.sse import ServerSentEventMessage

from api.auth import EVENT_STREAM, planner_guard
from api.domain.rostering.live import LiveToday, live_today


def _at(at: dt.datetime | None) -> dt.datetime:
    """Clock times are the agency's local time; a given `at` is read as local wall-clock."""
    if at is None:
        return dt.datetime.now()
    return at.astimezone().replace(tzinfo=None) if at.tzinfo else at


class LiveController(Controller):
    path = "/live"
    tags = ["live"]
    guards = [planner_guard]

    @get("/today", operation_id="liveToday")
    async def today(self, at: FromQuery[dt.datetime | None] = None) -> LiveToday:
        """Calls of the day of `at` (default now) with their state: done, in_progress,
        missed, late or due."""
        return await live_today(_at(at))

    @get("/stream", operation_id="liveStream", opt={EVENT_STREAM: True}, media_type="text/event-stream")
    async def stream(
        self,
        interval: Annotated[int, QueryParameter(ge=2, le=300, description="seconds between checks")] = 10,
        max_events: Annotated[int | None, QueryParameter(ge=1, description="stop after this many events")] = None,
    ) -> ServerSentEvent:
        """Server-sent events: a `live` event with the whole snapshot whenever it changes
        (and at once on connect). EventSource cannot send headers: pass ?ticket= (POST /auth/stream-ticket)."""

        async def events() -> AsyncGenerator[ServerSentEventMessage, None]:
            sent, last = 0, None
            while max_events is None or sent < max_events:
                snapshot = msgspec.json.encode(await live_today(dt.datetime.now()))
                if snapshot != last:
                    last = snapshot
                    sent += 1
                    yield ServerSentEventMessage(data=snapshot.decode(), event="live")
                else:
                    yield ServerSentEventMessage(comment="keep-alive")
                if max_events is None or sent < max_events:
                    await asyncio.sleep(interval)

        return ServerSentEvent(events())
