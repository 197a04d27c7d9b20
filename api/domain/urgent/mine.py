"""What the carer's phone shows of urgent calls: offers waiting for an answer (what happened,
where, how far), and the urgent calls they accepted today, with access details for that call
only."""

from __future__ import annotations

import datetime as dt

import msgspec

from api.domain.shared.common import not_found, server_today
from api.domain.tables import ClientSensitive, UrgentOffer, UrgentRequest, Visit
from api.domain.urgent.dispatch import NEED_WORDS


class UrgentOfferOut(msgspec.Struct):
    offer_id: int
    request_id: int
    need: str
    what_happened: str
    address: str
    town: str
    lat: float
    lon: float
    eta_minutes: int
    expires_at: dt.datetime


class UrgentCallOut(msgspec.Struct):
    request_id: int
    visit_id: int
    need: str
    what_happened: str
    person_name: str
    address: str
    town: str
    lat: float
    lon: float
    access_details: str
    key_safe_code: str


class MyUrgent(msgspec.Struct):
    offers: list[UrgentOfferOut]
    calls: list[UrgentCallOut]


async def for_carer(carer_id: int) -> MyUrgent:
    offers = await UrgentOffer.select(
        UrgentOffer.id, UrgentOffer.request, UrgentOffer.eta_minutes, UrgentOffer.expires_at,
        *[getattr(UrgentOffer.request, c).as_alias(c) for c in
          ("need", "what_happened", "address", "town", "lat", "lon")],
    ).where((UrgentOffer.carer == carer_id) & (UrgentOffer.status == "pending")).order_by(UrgentOffer.id)
    today = server_today()
    accepted = await UrgentOffer.select(UrgentOffer.request).where(
        (UrgentOffer.carer == carer_id) & (UrgentOffer.status == "accepted"))
    rows = await UrgentRequest.select().where(
        UrgentRequest.id.is_in([r["request"] for r in accepted] or [-1]) & UrgentRequest.visit.is_not_null())
    visits = {v["id"]: v for v in await Visit.select(Visit.id, Visit.date, Visit.status).where(
        Visit.id.is_in([r["visit"] for r in rows] or [-1]))}
    calls = []
    for r in rows:
        visit = visits.get(r["visit"])
        if visit is None or visit["date"] != today or visit["status"] == "cancelled":
            continue
        sensitive = await ClientSensitive.select().where(ClientSensitive.client == r["client"]).first() or {}
        calls.append(UrgentCallOut(
            r["id"], r["visit"], NEED_WORDS.get(r["need"], r["need"]), r["what_happened"], r["person_name"],
            r["address"], r["town"], r["lat"], r["lon"],
            r["access_details"] or sensitive.get("access_notes", ""), sensitive.get("key_safe_code", "")))
    return MyUrgent(
        [UrgentOfferOut(o["id"], o["request"], NEED_WORDS.get(o["need"], o["need"]), o["what_happened"],
                        o["address"], o["town"], o["lat"], o["lon"], o["eta_minutes"], o["expires_at"])
         for o in offers], calls)


async def my_accepted_request(carer_id: int, visit_id: int) -> dict:
    row = await UrgentRequest.select().where(UrgentRequest.visit == visit_id).first()
    if row is None or not await UrgentOffer.exists().where(
            (UrgentOffer.request == row["id"]) & (UrgentOffer.carer == carer_id) & (UrgentOffer.status == "accepted")):
        raise not_found("urgent call", visit_id)
    return row


async def request_by_uuid(client_uuid: str) -> int | None:
    row = await UrgentRequest.select(UrgentRequest.id).where(UrgentRequest.client_uuid == client_uuid).first()
    return row["id"] if row else None
