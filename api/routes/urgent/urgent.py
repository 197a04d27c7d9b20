"""Urgent response for the office (planners on the out-of-hours phone, managers): log a
request, see who can be there soonest, ask a carer, follow the answer, re-plan what it delays;
the out-of-hours team; the response-time report."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from litestar import Controller, Request, delete, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody
from msgspec import Meta

from api.auth import manager_guard, planner_guard
from api.domain.shared.common import invalid, server_today
from api.domain.urgent import cover, dispatch, out_of_hours, ranking, requests, response_times
from api.domain.urgent.requests import UrgentIn


class OfferIn(msgspec.Struct):
    carer_id: int


class CancelIn(msgspec.Struct):
    reason: Annotated[str, Meta(max_length=255)] = ""


class OutOfHoursIn(msgspec.Struct):
    date: dt.date
    role: Literal["planner", "carer"]
    person_id: int  # a user id for a planner, a carer id for a carer


class UrgentController(Controller):
    path = "/urgent"
    tags = ["urgent response"]
    guards = [planner_guard]

    @post("/", operation_id="logUrgentRequest", status_code=201)
    async def log_request(self, request: Request, data: JSONBody[UrgentIn]) -> dict:
        """Log an urgent request for a client, or for a person who is not a client yet (name,
        address and a pin on the map)."""
        request_id = await requests.log_request(data, request.user.id)
        return await requests.describe(request_id)

    @get("/", operation_id="listUrgentRequests")
    async def list_requests(self, start: FromQuery[dt.date | None] = None, end: FromQuery[dt.date | None] = None,
                            open_only: FromQuery[bool] = False) -> list[dict]:
        """Requests received between two dates (default: today), newest first."""
        await dispatch.expire_due()
        start = start or server_today()
        end = end or start
        if end < start:
            raise invalid("end", "must be on or after start")
        if (end - start).days > 62:
            raise invalid("end", "at most 62 days at a time")
        return await requests.list_requests(start, end, open_only)

    @get("/{request_id:int}", operation_id="getUrgentRequest", raises=[NotFoundException])
    async def get_request(self, request_id: FromPath[int]) -> dict:
        await dispatch.expire_due()
        return await requests.describe(request_id)

    @get("/{request_id:int}/candidates", operation_id="urgentCandidates", raises=[NotFoundException])
    async def candidates(self, request_id: FromPath[int], at: FromQuery[dt.datetime | None] = None) -> ranking.Ranking:
        """Carers who could go, soonest and least harmful first: arrival from where they are now,
        and which of their calls it would make late; and who cannot go, with why. `at` ranks
        as at another moment (with a time zone), e.g. a short-notice call later today."""
        if at is not None and at.tzinfo is None:
            raise invalid("at", "needs a time zone, e.g. 2030-01-07T12:00:00+00:00")
        return await ranking.rank(await requests.load(request_id), at)

    @post("/{request_id:int}/offers", operation_id="offerUrgentRequest", status_code=201,
          raises=[NotFoundException])
    async def offer(self, request: Request, request_id: FromPath[int], data: JSONBody[OfferIn]) -> dict:
        """Ask a carer to go (urgent push to their phone); with no answer in the agency's time,
        or a decline, the next carer on the list is asked by itself."""
        await dispatch.offer(request_id, data.carer_id, request.user.id)
        return await requests.describe(request_id)

    @post("/{request_id:int}/cancel", operation_id="cancelUrgentRequest", raises=[NotFoundException])
    async def cancel(self, request: Request, request_id: FromPath[int], data: JSONBody[CancelIn]) -> dict:
        return await requests.cancel(request_id, data.reason, request.user.id)

    @post("/{request_id:int}/cover", operation_id="urgentCoverReplan", raises=[NotFoundException])
    async def cover_replan(self, request: Request, request_id: FromPath[int]) -> dict:
        """Take the calls the urgent visit makes too late off the carer and start Find cover for
        the day; its draft is applied and published as usual."""
        return await cover.propose_cover(request_id, request.user.id)

    @get("/report", operation_id="urgentResponseTimes")
    async def report(self, start: FromQuery[dt.date], end: FromQuery[dt.date]) -> dict:
        """Response times (request to the carer's check-in): median, 90th percentile, share within
        the target, by hour of day and by area; and the planned calls urgent visits made late."""
        if end < start:
            raise invalid("end", "must be on or after start")
        if (end - start).days > 366:
            raise invalid("end", "at most a year at a time")
        return await response_times.report(start, end)


class OutOfHoursController(Controller):
    path = "/out-of-hours"
    tags = ["urgent response"]

    @get("/", operation_id="listOutOfHours", guards=[planner_guard])
    async def list_team(self, start: FromQuery[dt.date], end: FromQuery[dt.date]) -> list[dict]:
        """Who is on the out-of-hours team each night (the night that starts on the date)."""
        return await out_of_hours.team(start, end)

    @get("/nights", operation_id="listWorkingNights", guards=[planner_guard])
    async def working_nights(self, start: FromQuery[dt.date], end: FromQuery[dt.date]) -> list[dict]:
        """Who is on a sleep-in or a waking night each night (the night that starts on the date)."""
        return await out_of_hours.working_nights(start, end)

    @post("/", operation_id="addOutOfHours", guards=[manager_guard], status_code=201)
    async def add(self, request: Request, data: JSONBody[OutOfHoursIn]) -> dict:
        return await out_of_hours.add(data.date, data.role, data.person_id, request.user.id)

    @delete("/{shift_id:int}", operation_id="removeOutOfHours", guards=[manager_guard], status_code=204,
            raises=[NotFoundException])
    async def remove(self, request: Request, shift_id: FromPath[int]) -> None:
        await out_of_hours.remove(shift_id, request.user.id)
