"""The communications log: calls and messages received from clients, families, social workers
and professionals, logged against the client with the follow-up and who owns it (the service
planner's "log information on calls received"). Audited."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from api.auth import AuthUser
from api.domain.shared import audit
from api.domain.shared.choices import STAFF_ROLES, ContactChannel, ContactFrom
from api.domain.shared.common import invalid, paged
from api.domain.shared.db import write_transaction
from api.domain.tables import Client, Communication, User
from api.domain.visits.fields import AwareTime, now

Id = Annotated[int, Meta(ge=1, le=2_147_483_647)]


class CommunicationIn(msgspec.Struct):
    contact_from: ContactFrom
    summary: Annotated[str, Meta(min_length=1, max_length=4000)]
    client_id: Id | None = None
    channel: ContactChannel = ContactChannel.PHONE
    contact_name: Annotated[str, Meta(max_length=128)] = ""
    follow_up: Annotated[str, Meta(max_length=2000)] = ""
    owner_id: Id | None = None
    received_at: AwareTime | None = None  # default: now


class CommunicationOut(msgspec.Struct):
    id: int
    received_at: dt.datetime
    client_id: int | None
    client_name: str | None
    channel: str
    contact_from: str
    contact_name: str
    summary: str
    follow_up: str
    owner_id: int | None
    owner_name: str
    logged_by: str


def select_entries():
    return Communication.select(
        *Communication.all_columns(), Communication.client.name.as_alias("client_name"),
        Communication.owner.display_name.as_alias("owner_name"),
        Communication.logged_by.display_name.as_alias("logged_by_name"),
    )


def entry_out(r: dict) -> CommunicationOut:
    return CommunicationOut(r["id"], r["received_at"], r["client"], r["client_name"], r["channel"], r["contact_from"],
                            r["contact_name"], r["summary"], r["follow_up"], r["owner"], r["owner_name"] or "",
                            r["logged_by_name"] or "")


async def log_communication(user: AuthUser, data: CommunicationIn) -> CommunicationOut:
    if data.client_id is not None and not await Client.exists().where(Client.id == data.client_id):
        raise invalid("client_id", f"no client with id {data.client_id}")
    if data.owner_id is not None:
        owner = await User.select(User.role, User.active).where(User.id == data.owner_id).first()
        if owner is None or not owner["active"] or owner["role"] not in STAFF_ROLES:
            raise invalid("owner_id", "must be an active member of staff")
    if data.follow_up.strip() and data.owner_id is None:
        raise invalid("owner_id", "name who owns the follow-up")
    received = data.received_at or now()
    if received > now() + dt.timedelta(minutes=5):
        raise invalid("received_at", "is in the future")
    async with write_transaction():
        inserted = await Communication.insert(Communication(
            client=data.client_id, received_at=received, channel=data.channel, contact_from=data.contact_from,
            contact_name=data.contact_name.strip(), summary=data.summary.strip(), follow_up=data.follow_up.strip(),
            owner=data.owner_id, logged_by=user.id, created_at=now(),
        )).returning(Communication.id)
        row = await select_entries().where(Communication.id == inserted[0]["id"]).first()
        await audit.record(user.id, "communication", row["id"], "log", None,
                           {k: v for k, v in row.items() if not k.endswith("_name")})
    return entry_out(row)


async def list_communications(client_id: int | None, limit: int, offset: int) -> tuple[list[CommunicationOut], int]:
    query = select_entries().order_by(Communication.received_at, ascending=False)
    count = Communication.count()
    if client_id is not None:
        query, count = query.where(Communication.client == client_id), count.where(Communication.client == client_id)
    rows, total = await paged(query, count, limit, offset)
    return [entry_out(r) for r in rows], total
