"""Asking carers to go: an offer to one carer at a time (per carer needed), answered from the
phone once by the UUID it made; a decline, or no answer within the agency's time, moves to the
next carer on the ranking by itself. Accepting puts the call at the top of the carer's run now.
"""

from __future__ import annotations

import datetime as dt
import logging

from api.domain.notify.inbox import Message, post
from api.domain.shared.choices import NotificationKind
from api.domain.setup import agency_settings
from api.domain.shared import audit
from api.domain.shared.common import ConflictException, agency_zone, invalid, minutes_to_hhmm
from api.domain.shared.db import write_transaction
from api.domain.tables import Assignment, UrgentOffer, UrgentRequest, Visit
from api.domain.urgent import ranking
from api.domain.urgent.requests import carer_user, client_for, load

log = logging.getLogger("carerun.urgent")
NEED_WORDS = {
    "fall_no_injury": "a fall, no injury", "fall_injury": "a fall with injury", "pendant_alarm": "a pendant alarm",
    "personal_care": "urgent personal care", "welfare_check": "a welfare check",
    "short_notice_package": "a short-notice call", "other": "an urgent call",
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


async def _tell(carer_id: int, request: dict, eta_minutes: int) -> None:
    """The carer's inbox, with an urgent web push (and e-mail when set) beside it, sent off the
    request path."""
    user_id = await carer_user(carer_id)
    if user_id is None:
        return
    await post([Message(
        user_id=user_id, kind=NotificationKind.URGENT, topic=f"urgent:{request['id']}",
        title="Urgent call: can you go?",
        body=f"{NEED_WORDS.get(request['need'], 'An urgent call')} at {request['address']}, {request['town']}"
             f" - about {eta_minutes} min from you. Open Carerun to accept or decline.",
        url="/#/", push_data={"tag": f"urgent-{request['id']}", "urgent": True, "requireInteraction": True},
    )])


async def _accepted_count(request_id: int) -> int:
    return await UrgentOffer.count().where((UrgentOffer.request == request_id) & (UrgentOffer.status == "accepted"))


async def _pending_count(request_id: int) -> int:
    return await UrgentOffer.count().where((UrgentOffer.request == request_id) & (UrgentOffer.status == "pending"))


async def offer(request_id: int, carer_id: int, actor_id: int | None) -> dict:
    """Ask one carer (the planner's choice from the ranking) to go."""
    request = await load(request_id)
    if request["status"] in ("accepted", "cancelled"):
        raise ConflictException(detail=f"the request is {request['status']}")
    ranked = await ranking.rank(request)
    chosen = next((c for c in ranked.candidates if c.carer_id == carer_id), None)
    if chosen is None:
        why = next((c.reason for c in ranked.cannot_go if c.carer_id == carer_id), "not a carer who could go")
        raise invalid("carer_id", why)
    await _create_offer(request, chosen, actor_id)
    return {"carer_id": carer_id, "eta_minutes": chosen.eta_minutes}


async def _create_offer(request: dict, chosen: ranking.Candidate, actor_id: int | None) -> None:
    timeout = int(await agency_settings.get("urgent_offer_timeout_seconds"))
    now = _now()
    async with write_transaction():
        asked = await UrgentOffer.exists().where(
            (UrgentOffer.request == request["id"]) & (UrgentOffer.carer == chosen.carer_id)
            & UrgentOffer.status.is_in(["pending", "accepted"]))
        if asked:
            raise ConflictException(detail=f"{chosen.name} has already been asked")
        if await _accepted_count(request["id"]) + await _pending_count(request["id"]) >= request["carers_required"]:
            raise ConflictException(detail="enough carers have been asked; wait for their answer")
        await UrgentOffer.insert(UrgentOffer(
            request=request["id"], carer=chosen.carer_id, offered_at=now,
            expires_at=now + dt.timedelta(seconds=timeout), eta_minutes=chosen.eta_minutes, offered_by=actor_id))
        await UrgentRequest.update({
            UrgentRequest.status: "offered",
            UrgentRequest.dispatched_at: request["dispatched_at"] or now,
        }).where(UrgentRequest.id == request["id"])
        await audit.record(actor_id, "urgent_request", request["id"], "offer", None,
                           {"carer_id": chosen.carer_id, "carer_name": chosen.name, "eta_minutes": chosen.eta_minutes})
    await _tell(chosen.carer_id, request, chosen.eta_minutes)


async def offer_next(request_id: int) -> bool:
    """Ask the best carer not asked yet, when a place is still open; False when nobody is left."""
    request = await load(request_id)
    if request["status"] in ("accepted", "cancelled"):
        return False
    if await _accepted_count(request_id) + await _pending_count(request_id) >= request["carers_required"]:
        return True
    asked = {r["carer"] for r in await UrgentOffer.select(UrgentOffer.carer).where(UrgentOffer.request == request_id)}
    ranked = await ranking.rank(request)
    for candidate in ranked.candidates:
        if candidate.carer_id not in asked:
            try:
                await _create_offer(request, candidate, None)
            except ConflictException:
                return True  # someone else moved it on at the same moment
            return True
    if not await _pending_count(request_id):
        await UrgentRequest.update({UrgentRequest.status: "open"}).where(
            (UrgentRequest.id == request_id) & (UrgentRequest.status == "offered"))
    return False


async def expire_due() -> int:
    """Offers whose time is up move on to the next carer. Safe to run from every process: each
    offer is expired once (the update that wins decides)."""
    now = _now()
    due = await UrgentOffer.select(UrgentOffer.id, UrgentOffer.request).where(
        (UrgentOffer.status == "pending") & (UrgentOffer.expires_at < now))
    moved = 0
    for row in due:
        won = await UrgentOffer.update({UrgentOffer.status: "expired", UrgentOffer.answered_at: now}).where(
            (UrgentOffer.id == row["id"]) & (UrgentOffer.status == "pending")).returning(UrgentOffer.id)
        if won:
            moved += 1
            await audit.record(None, "urgent_request", row["request"], "offer_expired", None, {"offer_id": row["id"]})
            try:
                await offer_next(row["request"])
            except Exception:  # noqa: BLE001 - one request's failure must not stop the others
                log.exception("moving urgent request %s on failed", row["request"])
    return moved


async def answer(offer_id: int, carer_id: int, accept: bool, client_uuid: str, reason: str = "") -> dict:
    """A carer's accept or decline, idempotent by `client_uuid`. 404 for an offer that is not
    theirs (as for one that does not exist)."""
    replay = await UrgentOffer.select().where(UrgentOffer.answer_uuid == client_uuid).first()
    if replay is not None:
        if replay["carer"] != carer_id:
            raise invalid("client_uuid", "already used for another answer")
        return {"offer_id": replay["id"], "status": replay["status"], "replayed": True,
                "request_id": replay["request"]}
    await expire_due()
    now = _now()
    async with write_transaction():
        row = await UrgentOffer.select().where((UrgentOffer.id == offer_id) & (UrgentOffer.carer == carer_id)).first()
        if row is None:
            from api.domain.shared.common import not_found

            raise not_found("urgent offer", offer_id)
        request = await load(row["request"])
        if request["status"] == "cancelled":
            raise ConflictException(detail="the office has cancelled this request; you are not needed")
        if not accept:
            if row["status"] != "pending":
                raise ConflictException(detail=f"this request has already moved on ({row['status']})")
            await UrgentOffer.update({UrgentOffer.status: "declined", UrgentOffer.answered_at: now,
                                      UrgentOffer.answer_uuid: client_uuid,
                                      UrgentOffer.decline_reason: reason[:255]}).where(UrgentOffer.id == offer_id)
            await audit.record(None, "urgent_request", request["id"], "decline", None,
                               {"carer_id": carer_id, "reason": reason})
            result = {"offer_id": offer_id, "status": "declined", "replayed": False, "request_id": request["id"]}
        else:
            # A late "yes" is still welcome while a place is open; otherwise someone else went.
            open_places = request["carers_required"] - await _accepted_count(request["id"])
            if row["status"] not in ("pending", "expired") or open_places <= 0:
                raise ConflictException(detail="another carer has already taken this call; you are not needed")
            await _accept(row, request, carer_id, client_uuid, now)
            result = {"offer_id": offer_id, "status": "accepted", "replayed": False, "request_id": request["id"]}
    if not accept:
        await offer_next(request["id"])
    return result


async def _accept(offer_row: dict, request: dict, carer_id: int, client_uuid: str, now: dt.datetime) -> None:
    """Put the urgent call at the top of the carer's run now (pinned to them), and note what
    it does to the rest of their run for the office's cover re-plan."""
    ranked = await ranking.rank(request, now)
    me = next((c for c in ranked.candidates if c.carer_id == carer_id), None)
    local = now.astimezone(agency_zone())
    minute = local.hour * 60 + local.minute
    eta = minute + (me.eta_minutes if me else 0)
    client_id = await client_for(request)
    visit_id = request["visit"]
    if visit_id is None:
        made = await Visit.insert(Visit(
            client=client_id, date=local.date(), window_start=minute,
            window_end=min(minute + request["respond_within_minutes"], 24 * 60 - 1),
            duration_minutes=request["duration_minutes"], carers_required=request["carers_required"],
            required_skills=request["required_skills"], tasks=[], call_type="urgent",
            changed_by_hand=True)).returning(Visit.id)
        visit_id = made[0]["id"]
    await Assignment.insert(Assignment(visit=visit_id, carer=carer_id, planned_start=min(eta, 24 * 60 - 1),
                                       locked=True))
    await UrgentOffer.update({UrgentOffer.status: "accepted", UrgentOffer.answered_at: now,
                              UrgentOffer.answer_uuid: client_uuid}).where(UrgentOffer.id == offer_row["id"])
    late = me.late_calls if me else []
    full = await _accepted_count(request["id"]) >= request["carers_required"]
    await UrgentRequest.update({
        UrgentRequest.visit: visit_id,
        UrgentRequest.status: "accepted" if full else "offered",
        UrgentRequest.accepted_at: request["accepted_at"] or now,
        UrgentRequest.calls_made_late: request["calls_made_late"] + len(late),
        UrgentRequest.minutes_made_late: request["minutes_made_late"] + sum(c.minutes_late for c in late),
        UrgentRequest.version: request["version"] + 1,
    }).where(UrgentRequest.id == request["id"])
    if full:
        await UrgentOffer.update({UrgentOffer.status: "withdrawn"}).where(
            (UrgentOffer.request == request["id"]) & (UrgentOffer.status == "pending"))
    await audit.record(None, "urgent_request", request["id"], "accept", None, {
        "carer_id": carer_id, "visit_id": visit_id, "eta": minutes_to_hhmm(min(eta, 24 * 60 - 1)),
        "calls_made_late": [c.visit_id for c in late]})


_ticker: dict[str, object] = {}
TICK_SECONDS = 10.0


async def _tick_forever() -> None:
    import asyncio

    while True:
        await asyncio.sleep(TICK_SECONDS)
        try:
            await expire_due()
        except Exception:  # noqa: BLE001 - the next tick tries again
            log.exception("moving expired urgent offers on failed")


async def start_ticker() -> None:
    """Move unanswered offers on even when nobody is looking (each server process ticks; the
    first update of an offer wins, so ticking twice does no harm)."""
    import asyncio

    _ticker["task"] = asyncio.get_running_loop().create_task(_tick_forever())


async def stop_ticker() -> None:
    task = _ticker.pop("task", None)
    if task is not None:
        task.cancel()
