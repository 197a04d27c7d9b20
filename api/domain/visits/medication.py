"""A client's medication list (eMAR), kept by the office: name, dose, route, the calls it is
due at, prescriber, start and stop dates, "as needed" (PRN) with a daily maximum, and whether
the carer prompts or administers. Versioned and audited; a medicine is stopped (a stop date),
never deleted, so past MAR charts stay true."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.auth import AuthUser
from api.domain.shared import audit
from api.domain.shared.choices import CallType, MedicationSupport
from api.domain.shared.common import invalid, not_found, struct_values, versioned_update
from api.domain.shared.db import write_transaction
from api.domain.tables import Client, Medication

Name = Annotated[str, Meta(min_length=1, max_length=128)]


class MedicationIn(msgspec.Struct):
    name: Name
    dose: Name
    starts_on: dt.date
    route: Annotated[str, Meta(min_length=1, max_length=32)] = "oral"
    call_types: list[CallType] = []
    prescriber: Annotated[str, Meta(max_length=128)] = ""
    stops_on: dt.date | None = None
    prn: bool = False
    prn_max_per_day: Annotated[int, Meta(ge=1, le=24)] | None = None
    support: MedicationSupport = MedicationSupport.PROMPT
    notes: Annotated[str, Meta(max_length=2000)] = ""


class MedicationChange(msgspec.Struct, omit_defaults=True):
    version: Annotated[int, Meta(ge=1)]
    dose: Name | UnsetType = UNSET
    route: Annotated[str, Meta(min_length=1, max_length=32)] | UnsetType = UNSET
    call_types: list[CallType] | UnsetType = UNSET
    prescriber: Annotated[str, Meta(max_length=128)] | UnsetType = UNSET
    stops_on: dt.date | None | UnsetType = UNSET
    prn_max_per_day: Annotated[int, Meta(ge=1, le=24)] | None | UnsetType = UNSET
    support: MedicationSupport | UnsetType = UNSET
    notes: Annotated[str, Meta(max_length=2000)] | UnsetType = UNSET


class MedicationOut(msgspec.Struct):
    id: int
    client_id: int
    name: str
    dose: str
    route: str
    call_types: list[str]
    prescriber: str
    starts_on: dt.date
    stops_on: dt.date | None
    prn: bool
    prn_max_per_day: int | None
    support: str
    notes: str
    version: int


def _out(r: dict) -> MedicationOut:
    return MedicationOut(r["id"], r["client"], r["name"], r["dose"], r["route"], list(r["call_types"] or []),
                         r["prescriber"], r["starts_on"], r["stops_on"], r["prn"], r["prn_max_per_day"],
                         r["support"], r["notes"], r["version"])


def _check(prn: bool, call_types: list, starts_on: dt.date, stops_on: dt.date | None) -> None:
    if not prn and not call_types:
        raise invalid("call_types", "name the calls a regular medicine is due at (or mark it as needed: prn)")
    if stops_on is not None and stops_on < starts_on:
        raise invalid("stops_on", "is before starts_on")


async def medication_list(client_id: int) -> list[MedicationOut]:
    if not await Client.exists().where(Client.id == client_id):
        raise not_found("client", client_id)
    rows = await Medication.select().where(Medication.client == client_id).order_by(Medication.prn).order_by(
        Medication.name).output(load_json=True)
    return [_out(r) for r in rows]


async def add_medication(user: AuthUser, client_id: int, data: MedicationIn) -> MedicationOut:
    if not await Client.exists().where(Client.id == client_id):
        raise not_found("client", client_id)
    _check(data.prn, data.call_types, data.starts_on, data.stops_on)
    values = msgspec.to_builtins(data)
    if data.prn:
        values["call_types"] = []
    async with write_transaction():
        inserted = await Medication.insert(Medication(client=client_id, **{
            **values, "starts_on": data.starts_on, "stops_on": data.stops_on})).returning(Medication.id)
        row = await Medication.select().where(Medication.id == inserted[0]["id"]).output(load_json=True).first()
        await audit.record(user.id, "medication", row["id"], "add", None, row)
    return _out(row)


async def change_medication(user: AuthUser, medication_id: int, change: MedicationChange) -> MedicationOut:
    values = struct_values(change)
    async with write_transaction():
        current = await Medication.select().where(Medication.id == medication_id).output(load_json=True).first()
        if current is None:
            raise not_found("medication", medication_id)
        merged = {**current, **values}
        _check(merged["prn"], merged["call_types"], merged["starts_on"], merged["stops_on"])
        stored = {getattr(Medication, k): (msgspec.to_builtins(v) if k == "call_types" else v) for k, v in values.items()}
        before = await versioned_update(Medication, medication_id, change.version, stored)
        await audit.record(user.id, "medication", medication_id, "change", {k: before[k] for k in values},
                           msgspec.to_builtins(values))
    row = await Medication.select().where(Medication.id == medication_id).output(load_json=True).first()
    return _out(row)
