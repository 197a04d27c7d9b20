"""Web Push to carers' devices (pywebpush, signed with the agency's VAPID keys).

Sending happens off the request path: `notify_users` schedules the work and returns at once.
A subscription the push service answers 404 or 410 for is gone for good and is deleted;
any other failure is logged and never reaches the caller.
"""

from __future__ import annotations

import asyncio
import json
import logging
from urllib.parse import urlsplit

from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from api.domain.notify.endpoint_policy import EndpointRefused, check_endpoint, split_endpoint
from api.domain.notify.guarded_http import push_session
from api.domain.shared.common import ConflictException, invalid
from api.domain.tables import PushSubscription
from api.settings import get_settings

log = logging.getLogger("carerun.push")
SEND_TIMEOUT = (3.05, 5)  # seconds to connect, then to read: a slow push service must not pile up threads
_background: set[asyncio.Task] = set()  # keep references so tasks are not collected mid-flight


def _vapid() -> Vapid:
    return Vapid.from_pem(get_settings().vapid_private_pem.encode())


async def subscribe(user_id: int, endpoint: str, p256dh: str, auth: str) -> bool:
    """Store a browser subscription (or refresh this user's keys for it); True when it is new.
    The endpoint must be one the server may send to (endpoint_policy); one registered to
    another user is left with them (a 409), never moved to the poster."""
    try:
        await asyncio.to_thread(check_endpoint, endpoint)
    except EndpointRefused as exc:
        raise invalid("endpoint", str(exc)) from None
    existing = await PushSubscription.select(PushSubscription.id, PushSubscription.user).where(
        PushSubscription.endpoint == endpoint
    ).first()
    if existing and existing["user"] != user_id:
        raise ConflictException(detail="endpoint: this push subscription belongs to another account; "
                                       "sign that account out on this device first")
    if existing:
        await PushSubscription.update(
            {PushSubscription.p256dh: p256dh, PushSubscription.auth: auth}
        ).where(PushSubscription.id == existing["id"])
        return False
    await PushSubscription.insert(
        PushSubscription(user=user_id, endpoint=endpoint, p256dh=p256dh, auth=auth)
    )
    return True


async def unsubscribe(user_id: int, endpoint: str) -> None:
    await PushSubscription.delete().where(
        (PushSubscription.endpoint == endpoint) & (PushSubscription.user == user_id)
    )


def _post(sub: dict, payload: dict, vapid: Vapid, subject: str) -> dict:
    """One blocking send (run in a worker thread). Returns what happened."""
    endpoint = sub["endpoint"]
    parts = urlsplit(endpoint)
    try:
        split_endpoint(endpoint)  # the address itself is checked again on connect (guarded_http)
    except EndpointRefused as exc:
        return {"endpoint": endpoint, "status": None, "error": f"refused: {exc}"}
    claims = {"sub": subject, "aud": f"{parts.scheme}://{parts.netloc}"}
    try:
        with push_session() as session:
            response = webpush(
                subscription_info={"endpoint": endpoint, "keys": {"p256dh": sub["p256dh"], "auth": sub["auth"]}},
                data=json.dumps(payload),
                vapid_private_key=vapid,
                vapid_claims=claims,
                content_encoding="aes128gcm",
                ttl=24 * 3600,
                timeout=SEND_TIMEOUT,
                requests_session=session,
            )
        return {"endpoint": endpoint, "status": response.status_code}
    except WebPushException as exc:
        status = exc.response.status_code if exc.response is not None else None
        return {"endpoint": endpoint, "status": status, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - a push service fault must not escape
        return {"endpoint": endpoint, "status": None, "error": str(exc)}


async def send_to_user(user_id: int, payload: dict) -> list[dict]:
    """Send now to every subscription of a user; delete the ones that are gone."""
    subs = await PushSubscription.select().where(PushSubscription.user == user_id)
    if not subs:
        return []
    vapid, subject = _vapid(), get_settings().vapid_subject
    results = await asyncio.gather(*[asyncio.to_thread(_post, s, payload, vapid, subject) for s in subs])
    gone = [r["endpoint"] for r in results if r["status"] in (404, 410)]
    if gone:
        await PushSubscription.delete().where(PushSubscription.endpoint.is_in(gone))
    for r in results:
        if r.get("error") and r["status"] not in (404, 410):
            log.warning("push to %s failed: %s", r["endpoint"], r["error"])
    return results


async def _send_all(payloads: dict[int, dict]) -> dict[int, list[dict]]:
    results = {}
    for user_id, payload in payloads.items():
        try:
            results[user_id] = await send_to_user(user_id, payload)
        except Exception:  # noqa: BLE001 - never let one user's failure stop the others
            log.exception("push to user %s failed", user_id)
            results[user_id] = []
    return results


async def notify_users(payloads: dict[int, dict]) -> asyncio.Task:
    """Schedule one notification per user and return at once (the task, for tests to await)."""
    task = asyncio.get_running_loop().create_task(_send_all(payloads))
    _background.add(task)
    task.add_done_callback(_background.discard)
    return task
