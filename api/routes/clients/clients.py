"""Clients API. Carers read only the clients on their own calls; access data is staff-only
here (carers get it with their call, on the day)."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, patch, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, JSONBody

from api.auth import STAFF, planner_guard
from api.domain.clients import clients as service
from api.domain.clients import geocoding
from api.domain.shared.common import ConflictException, Page
from api.domain.rostering.runs import client_ids_for_carer
from api.routes.shared.params import Limit, Offset, VersionIn


async def allowed_client_ids(request: Request) -> set[int] | None:
    """None for staff (all clients); for a carer, the clients on their calls."""
    user = request.user
    if user.role in STAFF:
        return None
    if user.carer_id is None:
        return set()
    return await client_ids_for_carer(user.carer_id)


async def ensure_can_read_client(request: Request, client_id: int) -> None:
    allowed = await allowed_client_ids(request)
    if allowed is not None and client_id not in allowed:
        raise PermissionDeniedException(detail="you may only read clients on your own calls")


class ClientController(Controller):
    path = "/clients"
    tags = ["clients"]

    @get("/", operation_id="listClients")
    async def list_clients(
        self,
        request: Request,
        limit: Limit = 50,
        offset: Offset = 0,
        status: FromQuery[str | None] = None,
        town: FromQuery[str | None] = None,
        q: FromQuery[str | None] = None,
        funder: FromQuery[str | None] = None,
    ) -> Page[service.ClientOut]:
        only = await allowed_client_ids(request)
        items, total = await service.list_clients(limit, offset, status, town, q, only, funder)
        return Page(items, total, limit, offset)

    @get("/export.csv", operation_id="exportClientsCsv", guards=[planner_guard], media_type="text/csv")
    async def export_csv(
        self, status: FromQuery[str | None] = None, town: FromQuery[str | None] = None,
        q: FromQuery[str | None] = None, funder: FromQuery[str | None] = None,
    ) -> Response[str]:
        body = await service.clients_csv(status, town, q, funder)
        return Response(body, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": 'attachment; filename="clients.csv"'})

    @get("/geocode", operation_id="geocodeAddress", guards=[planner_guard],
         raises=[geocoding.GeocoderUnavailable, ConflictException])
    async def geocode(self, q: FromQuery[str]) -> list[geocoding.Place]:
        """Coordinates for an address from the agency's geocoder (the geocoder_url setting)."""
        return await geocoding.geocode(q)

    @get("/{client_id:int}", operation_id="getClient", raises=[NotFoundException, PermissionDeniedException])
    async def get_client(self, request: Request, client_id: FromPath[int]) -> service.ClientOut:
        await ensure_can_read_client(request, client_id)
        return await service.get_client(client_id)

    @get("/{client_id:int}/sensitive", operation_id="getClientSensitive", guards=[planner_guard],
         raises=[NotFoundException])
    async def get_sensitive(self, request: Request, client_id: FromPath[int]) -> service.ClientSensitiveOut:
        """Key safe code and access notes: staff only, and every view is audited."""
        return await service.get_sensitive(client_id, request.user.id)

    @post("/", operation_id="createClient", guards=[planner_guard])
    async def create_client(self, request: Request, data: JSONBody[service.ClientCreate]) -> service.ClientOut:
        return await service.create_client(data, request.user.id)

    @patch("/{client_id:int}", operation_id="updateClient", guards=[planner_guard], raises=[NotFoundException])
    async def update_client(
        self, request: Request, client_id: FromPath[int], data: JSONBody[service.ClientUpdate]
    ) -> service.ClientOut:
        return await service.update_client(client_id, data, request.user.id)

    @post("/{client_id:int}/deactivate", operation_id="deactivateClient", guards=[planner_guard],
          status_code=200, raises=[NotFoundException])
    async def deactivate(self, request: Request, client_id: FromPath[int], data: JSONBody[VersionIn]) -> service.ClientOut:
        return await service.deactivate_client(client_id, data.version, request.user.id)

    @post("/{client_id:int}/cease", operation_id="ceaseClient", guards=[planner_guard],
          status_code=200, raises=[NotFoundException])
    async def cease(self, request: Request, client_id: FromPath[int], data: JSONBody[service.CeaseIn]) -> service.ClientOut:
        """The ceased process: ends the client's calls from the date, keeps their history."""
        return await service.cease_client(client_id, data, request.user.id)
