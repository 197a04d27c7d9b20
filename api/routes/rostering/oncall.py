"""The weekly staff rota: on-call staff (managers keep it), 4-week views per carer, CSV
export, and each carer's iCalendar feed (a private, revocable URL calendar apps can subscribe to)."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, Response, delete, get, post
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, JSONBody

from api.auth import STAFF, manager_guard, planner_guard
from api.domain.rostering import ical
from api.domain.rostering import oncall as service
from api.domain.rostering.calls import dates_in
from api.domain.shared.common import server_today
from api.domain.tables import Carer


def _may_read_carer(request: Request, carer_id: int) -> None:
    if request.user.role not in STAFF and request.user.carer_id != carer_id:
        raise PermissionDeniedException(detail="carers may only read their own rota")


async def _calendar_owner(request: Request, carer_id: int) -> None:
    """Staff, or the carer themself, for a carer who exists."""
    _may_read_carer(request, carer_id)
    if not await Carer.exists().where(Carer.id == carer_id):
        raise NotFoundException(detail=f"carer {carer_id} not found")


class OnCallController(Controller):
    path = "/on-call"
    tags = ["rota"]

    @get("/", operation_id="listOnCall")
    async def list_on_call(self, start: FromQuery[dt.date], end: FromQuery[dt.date | None] = None) -> list[service.OnCallOut]:
        """Everyone may see who is on call (carers phone them out of hours)."""
        return await service.list_on_call(start, end or start)

    @get("/candidates", operation_id="onCallCandidates", guards=[manager_guard])
    async def candidates(self) -> list[dict]:
        return await service.candidates()

    @post("/", operation_id="setOnCall", guards=[manager_guard])
    async def set_on_call(self, request: Request, data: JSONBody[service.OnCallIn]) -> service.OnCallOut:
        return await service.set_on_call(data, request.user.id)

    @delete("/{on_call_id:int}", operation_id="deleteOnCall", guards=[manager_guard], raises=[NotFoundException])
    async def delete_on_call(self, request: Request, on_call_id: FromPath[int]) -> None:
        await service.delete_on_call(on_call_id, request.user.id)


class RotaController(Controller):
    path = "/rota"
    tags = ["rota"]

    @get("/week", operation_id="weeklyRota", guards=[planner_guard])
    async def week(self, week_start: FromQuery[dt.date]) -> service.WeeklyRota:
        """The week's staff rota: the on-call supervisor and manager, and every carer's days."""
        return await service.weekly_rota(week_start)

    @get("/carers/{carer_id:int}", operation_id="carerRota", raises=[NotFoundException, PermissionDeniedException])
    async def carer(
        self, request: Request, carer_id: FromPath[int], start: FromQuery[dt.date], weeks: FromQuery[int] = 4
    ) -> service.CarerRota:
        """Staff read the working rota; a carer reads their own as published (what their phone shows)."""
        _may_read_carer(request, carer_id)
        return await service.carer_rota(carer_id, start, weeks, as_carer_sees=request.user.role not in STAFF)

    @get("/export.csv", operation_id="exportRotaCsv", guards=[planner_guard], media_type="text/csv")
    async def export_csv(
        self, start: FromQuery[dt.date], end: FromQuery[dt.date], carer_id: FromQuery[int | None] = None
    ) -> Response[str]:
        dates_in(start, end)
        body = await service.rota_csv(start, end, carer_id)
        return Response(body, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="rota-{start}-{end}.csv"'})

    @get("/carers/{carer_id:int}/calendar-link", operation_id="carerCalendarLink",
         raises=[NotFoundException, PermissionDeniedException])
    async def calendar_link(self, request: Request, carer_id: FromPath[int]) -> dict:
        """Whether the carer has a calendar link, and since when (the link itself is shown
        only once, when made: it is stored hashed)."""
        await _calendar_owner(request, carer_id)
        made = await ical.feed_link_made_at(carer_id)
        return {"exists": made is not None, "created_at": made}

    @post("/carers/{carer_id:int}/calendar-link", operation_id="newCarerCalendarLink",
          raises=[NotFoundException, PermissionDeniedException], status_code=201)
    async def new_calendar_link(self, request: Request, carer_id: FromPath[int]) -> dict:
        """A new private URL for the carer's calendar feed; any earlier link stops working."""
        await _calendar_owner(request, carer_id)
        path = f"/rota/calendar/{await ical.new_feed_token(carer_id)}.ics"
        return {"path": path, "url": str(request.base_url).rstrip("/") + path}

    @delete("/carers/{carer_id:int}/calendar-link", operation_id="revokeCarerCalendarLink",
            raises=[NotFoundException, PermissionDeniedException])
    async def revoke_calendar_link(self, request: Request, carer_id: FromPath[int]) -> None:
        await _calendar_owner(request, carer_id)
        await ical.revoke_feed_token(carer_id)

    @get("/calendar/{token:str}", operation_id="carerCalendarFeed", opt={"exclude_from_auth": True},
         media_type="text/calendar", raises=[NotAuthorizedException])
    async def calendar_feed(self, token: FromPath[str]) -> Response[bytes]:
        """iCalendar feed, from a week back to four weeks ahead; the key in the URL opens it."""
        carer_id = await ical.carer_for_token(token.removesuffix(".ics"))
        today = server_today()
        body = await ical.carer_calendar(carer_id, today - dt.timedelta(days=7), today + dt.timedelta(days=28))
        return Response(body.encode("utf-8"), media_type="text/calendar; charset=utf-8")
