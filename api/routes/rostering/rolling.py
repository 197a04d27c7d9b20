"""The rolling rota: calls from client defaults with their master-rota carers, four weeks
ahead every day at the agency's set time, and on demand from the board (for a date range)."""

from __future__ import annotations

import datetime as dt

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import JSONBody

from api.auth import planner_guard
from api.domain.rostering import rolling_schedule
from api.domain.rostering.rolling import ROLLING_DAYS
from api.domain.shared.common import ConflictException


class RollIn(msgspec.Struct):
    start: dt.date | None = None  # default today
    end: dt.date | None = None  # default four weeks from start


def _public(job: dict | None) -> dict | None:
    return None if job is None else {k: v for k, v in job.items() if k != "plan"}


class RollingRotaController(Controller):
    path = "/rota/rolling"
    tags = ["rota"]
    guards = [planner_guard]

    @get("/", operation_id="rollingRota")
    async def status(self) -> dict:
        """When the daily roll runs (`time`, null when off), how far it reaches, and the last
        roll's job (status, and counts in `progress`: calls created, given their master-rota
        carer, given another carer, left unallocated)."""
        return {"time": await rolling_schedule.roll_time(), "days": ROLLING_DAYS,
                "last": _public(await rolling_schedule.last_roll())}

    @post("/", operation_id="rollRotaForward", status_code=202, raises=[ConflictException])
    async def roll(self, request: Request, data: JSONBody[RollIn]) -> dict:
        """Start now: calls from defaults for the range, each new call given its carer from the
        master rota (checked by the solver's checker). A background job: follow it at
        /optimise/jobs/{id}; 409 while another job runs."""
        return _public(await rolling_schedule.start_roll(request.user.id, data.start, data.end))
