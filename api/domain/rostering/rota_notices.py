"""Who was told of a publication, how, and who has not seen it yet.

Publishing posts one message per carer whose calls changed (api/domain/notify/inbox.py): it
lands in their in-app inbox and goes by web push and e-mail where those are set up. The
planner then sees, per carer, what happened on each channel, whether the carer has opened it
in the app, and can record that they told the carer by phone instead.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from api.domain.notify import inbox
from api.domain.shared.choices import NotificationKind
from api.domain.shared.common import not_found
from api.domain.tables import Carer, Notification, RotaPublication

NO_LOGIN = "no_login"  # a carer without an app login cannot be sent anything


class CarerNotice(msgspec.Struct):
    carer_id: int
    carer_name: str
    summary: str
    notification_id: int | None
    push: str  # sent | no_subscription | failed | pending, or no_login
    email: str | None  # sent | no_address | failed | pending; None when no SMTP server is set
    email_detail: str = ""
    push_detail: str = ""
    opened_at: dt.datetime | None = None
    told_by_phone_at: dt.datetime | None = None
    told_by_phone_by: str | None = None  # the staff member's name


def topic(publication_id: int) -> str:
    return f"publication:{publication_id}"


def _message(publication_id: int, changes) -> inbox.Message:
    dates = [d.date.isoformat() for d in changes.days]
    return inbox.Message(
        user_id=changes.user_id, title="Your rota has changed", body=changes.summary, url=f"/#/day/{dates[0]}",
        kind=NotificationKind.ROTA_CHANGED, topic=topic(publication_id),
        push_data={"tag": f"rota-{dates[0]}", "kind": "rota-changed", "dates": dates},
    )


async def store(publication_id: int, diff) -> list[int]:
    """Put a message in each changed carer's inbox (inside the publication's transaction);
    the caller sends them with `inbox.send_later` once it has committed."""
    return await inbox.store([_message(publication_id, c) for c in diff.carers if c.user_id is not None])


async def notices(publication_id: int, diff=None) -> list[CarerNotice]:
    """Per carer told of this publication: each channel's outcome, opened, told by phone.
    With the publication's diff, carers without a login are listed too (as `no_login`)."""
    if not await RotaPublication.exists().where(RotaPublication.id == publication_id):
        raise not_found("publication", publication_id)
    rows = await Notification.select(
        Notification.id, Notification.user, Notification.body, Notification.read_at,
        Notification.told_by_phone_at, Notification.told_by_phone_by.display_name.as_alias("told_by"),
    ).where(Notification.topic == topic(publication_id))
    carers = {c["user"]: c for c in await Carer.select(Carer.id, Carer.name, Carer.user).where(
        Carer.user.is_in([r["user"] for r in rows] or [-1]))}
    deliveries = await inbox.deliveries_of([r["id"] for r in rows])
    out = []
    for r in rows:
        carer = carers.get(r["user"], {"id": 0, "name": "(no longer a carer)"})
        sent = deliveries.get(r["id"], {})
        push, mail = sent.get("push"), sent.get("email")
        out.append(CarerNotice(
            carer_id=carer["id"], carer_name=carer["name"], summary=r["body"], notification_id=r["id"],
            push=push.outcome if push else "pending", push_detail=push.detail if push else "",
            email=mail.outcome if mail else None, email_detail=mail.detail if mail else "",
            opened_at=r["read_at"], told_by_phone_at=r["told_by_phone_at"], told_by_phone_by=r["told_by"],
        ))
    if diff is not None:
        out += [CarerNotice(c.carer_id, c.carer_name, c.summary, None, NO_LOGIN, None)
                for c in diff.carers if c.user_id is None]
    return sorted(out, key=lambda n: n.carer_name)
