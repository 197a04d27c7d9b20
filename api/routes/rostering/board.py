"""The planner's day: the board, the staff screens' settings, and applying a client's
status change to their coming calls."""

from __future__ import annotations

import datetime as dt
import gzip

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery

from api.auth import planner_guard
from api.domain.rostering import board as service
from api.domain.rostering.calls import apply_client_status
from api.settings import get_settings


class PlannerController(Controller):
    path = "/planner"
    tags = ["planner"]
    guards = [planner_guard]

    @get("/settings", operation_id="plannerSettings")
    async def settings(self) -> dict:
        """What the staff screens need to know: the map tile server and agency rules."""
        s = get_settings()
        return {
            "tile_url": s.tile_url,
            "late_after_minutes": s.agency.late_after_minutes,
            "window_tolerance_minutes": s.agency.window_tolerance_minutes,
            "max_concurrent_leave": s.agency.max_concurrent_leave,
            "max_daily_minutes": s.agency.max_daily_minutes,
            "max_weekly_minutes": s.agency.max_weekly_minutes,
        }

    @get("/day", operation_id="dayBoard")
    async def day(self, request: Request, date: FromQuery[dt.date]) -> Response[service.DayBoard]:
        """The day's totals, each working carer's run with the travel before each call, and
        the calls short of carers (their reasons: GET /calls/uncovered). Sent gzipped to a
        client that accepts it: a busy agency's day is about a megabyte of JSON."""
        return _json(request, await service.day_board(date, dt.datetime.now()))

    @post("/clients/{client_id:int}/apply-status", operation_id="applyClientStatus", status_code=200,
          raises=[NotFoundException])
    async def apply_status(self, request: Request, client_id: FromPath[int]) -> dict:
        """Cancel (or bring back) a client's coming calls after their status changed."""
        return await apply_client_status(client_id, request.user.id)


GZIP_FROM_BYTES = 1024


def _json(request: Request, content) -> Response:
    body = msgspec.json.encode(content)
    if len(body) < GZIP_FROM_BYTES or "gzip" not in request.headers.get("accept-encoding", ""):
        return Response(body, media_type="application/json", headers={"Vary": "Accept-Encoding"})
    # Level 5: nearly the size of level 9 at a fraction of its CPU.
    return Response(gzip.compress(body, compresslevel=5), media_type="application/json",
                    headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
