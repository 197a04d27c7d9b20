"""Publishing the rota: preview what changed since the last publication, then publish
(carers whose calls changed get one message each: in-app inbox, push, e-mail), then see who
has been reached and who has opened it."""

from __future__ import annotations

import datetime as dt

import msgspec
from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody

from api.auth import planner_guard
from api.domain.rostering import publishing as service
from api.domain.rostering import rota_notices
from api.domain.rostering.calls import dates_in


class PublishIn(msgspec.Struct):
    start: dt.date
    end: dt.date


class PublishingController(Controller):
    path = "/publications"
    tags = ["publishing"]
    guards = [planner_guard]

    @get("/", operation_id="listPublications")
    async def list_publications(
        self, start: FromQuery[dt.date | None] = None, end: FromQuery[dt.date | None] = None
    ) -> list[service.PublicationOut]:
        return await service.list_publications(start, end)

    @get("/diff", operation_id="rotaDiff")
    async def diff(self, start: FromQuery[dt.date], end: FromQuery[dt.date | None] = None) -> service.RotaDiff:
        """The working allocation against the published rota, per carer and day."""
        return await service.rota_diff(start, end or start)

    @get("/{publication_id:int}/notices", operation_id="publicationNotices", raises=[NotFoundException])
    async def notices(self, publication_id: FromPath[int]) -> list[rota_notices.CarerNotice]:
        """Who was told of this publication: per carer, the push and e-mail outcomes, whether
        they have opened it in the app, and any "told by phone" note."""
        return await rota_notices.notices(publication_id)

    @post("/", operation_id="publishRota")
    async def publish(self, request: Request, data: JSONBody[PublishIn]) -> service.PublicationOut:
        dates_in(data.start, data.end)
        return await service.publish(data.start, data.end, request.user.id)
