"""Clients (service users): who they are, where they live, their status, the people around
them, preferences and sensitive access data."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.domain.shared.db import write_transaction
from api.domain.shared import audit
from api.domain.shared.choices import ClientStatus, ContactKind, Funder, GenderPreference, PreferenceKind
from api.domain.people.carers import Lat, Lon, Name
from api.domain.shared.common import invalid, not_found, paged, server_today, struct_values, versioned_update
from api.domain.shared.stale import explained
from api.domain.tables import Carer, Client, ClientCarerPreference, ClientContact, ClientSensitive

Text255 = Annotated[str, Meta(max_length=255)]
LongText = Annotated[str, Meta(max_length=2000)]
Phone = Annotated[str, Meta(max_length=32)]


class ContactIn(msgspec.Struct):
    kind: ContactKind
    name: Name
    relationship: Annotated[str, Meta(max_length=64)] = ""
    phone: Phone = ""
    email: Annotated[str, Meta(max_length=128)] = ""
    may_be_told: Annotated[str, Meta(max_length=255, description="what this person may be told")] = ""


class ContactOut(ContactIn):
    pass


class PreferenceIn(msgspec.Struct):
    carer_id: int
    kind: PreferenceKind
    reason: Text255 = ""


class PreferenceOut(msgspec.Struct):
    carer_id: int
    carer_name: str
    kind: str
    reason: str


class ClientCreate(msgspec.Struct):
    name: Name
    address: Annotated[str, Meta(min_length=1, max_length=255)]
    lat: Lat
    lon: Lon
    preferred_name: Annotated[str, Meta(max_length=128)] = ""
    date_of_birth: dt.date | None = None
    town: Annotated[str, Meta(max_length=64)] = ""
    postcode: Annotated[str, Meta(max_length=16)] = ""
    phone: Phone = ""
    funder: Funder = Funder.OTHER
    status: ClientStatus = ClientStatus.ACTIVE
    status_since: dt.date | None = None
    status_reason: Text255 = ""
    gender_preference: GenderPreference = GenderPreference.ANY
    alerts: LongText = ""
    allergies: LongText = ""
    communication_needs: LongText = ""
    access_notes: LongText = ""
    key_safe_code: Annotated[str, Meta(max_length=32)] = ""
    preferred_carer_ids: list[int] = []
    excluded_carer_ids: list[int] = []
    # With reasons; when given it is the whole list and the two id lists above are ignored.
    carer_preferences: list[PreferenceIn] | None = None
    contacts: list[ContactIn] = []


class ClientUpdate(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
    name: Name | UnsetType = UNSET
    preferred_name: Annotated[str, Meta(max_length=128)] | UnsetType = UNSET
    date_of_birth: dt.date | None | UnsetType = UNSET
    address: Annotated[str, Meta(min_length=1, max_length=255)] | UnsetType = UNSET
    lat: Lat | UnsetType = UNSET
    lon: Lon | UnsetType = UNSET
    town: Annotated[str, Meta(max_length=64)] | UnsetType = UNSET
    postcode: Annotated[str, Meta(max_length=16)] | UnsetType = UNSET
    phone: Phone | UnsetType = UNSET
    funder: Funder | UnsetType = UNSET
    status: ClientStatus | UnsetType = UNSET
    status_since: dt.date | None | UnsetType = UNSET
    status_reason: Text255 | UnsetType = UNSET
    gender_preference: GenderPreference | UnsetType = UNSET
    alerts: LongText | UnsetType = UNSET
    allergies: LongText | UnsetType = UNSET
    communication_needs: LongText | UnsetType = UNSET
    access_notes: LongText | UnsetType = UNSET
    key_safe_code: Annotated[str, Meta(max_length=32)] | UnsetType = UNSET
    preferred_carer_ids: list[int] | UnsetType = UNSET
    excluded_carer_ids: list[int] | UnsetType = UNSET
    carer_preferences: list[PreferenceIn] | UnsetType = UNSET
    contacts: list[ContactIn] | UnsetType = UNSET


class ClientOut(msgspec.Struct):
    id: int
    version: int
    name: str
    preferred_name: str
    date_of_birth: dt.date | None
    address: str
    town: str
    postcode: str
    phone: str
    lat: float
    lon: float
    funder: str
    status: str
    status_since: dt.date | None
    status_reason: str
    gender_preference: str
    alerts: str
    allergies: str
    communication_needs: str
    preferred_carer_ids: list[int]
    excluded_carer_ids: list[int]
    carer_preferences: list[PreferenceOut]
    contacts: list[ContactOut]
    has_key_safe_code: bool


class ClientSensitiveOut(msgspec.Struct):
    client_id: int
    access_notes: str
    key_safe_code: str


class CeaseIn(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
    date: dt.date
    reason: Annotated[str, Meta(min_length=1, max_length=255)]


SENSITIVE = ("access_notes", "key_safe_code")
PLAIN = ("preferred_carer_ids", "excluded_carer_ids", "carer_preferences", "contacts", *SENSITIVE)


async def _children(client_ids: list[int]) -> tuple[dict, dict, set[int]]:
    prefs: dict[int, list[PreferenceOut]] = {i: [] for i in client_ids}
    contacts: dict[int, list[ContactOut]] = {i: [] for i in client_ids}
    with_code: set[int] = set()
    if client_ids:
        rows = await ClientCarerPreference.select(
            *ClientCarerPreference.all_columns(), ClientCarerPreference.carer.name.as_alias("carer_name")
        ).where(ClientCarerPreference.client.is_in(client_ids)).order_by(ClientCarerPreference.id)
        for row in rows:
            prefs[row["client"]].append(PreferenceOut(row["carer"], row["carer_name"], row["kind"], row["reason"]))
        for row in await ClientContact.select().where(ClientContact.client.is_in(client_ids)).order_by(
            ClientContact.position
        ):
            contacts[row["client"]].append(ContactOut(
                kind=row["kind"], name=row["name"], relationship=row["relationship"], phone=row["phone"],
                email=row["email"], may_be_told=row["may_be_told"]))
        with_code = {r["client"] for r in await ClientSensitive.select(ClientSensitive.client).where(
            ClientSensitive.client.is_in(client_ids) & (ClientSensitive.key_safe_code != ""))}
    return prefs, contacts, with_code


def _out(row: dict, prefs: list[PreferenceOut], contacts: list[ContactOut], has_code: bool) -> ClientOut:
    return ClientOut(
        id=row["id"], version=row["version"], name=row["name"], preferred_name=row["preferred_name"],
        date_of_birth=row["date_of_birth"], address=row["address"], town=row["town"],
        postcode=row["postcode"], phone=row["phone"], lat=row["lat"], lon=row["lon"],
        funder=row["funder"], status=row["status"], status_since=row["status_since"],
        status_reason=row["status_reason"], gender_preference=row["gender_preference"],
        alerts=row["alerts"], allergies=row["allergies"], communication_needs=row["communication_needs"],
        preferred_carer_ids=sorted(p.carer_id for p in prefs if p.kind == "preferred"),
        excluded_carer_ids=sorted(p.carer_id for p in prefs if p.kind == "excluded"),
        carer_preferences=prefs, contacts=contacts, has_key_safe_code=has_code,
    )


async def get_client(client_id: int) -> ClientOut:
    row = await Client.select().where(Client.id == client_id).first()
    if row is None:
        raise not_found("client", client_id)
    prefs, contacts, with_code = await _children([client_id])
    return _out(row, prefs[client_id], contacts[client_id], client_id in with_code)


async def get_sensitive(client_id: int, actor_id: int | None) -> ClientSensitiveOut:
    """Access notes and key safe code for staff; every view is written to the audit trail."""
    await get_client(client_id)  # 404 for an unknown client
    row = await ClientSensitive.select().where(ClientSensitive.client == client_id).first()
    await audit.record(actor_id, "client", client_id, "view_key_safe", None, None)
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
    funder: str | None = None,
) -> tuple[list[ClientOut], int]:
    query = Client.select().order_by(Client.name)
    count = Client.count()
    clauses = []
    if status:
        clauses.append(Client.status == status)
    if town:
        clauses.append(Client.town.ilike(town))
    if funder:
        clauses.append(Client.funder == funder)
    if q:
        like = f"%{q}%"
        clauses.append(Client.name.ilike(like) | Client.preferred_name.ilike(like)
                       | Client.postcode.ilike(like) | Client.address.ilike(like))
    if only_ids is not None:  # row-level rule for carers
        clauses.append(Client.id.is_in(sorted(only_ids) or [-1]))
    for clause in clauses:
        query = query.where(clause)
        count = count.where(clause)
    rows, total = await paged(query, count, limit, offset)
    prefs, contacts, with_code = await _children([r["id"] for r in rows])
    return [_out(r, prefs[r["id"]], contacts[r["id"]], r["id"] in with_code) for r in rows], total


async def _check_carers(field: str, carer_ids: list[int]) -> None:
    if not carer_ids:
        return
    found = {r["id"] for r in await Carer.select(Carer.id).where(Carer.id.is_in(carer_ids))}
    missing = sorted(set(carer_ids) - found)
    if missing:
        raise invalid(field, f"unknown carer id(s) {missing}")


def _preferences_from_ids(preferred: list[int], excluded: list[int]) -> list[PreferenceIn]:
    return ([PreferenceIn(c, PreferenceKind.PREFERRED) for c in dict.fromkeys(preferred)]
            + [PreferenceIn(c, PreferenceKind.EXCLUDED) for c in dict.fromkeys(excluded)])


async def _set_preferences(client_id: int, prefs: list[PreferenceIn], field: str) -> None:
    kinds: dict[int, str] = {}
    for p in prefs:
        if kinds.get(p.carer_id, p.kind) != p.kind:
            raise invalid("excluded_carer_ids" if field != "carer_preferences" else field,
                          "a carer cannot be both preferred and excluded")
        kinds[p.carer_id] = p.kind
    await _check_carers(field, [p.carer_id for p in prefs])
    await ClientCarerPreference.delete().where(ClientCarerPreference.client == client_id)
    unique = {p.carer_id: p for p in prefs}.values()
    if unique:
        await ClientCarerPreference.insert(*[
            ClientCarerPreference(client=client_id, carer=p.carer_id, kind=p.kind, reason=p.reason)
            for p in unique])


async def _set_contacts(client_id: int, contacts: list[ContactIn]) -> None:
    await ClientContact.delete().where(ClientContact.client == client_id)
    if contacts:
        await ClientContact.insert(*[
            ClientContact(client=client_id, position=i, **msgspec.to_builtins(c))
            for i, c in enumerate(contacts)])


def _check_dates(values: dict) -> None:
    born = values.get("date_of_birth")
    if born is not None and born > server_today():
        raise invalid("date_of_birth", "is in the future")
    if born is not None and born < dt.date(1900, 1, 1):
        raise invalid("date_of_birth", "is before 1900")


async def create_client(data: ClientCreate, actor_id: int | None) -> ClientOut:
    values = struct_values(data, skip=PLAIN)
    _check_dates(values)
    prefs = (data.carer_preferences if data.carer_preferences is not None
             else _preferences_from_ids(data.preferred_carer_ids, data.excluded_carer_ids))
    field = "carer_preferences" if data.carer_preferences is not None else "preferred_carer_ids"
    if data.carer_preferences is None:
        await _check_carers("excluded_carer_ids", data.excluded_carer_ids)
    async with write_transaction():
        inserted = await Client.insert(Client(**values)).returning(Client.id)
        client_id = inserted[0]["id"]
        await ClientSensitive.insert(
            ClientSensitive(
                client=client_id, access_notes=data.access_notes, key_safe_code=data.key_safe_code
            )
        )
        await _set_preferences(client_id, prefs, field)
        await _set_contacts(client_id, data.contacts)
        result = await get_client(client_id)
        # The audit trail records that sensitive data changed, never its value.
        await audit.record(actor_id, "client", client_id, "create", None, msgspec.to_builtins(result))
    return result


async def update_client(client_id: int, data: ClientUpdate, actor_id: int | None,
                        action: str = "update") -> ClientOut:
    values = struct_values(data)
    preferred = values.pop("preferred_carer_ids", None)
    excluded = values.pop("excluded_carer_ids", None)
    prefs_in = values.pop("carer_preferences", None)
    contacts = values.pop("contacts", None)
    sensitive = {k: values.pop(k) for k in SENSITIVE if k in values}
    _check_dates(values)
    async with write_transaction():
        before = await get_client(client_id)
        async with explained("client", client_id, data.version):
            await versioned_update(Client, client_id, data.version, values)
        if sensitive:
            exists = await ClientSensitive.exists().where(ClientSensitive.client == client_id)
            if exists:
                await ClientSensitive.update(sensitive).where(ClientSensitive.client == client_id)
            else:
                await ClientSensitive.insert(ClientSensitive(client=client_id, **sensitive))
        if prefs_in is not None:
            await _set_preferences(client_id, prefs_in, "carer_preferences")
        elif preferred is not None or excluded is not None:
            await _check_carers("excluded_carer_ids", excluded or [])
            reasons = {p.carer_id: p.reason for p in before.carer_preferences}
            merged = _preferences_from_ids(
                preferred if preferred is not None else before.preferred_carer_ids,
                excluded if excluded is not None else before.excluded_carer_ids)
            for p in merged:
                p.reason = reasons.get(p.carer_id, "")
            await _set_preferences(client_id, merged, "preferred_carer_ids")
        if contacts is not None:
            await _set_contacts(client_id, contacts)
        after = await get_client(client_id)
        changes = msgspec.to_builtins(after)
        if sensitive:
            changes["sensitive_fields_changed"] = sorted(sensitive)
        await audit.record(
            actor_id, "client", client_id, action, msgspec.to_builtins(before), changes
        )
    if "status" in values or "status_since" in values:
        # In hospital or ceased: their coming calls are cancelled (and restored on return).
        from api.domain.rostering.calls import apply_client_status

        await apply_client_status(client_id, actor_id)
    return after


async def cease_client(client_id: int, data: CeaseIn, actor_id: int | None) -> ClientOut:
    """The ceased process: the client's care ends on a date, with a reason. Calls from that
    date on are cancelled (none are generated again); calls before it, visit records, care
    plans and the audit trail are all kept."""
    current = await get_client(client_id)
    if current.status == ClientStatus.CEASED:
        raise invalid("status", f"this client already ceased on {current.status_since}")
    if data.date < server_today() - dt.timedelta(days=31):
        raise invalid("date", "a ceased date more than a month back cannot end calls already made")
    return await update_client(client_id, ClientUpdate(
        version=data.version, status=ClientStatus.CEASED, status_since=data.date, status_reason=data.reason,
    ), actor_id, action="cease")


async def deactivate_client(client_id: int, version: int, actor_id: int | None) -> ClientOut:
    """Clients are never deleted (care records must be kept): they are marked ceased."""
    return await update_client(
        client_id,
        ClientUpdate(version=version, status="ceased", status_since=server_today()),
        actor_id,
    )


CSV_COLUMNS = ("id", "name", "preferred_name", "date_of_birth", "address", "town", "postcode", "phone",
               "lat", "lon", "funder", "status", "status_since", "status_reason", "gender_preference",
               "alerts", "allergies", "communication_needs", "next_of_kin", "preferred_carers",
               "excluded_carers")


async def clients_csv(status: str | None, town: str | None, q: str | None, funder: str | None) -> str:
    """The filtered client list as CSV (no key safe codes or access notes)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    offset = 0
    while True:
        items, total = await list_clients(500, offset, status, town, q, None, funder)
        for c in items:
            row = msgspec.to_builtins(c)
            row["next_of_kin"] = "; ".join(f"{k.name} {k.phone}".strip() for k in c.contacts
                                           if k.kind == ContactKind.NEXT_OF_KIN)
            row["preferred_carers"] = "; ".join(p.carer_name for p in c.carer_preferences if p.kind == "preferred")
            row["excluded_carers"] = "; ".join(p.carer_name for p in c.carer_preferences if p.kind == "excluded")
            writer.writerow([_csv_cell(row.get(col)) for col in CSV_COLUMNS])
        offset += len(items)
        if not items or offset >= total:
            break
    return out.getvalue()


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    # A cell a spreadsheet would run as a formula is written as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
