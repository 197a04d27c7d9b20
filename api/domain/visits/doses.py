"""Doses at a call (eMAR): what is due, and one record per tap, once per UUID.

Due at a call: every regular (not "as needed") medicine of the client whose call types include
the call's and which is current on its date; "as needed" (PRN) medicines are offered. A carer
reads them only for a call on their run, only on the day. A record is never changed: a
correction is a new record that supersedes the current one (once: a second correction of the
same record is a 409). The writes for one call hold the call (shared.locks), so concurrent
replays and corrections have one winner. A dose given is a fact: it is kept even when the call
changed hands while the phone was offline.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import msgspec
from litestar.exceptions import PermissionDeniedException
from msgspec import Meta

from api.auth import STAFF, AuthUser
from api.domain.shared import audit
from api.domain.shared.choices import DoseOutcome, NotGivenReason
from api.domain.shared.common import ConflictException, agency_date, invalid, server_today
from api.domain.shared.db import write_transaction
from api.domain.shared.idempotent import insert_once, uuid_reused
from api.domain.shared.locks import locked_visit
from api.domain.rostering.carer_view import carer_sees_call
from api.domain.tables import DoseRecord, Medication, Visit
from api.domain.visits.access import not_your_call, was_ever_on_call
from api.domain.visits.fields import AwareTime, acting_carer, now

ONLY_ON_THE_DAY = "a call's medication is shown to its carers on the day of the call only"


class DoseIn(msgspec.Struct):
    client_uuid: uuid.UUID
    medication_id: Annotated[int, Meta(ge=1, le=2_147_483_647)]
    outcome: DoseOutcome
    device_time: AwareTime
    reason: Annotated[str, Meta(max_length=255)] = ""  # not given: one of NotGivenReason; PRN: why needed
    # A correction names the record it corrects by that record's UUID, so a phone can correct
    # offline a record it has not yet synced (the outbox sends them in order).
    supersedes_uuid: uuid.UUID | None = None


class DoseOut(msgspec.Struct):
    id: int
    client_uuid: str
    medication_id: int
    visit_id: int
    carer_id: int | None
    outcome: str
    reason: str
    device_time: dt.datetime
    server_time: dt.datetime
    supersedes_id: int | None  # the record this one corrects
    replayed: bool = False


class DoseDue(msgspec.Struct):
    medication_id: int
    name: str
    dose: str
    route: str
    support: str  # prompt | administer
    prn: bool
    prn_max_per_day: int | None
    notes: str
    current: DoseOut | None  # the latest record at this call (PRN: the last one)
    prn_given_today: int = 0


def _out(row: dict, replayed: bool = False) -> DoseOut:
    return DoseOut(row["id"], row["client_uuid"], row["medication"], row["visit"], row["carer"], row["outcome"],
                   row["reason"], row["device_time"], row["server_time"], row["supersedes"], replayed)


def is_current(med: dict, day: dt.date) -> bool:
    return med["starts_on"] <= day and (med["stops_on"] is None or med["stops_on"] >= day)


def due_at(med: dict, visit: dict) -> bool:
    """A regular medicine is due at a call of one of its call types while it is current."""
    return not med["prn"] and visit["call_type"] in (med["call_types"] or []) and is_current(med, visit["date"])


async def _medications(client_id: int) -> list[dict]:
    return await Medication.select().where(Medication.client == client_id).order_by(Medication.id).output(
        load_json=True)


def current_records(records: list[dict]) -> dict[int, dict]:
    """Per medication, the record no later record supersedes (the latest, for PRN)."""
    superseded = {r["supersedes"] for r in records if r["supersedes"] is not None}
    current: dict[int, dict] = {}
    for r in sorted(records, key=lambda r: r["id"]):
        if r["id"] not in superseded:
            current[r["medication"]] = r
    return current


async def _check_reader(user: AuthUser, visit: dict) -> None:
    """Staff read any call's medication; a carer only a call their (published) run shows, on its day."""
    if user.role in STAFF:
        return
    if user.carer_id is None or await carer_sees_call(user.carer_id, visit["id"], visit["date"]) is None:
        raise not_your_call()
    if visit["date"] != server_today():
        raise PermissionDeniedException(detail=ONLY_ON_THE_DAY)


async def doses_due(user: AuthUser, visit_id: int) -> list[DoseDue]:
    """The medicines due (and PRN offered) at a call, each with its current record."""
    visit = await Visit.select().where(Visit.id == visit_id).first()
    if visit is None:
        raise not_your_call()  # as a foreign call: no probing ids
    await _check_reader(user, visit)
    return await due_for_visit(visit)


async def due_for_visit(visit: dict) -> list[DoseDue]:
    """The medication of a call, for a reader already checked (the call detail checks its own)."""
    visit_id = visit["id"]
    meds = [m for m in await _medications(visit["client"]) if due_at(m, visit) or (m["prn"] and is_current(m, visit["date"]))]
    records = await DoseRecord.select().where(DoseRecord.visit == visit_id)
    current = current_records(records)
    prn_today = await _prn_given_on(visit["client"], visit["date"])
    return [DoseDue(m["id"], m["name"], m["dose"], m["route"], m["support"], m["prn"], m["prn_max_per_day"],
                    m["notes"], _out(current[m["id"]]) if m["id"] in current else None,
                    prn_today.get(m["id"], 0)) for m in meds]


async def _prn_given_on(client_id: int, day: dt.date) -> dict[int, int]:
    rows = await DoseRecord.select(DoseRecord.id, DoseRecord.medication, DoseRecord.supersedes, DoseRecord.outcome).where(
        (DoseRecord.visit.client == client_id) & (DoseRecord.visit.date == day) & (DoseRecord.medication.prn == True))  # noqa: E712
    superseded = {r["supersedes"] for r in rows if r["supersedes"] is not None}
    counts: dict[int, int] = {}
    for r in rows:
        if r["id"] not in superseded and r["outcome"] == DoseOutcome.PRN_GIVEN:
            counts[r["medication"]] = counts.get(r["medication"], 0) + 1
    return counts


async def unanswered(visit: dict) -> list[str]:
    """The names of the doses due at a call that have no record yet (check-out waits for them)."""
    meds = [m for m in await _medications(visit["client"]) if due_at(m, visit)]
    if not meds:
        return []
    answered = {r["medication"] for r in await DoseRecord.select(DoseRecord.medication).where(
        DoseRecord.visit == visit["id"])}
    return [m["name"] for m in meds if m["id"] not in answered]


def _check_outcome(med: dict, data: DoseIn) -> str:
    reason = data.reason.strip()
    if med["prn"]:
        if data.outcome not in (DoseOutcome.PRN_GIVEN, DoseOutcome.REFUSED):
            raise invalid("outcome", f"{med['name']} is taken as needed: record it as prn_given or refused")
        if data.outcome == DoseOutcome.PRN_GIVEN and not reason:
            raise invalid("reason", "say why the as-needed dose was given (e.g. pain in the knee)")
    elif data.outcome == DoseOutcome.PRN_GIVEN:
        raise invalid("outcome", f"{med['name']} is a regular medicine, not taken as needed")
    if data.outcome == DoseOutcome.NOT_GIVEN and reason not in {r.value for r in NotGivenReason}:
        raise invalid("reason", "a dose not given needs a reason: " + ", ".join(r.value for r in NotGivenReason))
    return reason


async def record_dose(user: AuthUser, visit_id: int, data: DoseIn) -> DoseOut:
    carer_id = acting_carer(user)
    uid = str(data.client_uuid)

    async def replay(stored: dict) -> DoseOut:
        if stored["carer"] != carer_id or stored["visit"] != visit_id or stored["medication"] != data.medication_id:
            raise uuid_reused(uid)
        return _out(stored, replayed=True)

    async def insert() -> DoseOut:
        received = now()
        async with write_transaction():
            visit = await locked_visit(visit_id)
            if visit is None or not await was_ever_on_call(carer_id, visit_id):
                raise not_your_call()
            stored = await DoseRecord.select().where(DoseRecord.client_uuid == uid).first()
            if stored is not None:  # a copy of this UUID won while we waited for the call
                return await replay(stored)
            if agency_date(data.device_time) != visit["date"]:
                raise invalid("device_time", "a dose is recorded on the call's date")
            med = await Medication.select().where(Medication.id == data.medication_id).output(load_json=True).first()
            if med is None or med["client"] != visit["client"] or not is_current(med, visit["date"]):
                raise invalid("medication_id", "not a current medicine of this call's client")
            reason = _check_outcome(med, data)
            supersedes = await _superseded_id(visit_id, data)
            inserted = await DoseRecord.insert(DoseRecord(
                client_uuid=uid, medication=med["id"], visit=visit_id, carer=carer_id, outcome=data.outcome,
                reason=reason, device_time=data.device_time, server_time=received, supersedes=supersedes,
            )).returning(DoseRecord.id)
            row = await DoseRecord.select().where(DoseRecord.id == inserted[0]["id"]).first()
            await audit.record(user.id, "dose_record", row["id"], "correct" if supersedes else "record",
                               None, {**row, "medication_name": med["name"]})
        return _out(row)

    return await insert_once(DoseRecord, uid, insert, replay)


async def _superseded_id(visit_id: int, data: DoseIn) -> int | None:
    if data.supersedes_uuid is None:
        return None
    earlier = await DoseRecord.select().where(DoseRecord.client_uuid == str(data.supersedes_uuid)).first()
    if earlier is None:
        raise ConflictException(detail="the record this corrects has not reached the office yet; send it first")
    if earlier["visit"] != visit_id or earlier["medication"] != data.medication_id:
        raise invalid("supersedes_uuid", "must be a record of this medicine at this call")
    if await DoseRecord.exists().where(DoseRecord.supersedes == earlier["id"]):
        raise ConflictException(detail="that record was already corrected; correct the latest one")
    return earlier["id"]
