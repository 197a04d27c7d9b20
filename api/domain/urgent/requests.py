"""Logging urgent requests and reading them back with their offers, in the office's words."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from api.domain.shared import audit
from api.domain.shared.choices import UrgentNeed
from api.domain.shared.common import ConflictException, invalid, not_found
from api.domain.shared.db import write_transaction
from api.domain.tables import Carer, Client, ClientSensitive, UrgentOffer, UrgentRequest, Visit

Skill = Annotated[str, Meta(min_length=1, max_length=64)]


class UrgentIn(msgspec.Struct):
    need: UrgentNeed
    what_happened: Annotated[str, Meta(min_length=1, max_length=4000)]
    client_id: int | None = None
    # a person who is not a client yet: name, address and a pin on the map
    person_name: Annotated[str, Meta(max_length=128)] = ""
    address: Annotated[str, Meta(max_length=255)] = ""
    town: Annotated[str, Meta(max_length=64)] = ""
    lat: Annotated[float, Meta(ge=-90, le=90)] | None = None
    lon: Annotated[float, Meta(ge=-180, le=180)] | None = None
    access_details: Annotated[str, Meta(max_length=1000)] = ""
    required_skills: Annotated[list[Skill], Meta(max_length=10)] = []
    carers_required: Annotated[int, Meta(ge=1, le=2)] = 1
    duration_minutes: Annotated[int, Meta(ge=5, le=12 * 60)] = 45
    respond_within_minutes: Annotated[int, Meta(ge=5, le=24 * 60)] = 60


async def log_request(data: UrgentIn, actor_id: int | None, parent_id: int | None = None,
                      client_uuid: str | None = None) -> int:
    """Store a new urgent request; for a client, their address and pin are taken from the record."""
    values = msgspec.structs.asdict(data)
    client_id = values.pop("client_id")
    if client_id is not None:
        client = await Client.select().where(Client.id == client_id).first()
        if client is None:
            raise invalid("client_id", "no such client")
        if client["status"] == "ceased":
            raise invalid("client_id", "this client's care has ended; log them as a new person")
        values.update(person_name=client["name"], address=client["address"], town=client["town"],
                      lat=client["lat"], lon=client["lon"])
    else:
        missing = [f for f in ("person_name", "address") if not values[f].strip()]
        missing += [f for f in ("lat", "lon") if values[f] is None]
        if missing:
            raise invalid(missing[0], "is needed for a person who is not a client (drop a pin on the map)")
    async with write_transaction():
        row = await UrgentRequest.insert(UrgentRequest(
            client=client_id, created_by=actor_id, parent=parent_id, client_uuid=client_uuid, **values,
        )).returning(UrgentRequest.id)
        request_id = row[0]["id"]
        await audit.record(actor_id, "urgent_request", request_id, "log", None,
                           {**values, "client_id": client_id, "access_details": "(kept)" if values["access_details"] else ""})
    return request_id


async def load(request_id: int) -> dict:
    row = await UrgentRequest.select().where(UrgentRequest.id == request_id).output(load_json=True).first()
    if row is None:
        raise not_found("urgent request", request_id)
    return row


def _minutes_between(a: dt.datetime | None, b: dt.datetime | None) -> int | None:
    return None if a is None or b is None else round((b - a).total_seconds() / 60)


async def times_of(visit_ids: list[int]) -> dict[int, dict]:
    """When the carer(s) arrived and left: the first check-in and last check-out of the call."""
    from api.domain.tables import VisitLog

    out: dict[int, dict] = {}
    for r in await VisitLog.select(VisitLog.visit, VisitLog.kind, VisitLog.server_time).where(
            VisitLog.visit.is_in(visit_ids or [-1]) & VisitLog.kind.is_in(["check_in", "check_out"])
    ).order_by(VisitLog.server_time):
        times = out.setdefault(r["visit"], {"arrived_at": None, "completed_at": None})
        if r["kind"] == "check_in" and times["arrived_at"] is None:
            times["arrived_at"] = r["server_time"]
        if r["kind"] == "check_out":
            times["completed_at"] = r["server_time"]
    return out


async def describe(request_id: int) -> dict:
    """The request as the office sees it: the person, the need, each offer with the carer's
    name, and the times from received to completed."""
    row = await load(request_id)
    offers = await UrgentOffer.select(
        *UrgentOffer.all_columns(), UrgentOffer.carer.name.as_alias("carer_name"),
    ).where(UrgentOffer.request == request_id).order_by(UrgentOffer.id)
    times = (await times_of([row["visit"]])).get(row["visit"], {}) if row["visit"] else {}
    arrived = times.get("arrived_at")
    return {
        "id": row["id"], "status": row["status"], "need": row["need"],
        "client_id": row["client"], "person_name": row["person_name"], "address": row["address"],
        "town": row["town"], "lat": row["lat"], "lon": row["lon"],
        "what_happened": row["what_happened"], "has_access_details": bool(row["access_details"]),
        "required_skills": row["required_skills"], "carers_required": row["carers_required"],
        "duration_minutes": row["duration_minutes"], "respond_within_minutes": row["respond_within_minutes"],
        "received_at": row["received_at"], "dispatched_at": row["dispatched_at"],
        "accepted_at": row["accepted_at"], "arrived_at": arrived, "completed_at": times.get("completed_at"),
        "minutes_to_arrive": _minutes_between(row["received_at"], arrived),
        "visit_id": row["visit"], "calls_made_late": row["calls_made_late"],
        "minutes_made_late": row["minutes_made_late"], "parent_id": row["parent"],
        "version": row["version"],
        "offers": [{"id": o["id"], "carer_id": o["carer"], "carer_name": o["carer_name"], "status": o["status"],
                    "offered_at": o["offered_at"], "expires_at": o["expires_at"], "answered_at": o["answered_at"],
                    "eta_minutes": o["eta_minutes"], "decline_reason": o["decline_reason"],
                    "asked_by_office": o["offered_by"] is not None} for o in offers],
    }


async def list_requests(start: dt.date, end: dt.date, open_only: bool) -> list[dict]:
    from api.domain.shared.common import agency_zone

    zone = agency_zone()
    since = dt.datetime.combine(start, dt.time(), zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone)
    query = UrgentRequest.select(UrgentRequest.id).where(
        (UrgentRequest.received_at >= since) & (UrgentRequest.received_at < until))
    if open_only:
        query = query.where(UrgentRequest.status.is_in(["open", "offered"]))
    ids = [r["id"] for r in await query.order_by(UrgentRequest.id, ascending=False)]
    return [await describe(i) for i in ids]


async def cancel(request_id: int, reason: str, actor_id: int | None) -> dict:
    async with write_transaction():
        row = await load(request_id)
        if row["status"] == "accepted":
            raise ConflictException(detail="a carer has accepted; cancel their call on the day board instead")
        if row["status"] == "cancelled":
            return await describe(request_id)
        await UrgentRequest.update({UrgentRequest.status: "cancelled", UrgentRequest.version: row["version"] + 1}).where(
            UrgentRequest.id == request_id)
        await UrgentOffer.update({UrgentOffer.status: "withdrawn"}).where(
            (UrgentOffer.request == request_id) & (UrgentOffer.status == "pending"))
        await audit.record(actor_id, "urgent_request", request_id, "cancel", {"status": row["status"]},
                           {"status": "cancelled", "reason": reason})
    return await describe(request_id)


async def client_for(row: dict) -> int:
    """The client the urgent call is for: the one named, or a new record for a person who
    was not a client yet (their access details kept with the record's sensitive part)."""
    if row["client"] is not None:
        return row["client"]
    made = await Client.insert(Client(
        name=row["person_name"], address=row["address"], town=row["town"], lat=row["lat"], lon=row["lon"],
        alerts=f"Urgent response {row['received_at']:%d %b %Y}: {row['what_happened'][:200]}",
    )).returning(Client.id)
    client_id = made[0]["id"]
    await ClientSensitive.insert(ClientSensitive(client=client_id, access_notes=row["access_details"]))
    await UrgentRequest.update({UrgentRequest.client: client_id}).where(UrgentRequest.id == row["id"])
    return client_id


async def carer_user(carer_id: int) -> int | None:
    row = await Carer.select(Carer.user).where(Carer.id == carer_id).first()
    return row["user"] if row else None


async def visit_exists(visit_id: int | None) -> bool:
    return bool(visit_id) and await Visit.exists().where(Visit.id == visit_id)
