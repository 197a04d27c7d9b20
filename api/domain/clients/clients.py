"""Clients (service users): where they live, their status, preferences and sensitive access data."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.domain.shared.db import write_transaction
from api.domain.shared import audit
from api.domain.shared.choices import ClientStatus, GenderPreference
from api.domain.people.carers import Lat, Lon, Name
from api.domain.shared.common import invalid, not_found, paged, struct_values, versioned_update
from api.domain.tables import Carer, Client, ClientCarerPreference, ClientSensitive

Text255 = Annotated[str, Meta(max_length=255)]


class ClientCreate(msgspec.Struct):
    name: Name
    address: Annotated[str, Meta(min_length=1, max_length=255)]
    lat: Lat
    lon: Lon
    town: Annotated[str, Meta(max_length=64)] = ""
    postcode: Annotated[str, Meta(max_length=16)] = ""
    phone: Annotated[str, Meta(max_length=32)] = ""
    status: ClientStatus = ClientStatus.ACTIVE
    status_since: dt.date | None = None
    gender_preference: GenderPreference = GenderPreference.ANY
    alerts: Annotated[str, Meta(max_length=2000)] = ""
    access_notes: Annotated[str, Meta(max_length=2000)] = ""
    key_safe_code: Annotated[str, Meta(max_length=32)] = ""
    preferred_carer_ids: list[int] = []
    excluded_carer_ids: list[int] = []


class ClientUpdate(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
    name: Name | UnsetType = UNSET
    address: Annotated[str, Meta(min_length=1, max_length=255)] | UnsetType = UNSET
    lat: Lat | UnsetType = UNSET
    lon: Lon | UnsetType = UNSET
    town: Annotated[str, Meta(max_length=64)] | UnsetType = UNSET
    postcode: Annotated[str, Meta(max_length=16)] | UnsetType = UNSET
    phone: Annotated[str, Meta(max_length=32)] | UnsetType = UNSET
    status: ClientStatus | UnsetType = UNSET
    status_since: dt.date | None | UnsetType = UNSET
    gender_preference: GenderPreference | UnsetType = UNSET
    alerts: Annotated[str, Meta(max_length=2000)] | UnsetType = UNSET
    access_notes: Annotated[str, Meta(max_length=2000)] | UnsetType = UNSET
    key_safe_code: Annotated[str, Meta(max_length=32)] | UnsetType = UNSET
    preferred_carer_ids: list[int] | UnsetType = UNSET
    excluded_carer_ids: list[int] | UnsetType = UNSET


class ClientOut(msgspec.Struct):
    id: int
    version: int
    name: str
    address: str
    town: str
    postcode: str
    phone: str
    lat: float
    lon: float
    status: str
    status_since: dt.date | None
    gender_preference: str
    alerts: str
    preferred_carer_ids: list[int]
    excluded_carer_ids: list[int]


class ClientSensitiveOut(msgspec.Struct):
    client_id: int
    access_notes: str
    key_safe_code: str


SENSITIVE = ("access_notes", "key_safe_code")


async def _preferences(client_ids: list[int]) -> dict[int, dict[str, list[int]]]:
    prefs = {i: {"preferred": [], "excluded": []} for i in client_ids}
    if client_ids:
        rows = await ClientCarerPreference.select().where(
            ClientCarerPreference.client.is_in(client_ids)
        )
        for row in rows:
            prefs[row["client"]][row["kind"]].append(row["carer"])
    return prefs


def _out(row: dict, prefs: dict[str, list[int]]) -> ClientOut:
    return ClientOut(
        id=row["id"],
        version=row["version"],
        name=row["name"],
        address=row["address"],
        town=row["town"],
        postcode=row["postcode"],
        phone=row["phone"],
        lat=row["lat"],
        lon=row["lon"],
        status=row["status"],
        status_since=row["status_since"],
        gender_preference=row["gender_preference"],
        alerts=row["alerts"],
        preferred_carer_ids=sorted(prefs["preferred"]),
        excluded_carer_ids=sorted(prefs["excluded"]),
    )


async def get_client(client_id: int) -> ClientOut:
    row = await Client.select().where(Client.id == client_id).first()
    if row is None:
        raise not_found("client", client_id)
    return _out(row, (await _preferences([client_id]))[client_id])


async def get_sensitive(client_id: int) -> ClientSensitiveOut:
    await get_client(client_id)  # 404 for an unknown client
    row = await ClientSensitive.select().where(ClientSensitive.client == client_id).first()
    return ClientSensitiveOut(
        client_id=client_id,
        access_notes=row["access_notes"] if row else "",
        key_safe_code=row["key_safe_code"] if row else "",
    )


async def list_clients(
    limit: int,
    offset: int,
    status: str | None,
    town: str | None,
    q: str | None,
    only_ids: set[int] | None = None,
) -> tuple[list[ClientOut], int]:
    query = Client.select().order_by(Client.name)
    count = Client.count()
    clauses = []
    if status:
        clauses.append(Client.status == status)
    if town:
        clauses.append(Client.town.ilike(town))
    if q:
        clauses.append(Client.name.ilike(f"%{q}%"))
    if only_ids is not None:  # row-level rule for carers
        clauses.append(Client.id.is_in(sorted(only_ids) or [-1]))
    for clause in clauses:
        query = query.where(clause)
        count = count.where(clause)
    rows, total = await paged(query, count, limit, offset)
    prefs = await _preferences([r["id"] for r in rows])
    return [_out(r, prefs[r["id"]]) for r in rows], total


async def _check_carers(field: str, carer_ids: list[int]) -> None:
    if not carer_ids:
        return
    found = {r["id"] for r in await Carer.select(Carer.id).where(Carer.id.is_in(carer_ids))}
    missing = sorted(set(carer_ids) - found)
    if missing:
        raise invalid(field, f"unknown carer id(s) {missing}")


async def _set_preferences(client_id: int, preferred: list[int] | None, excluded: list[int] | None):
    if preferred is not None and excluded is not None and set(preferred) & set(excluded):
        raise invalid("excluded_carer_ids", "a carer cannot be both preferred and excluded")
    for kind, ids in (("preferred", preferred), ("excluded", excluded)):
        if ids is None:
            continue
        await _check_carers(f"{kind}_carer_ids", ids)
        await ClientCarerPreference.delete().where(
            (ClientCarerPreference.client == client_id) & (ClientCarerPreference.kind == kind)
        )
        if ids:
            await ClientCarerPreference.insert(
                *[ClientCarerPreference(client=client_id, carer=c, kind=kind) for c in set(ids)]
            )


async def create_client(data: ClientCreate, actor_id: int | None) -> ClientOut:
    values = struct_values(data, skip=("preferred_carer_ids", "excluded_carer_ids", *SENSITIVE))
    async with write_transaction():
        inserted = await Client.insert(Client(**values)).returning(Client.id)
        client_id = inserted[0]["id"]
        await ClientSensitive.insert(
            ClientSensitive(
                client=client_id, access_notes=data.access_notes, key_safe_code=data.key_safe_code
            )
        )
        await _set_preferences(client_id, data.preferred_carer_ids, data.excluded_carer_ids)
        result = await get_client(client_id)
        # The audit trail records that sensitive data changed, never its value.
        await audit.record(actor_id, "client", client_id, "create", None, msgspec.to_builtins(result))
    return result


async def update_client(client_id: int, data: ClientUpdate, actor_id: int | None) -> ClientOut:
    values = struct_values(data)
    preferred = values.pop("preferred_carer_ids", None)
    excluded = values.pop("excluded_carer_ids", None)
    sensitive = {k: values.pop(k) for k in SENSITIVE if k in values}
    async with write_transaction():
        before = await get_client(client_id)
        await versioned_update(Client, client_id, data.version, values)
        if sensitive:
            exists = await ClientSensitive.exists().where(ClientSensitive.client == client_id)
            if exists:
                await ClientSensitive.update(sensitive).where(ClientSensitive.client == client_id)
            else:
                await ClientSensitive.insert(ClientSensitive(client=client_id, **sensitive))
        if preferred is not None or excluded is not None:
            current = (await _preferences([client_id]))[client_id]
            await _set_preferences(
                client_id,
                preferred if preferred is not None else current["preferred"],
                excluded if excluded is not None else current["excluded"],
            )
        after = await get_client(client_id)
        changes = msgspec.to_builtins(after)
        if sensitive:
            changes["sensitive_fields_changed"] = sorted(sensitive)
        await audit.record(
            actor_id, "client", client_id, "update", msgspec.to_builtins(before), changes
        )
    if "status" in values or "status_since" in values:
        # In hospital or ceased: their coming calls are cancelled (and restored on return).
        from api.domain.rostering.calls import apply_client_status

        await apply_client_status(client_id, actor_id)
    return after


async def deactivate_client(client_id: int, version: int, actor_id: int | None) -> ClientOut:
    """Clients are never deleted (care records must be kept): they are marked ceased."""
    return await update_client(
        client_id,
        ClientUpdate(version=version, status="ceased", status_since=dt.date.today()),
        actor_id,
    )
