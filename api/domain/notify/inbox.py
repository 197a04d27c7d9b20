"""Telling a user something: the in-app inbox, with web push and e-mail beside it.

Any area posts a message to a user with `post([Message(...)])` (or `store` inside its own
transaction, then `send_later` once committed). Every message lands in the user's inbox, which
the phone app shows on its next opening with an unread count; it is also sent, off the request
path, by web push to each device the user turned notifications on for, and by e-mail when the
agency has an SMTP server set and the user has an address. What happened on each channel is
recorded per message (NotificationDelivery: sent, no subscription, no address, failed), and the
office can see who has opened it, or mark that they told the person by phone.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import msgspec

from api.domain.notify import email, push
from api.domain.shared import audit
from api.domain.shared.choices import DeliveryOutcome, NotificationKind, NotifyChannel
from api.domain.shared.common import not_found
from api.domain.tables import Notification, NotificationDelivery, PushSubscription, User

log = logging.getLogger("carerun.notify")
INBOX_SIZE = 50  # the newest messages the app lists
_background: set[asyncio.Task] = set()  # keep references so tasks are not collected mid-flight


class Message(msgspec.Struct):
    user_id: int
    title: str
    body: str
    url: str = ""
    kind: NotificationKind = NotificationKind.MESSAGE
    topic: str = ""  # what it is about, for the sender to find its messages again ("publication:12")
    push_data: dict = {}  # more for the service worker beside title, body, url (e.g. tag, dates)


class Delivery(msgspec.Struct):
    channel: str
    outcome: str
    detail: str
    updated_at: dt.datetime


class NotificationOut(msgspec.Struct):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class Inbox(msgspec.Struct):
    unread: int
    items: list[NotificationOut]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


async def store(messages: list[Message]) -> list[int]:
    """Put each message in its user's inbox and record how it will be sent (call `send_later`
    with the ids once the caller's transaction has committed). Returns the ids in order."""
    if not messages:
        return []
    rows = await Notification.insert(*[
        Notification(user=m.user_id, kind=m.kind, topic=m.topic, title=m.title[:200], body=m.body, url=m.url[:255],
                     push_data=m.push_data)
        for m in messages
    ]).returning(Notification.id)
    ids = [r["id"] for r in rows]
    user_ids = sorted({m.user_id for m in messages})
    subscribed = {r["user"] for r in await PushSubscription.select(PushSubscription.user).where(
        PushSubscription.user.is_in(user_ids))}
    smtp = await email.configured_server()
    addresses = {}
    if smtp is not None:
        addresses = {r["id"]: r["email"] for r in await User.select(User.id, User.email).where(User.id.is_in(user_ids))}
    deliveries = []
    for notification_id, m in zip(ids, messages):
        deliveries.append(NotificationDelivery(
            notification=notification_id, channel=NotifyChannel.PUSH,
            outcome=DeliveryOutcome.PENDING if m.user_id in subscribed else DeliveryOutcome.NO_SUBSCRIPTION))
        if smtp is not None:
            deliveries.append(NotificationDelivery(
                notification=notification_id, channel=NotifyChannel.EMAIL,
                outcome=DeliveryOutcome.PENDING if addresses.get(m.user_id) else DeliveryOutcome.NO_ADDRESS))
    await NotificationDelivery.insert(*deliveries)
    return ids


def send_later(notification_ids: list[int]) -> asyncio.Task | None:
    """Send the pending deliveries of these messages off the request path (the task, for tests)."""
    if not notification_ids:
        return None
    task = asyncio.get_running_loop().create_task(_send(list(notification_ids)))
    _background.add(task)
    task.add_done_callback(_background.discard)
    return task


async def post(messages: list[Message]) -> list[int]:
    """Store and send: the door for areas that are not inside a transaction of their own."""
    ids = await store(messages)
    send_later(ids)
    return ids


async def _set(delivery_id: int, outcome: str, detail: str = "") -> None:
    await NotificationDelivery.update({
        NotificationDelivery.outcome: outcome, NotificationDelivery.detail: detail[:1000],
        NotificationDelivery.updated_at: _now(),
    }).where(NotificationDelivery.id == delivery_id)


async def _push(delivery: dict, user_id: int, payload: dict) -> None:
    results = await push.send_to_user(user_id, payload)
    if not results:  # every subscription went away meanwhile
        await _set(delivery["id"], DeliveryOutcome.NO_SUBSCRIPTION)
    elif all(r["status"] in (404, 410) for r in results):  # the push service says they expired
        await _set(delivery["id"], DeliveryOutcome.NO_SUBSCRIPTION, "the device's subscription had expired")
    elif any(r["status"] is not None and 200 <= r["status"] < 300 for r in results):
        await _set(delivery["id"], DeliveryOutcome.SENT, f"{sum(1 for r in results if (r['status'] or 0) < 300)} "
                                                         f"of {len(results)} devices")
    else:
        await _set(delivery["id"], DeliveryOutcome.FAILED,
                   "; ".join(r.get("error") or f"status {r['status']}" for r in results))


async def _email(delivery: dict, server: email.SmtpServer | None, note: dict) -> None:
    if server is None:
        await _set(delivery["id"], DeliveryOutcome.FAILED, "the SMTP server was removed from the settings")
        return
    body = note["body"] + (f"\n\nOpen Carerun to see it: {note['url']}" if note["url"] else "")
    error = await email.send(server, note["email"], note["title"], body)
    await _set(delivery["id"], DeliveryOutcome.FAILED if error else DeliveryOutcome.SENT, error or "")


async def _send(notification_ids: list[int]) -> None:
    try:
        notes = {n["id"]: n for n in await Notification.select(
            Notification.id, Notification.user, Notification.title, Notification.body, Notification.url,
            Notification.push_data, Notification.user.email.as_alias("email"),
        ).where(Notification.id.is_in(notification_ids)).output(load_json=True)}
        pending = await NotificationDelivery.select().where(
            NotificationDelivery.notification.is_in(notification_ids)
            & (NotificationDelivery.outcome == DeliveryOutcome.PENDING))
        server = await email.configured_server() if any(d["channel"] == NotifyChannel.EMAIL for d in pending) else None
        for d in pending:  # one at a time: a carer's phone and mailbox are not in a hurry
            note = notes[d["notification"]]
            payload = {"title": note["title"], "body": note["body"], "url": note["url"], **(note["push_data"] or {})}
            try:
                if d["channel"] == NotifyChannel.PUSH:
                    await _push(d, note["user"], payload)
                else:
                    await _email(d, server, note)
            except Exception as exc:  # noqa: BLE001 - one message's fault must not stop the others
                log.exception("sending notification %s by %s failed", d["notification"], d["channel"])
                await _set(d["id"], DeliveryOutcome.FAILED, str(exc))
    except Exception:  # noqa: BLE001 - a background task has no caller to tell
        log.exception("sending notifications %s failed", notification_ids)


async def inbox(user_id: int) -> Inbox:
    rows = await Notification.select(
        Notification.id, Notification.kind, Notification.title, Notification.body, Notification.url,
        Notification.created_at, Notification.read_at,
    ).where(Notification.user == user_id).order_by(Notification.id, ascending=False).limit(INBOX_SIZE)
    unread = await Notification.count().where((Notification.user == user_id) & Notification.read_at.is_null())
    return Inbox(unread, [NotificationOut(**r) for r in rows])


async def mark_read(user_id: int, notification_ids: list[int]) -> Inbox:
    """The user opened these messages (others' ids are ignored: nobody reads another's inbox)."""
    if notification_ids:
        await Notification.update({Notification.read_at: _now()}).where(
            (Notification.user == user_id) & Notification.id.is_in(notification_ids) & Notification.read_at.is_null())
    return await inbox(user_id)


async def mark_told_by_phone(notification_id: int, actor_id: int) -> dict:
    """Staff told the person by phone: recorded on the message and in the audit trail."""
    row = await Notification.select(Notification.id, Notification.user, Notification.topic,
                                    Notification.told_by_phone_at).where(Notification.id == notification_id).first()
    if row is None:
        raise not_found("notification", notification_id)
    now = _now()
    await Notification.update({Notification.told_by_phone_by: actor_id, Notification.told_by_phone_at: now}).where(
        Notification.id == notification_id)
    await audit.record(actor_id, "notification", notification_id, "told_by_phone",
                       {"told_by_phone_at": row["told_by_phone_at"]},
                       {"user_id": row["user"], "topic": row["topic"], "told_by_phone_at": now})
    return {"id": notification_id, "told_by_phone_at": now}


async def deliveries_of(notification_ids: list[int]) -> dict[int, dict[str, Delivery]]:
    """{notification_id: {channel: Delivery}}"""
    out: dict[int, dict[str, Delivery]] = {}
    if notification_ids:
        for d in await NotificationDelivery.select().where(NotificationDelivery.notification.is_in(notification_ids)):
            out.setdefault(d["notification"], {})[d["channel"]] = Delivery(
                d["channel"], d["outcome"], d["detail"], d["updated_at"])
    return out
