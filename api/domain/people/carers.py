"""Carers: staff who go out on calls, their skills, qualifications and weekly availability."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from piccolo.columns.combination import WhereRaw
from msgspec import UNSET, Meta, UnsetType

from api.domain.shared.db import write_transaction
from api.domain.shared import audit
from api.domain.shared.choices import Gender, TransportMode
from api.domain.shared.common import (
    HHMM_PATTERN,
    invalid,
    minutes_to_hhmm,
    not_found,
    paged,
    server_today,
    struct_values,
    versioned_update,
)
from api.domain.shared.references import require_row
from api.domain.shared.stale import explained
from api.domain.people.contract_hours import ContractTimeline, load_timeline, record_change_today
from api.domain.people.default_rota import check_spans, load_rotas, replace_in_force
from api.domain.tables import Carer, Qualification, User

Name = Annotated[str, Meta(min_length=1, max_length=128)]
Lat = Annotated[float, Meta(ge=49.0, le=61.0, description="WGS84 latitude (UK)")]
Lon = Annotated[float, Meta(ge=-9.0, le=2.5, description="WGS84 longitude (UK)")]
HHMM = Annotated[str, Meta(pattern=HHMM_PATTERN, description="time of day HH:MM")]
Skill = Annotated[str, Meta(min_length=1, max_length=64)]
Weekday = Annotated[int, Meta(ge=0, le=6, description="0 = Monday")]


class QualificationIn(msgspec.Struct):
    skill: Skill
    name: Annotated[str, Meta(max_length=128)] = ""
    obtained_on: dt.date | None = None
    expires_on: dt.date | None = None


class AvailabilityIn(msgspec.Struct):
    weekday: Weekday
    start: HHMM
    end: HHMM


class CarerCreate(msgspec.Struct):
    name: Name
    home_lat: Lat
    home_lon: Lon
    gender: Gender = Gender.FEMALE
    phone: Annotated[str, Meta(max_length=32)] = ""
    home_postcode: Annotated[str, Meta(max_length=16)] = ""
    transport_mode: TransportMode = TransportMode.CAR
    contracted_minutes: Annotated[int, Meta(ge=0, le=80 * 60)] = 0
    skills: list[Skill] = []
    qualifications: list[QualificationIn] = []
    availability: list[AvailabilityIn] = []
    user_id: int | None = None
    active: bool = True
    email: Annotated[str, Meta(max_length=128)] = ""
    employment_start: dt.date | None = None
    employment_end: dt.date | None = None
    dbs_number: Annotated[str, Meta(max_length=32)] = ""
    dbs_renewal_on: dt.date | None = None
    right_to_work_checked_on: dt.date | None = None
    driving_licence_expires_on: dt.date | None = None
    business_insurance_expires_on: dt.date | None = None


class CarerUpdate(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
    name: Name | UnsetType = UNSET
    home_lat: Lat | UnsetType = UNSET
    home_lon: Lon | UnsetType = UNSET
    gender: Gender | UnsetType = UNSET
    phone: Annotated[str, Meta(max_length=32)] | UnsetType = UNSET
    home_postcode: Annotated[str, Meta(max_length=16)] | UnsetType = UNSET
    transport_mode: TransportMode | UnsetType = UNSET
    contracted_minutes: Annotated[int, Meta(ge=0, le=80 * 60)] | UnsetType = UNSET
    skills: list[Skill] | UnsetType = UNSET
    email: Annotated[str, Meta(max_length=128)] | UnsetType = UNSET
    employment_start: dt.date | None | UnsetType = UNSET
    employment_end: dt.date | None | UnsetType = UNSET
    dbs_number: Annotated[str, Meta(max_length=32)] | UnsetType = UNSET
    dbs_renewal_on: dt.date | None | UnsetType = UNSET
    right_to_work_checked_on: dt.date | None | UnsetType = UNSET
    driving_licence_expires_on: dt.date | None | UnsetType = UNSET
    business_insurance_expires_on: dt.date | None | UnsetType = UNSET
    qualifications: list[QualificationIn] | UnsetType = UNSET
    availability: list[AvailabilityIn] | UnsetType = UNSET
    active: bool | UnsetType = UNSET


class QualificationOut(msgspec.Struct):
    skill: str
    name: str
    obtained_on: dt.date | None
    expires_on: dt.date | None


class AvailabilityOut(msgspec.Struct):
    weekday: int
    start: str
    end: str


class NextHoursChange(msgspec.Struct):
    effective_from: dt.date
    contracted_minutes: int


class CarerOut(msgspec.Struct):
    id: int
    version: int
    name: str
    gender: str
    phone: str
    home_postcode: str
    home_lat: float
    home_lon: float
    transport_mode: str
    contracted_minutes: int
    skills: list[str]
    active: bool
    user_id: int | None
    qualifications: list[QualificationOut]
    availability: list[AvailabilityOut]
    email: str = ""
    employment_start: dt.date | None = None
    employment_end: dt.date | None = None
    dbs_number: str = ""
    dbs_renewal_on: dt.date | None = None
    right_to_work_checked_on: dt.date | None = None
    driving_licence_expires_on: dt.date | None = None
    business_insurance_expires_on: dt.date | None = None
    # contracted_minutes above are the hours in force today; this is the next change of hours
    next_hours_change: NextHoursChange | None = None


RECORD_FIELDS = ("email", "employment_start", "employment_end", "dbs_number", "dbs_renewal_on",
                 "right_to_work_checked_on", "driving_licence_expires_on", "business_insurance_expires_on")


def _check_employment(values: dict) -> None:
    start, end = values.get("employment_start"), values.get("employment_end")
    if start and end and end < start:
        raise invalid("employment_end", "is before employment_start")


def _check_availability(slots: list[AvailabilityIn]) -> list[dict]:
    return check_spans(slots)


def _check_qualifications(quals: list[QualificationIn]) -> None:
    for i, q in enumerate(quals):
        if q.obtained_on and q.expires_on and q.expires_on < q.obtained_on:
            raise invalid(f"qualifications[{i}].expires_on", "is before obtained_on")


async def _children(carer_ids: list[int]) -> tuple[dict, dict]:
    quals: dict[int, list] = {i: [] for i in carer_ids}
    slots: dict[int, list] = {i: [] for i in carer_ids}
    if carer_ids:
        for q in await Qualification.select().where(Qualification.carer.is_in(carer_ids)):
            quals[q["carer"]].append(
                QualificationOut(q["skill"], q["name"], q["obtained_on"], q["expires_on"])
            )
        # The default rota in force today (a change from a later date shows on the record's card).
        today, rotas = server_today(), await load_rotas(carer_ids)
        for carer_id in carer_ids:
            week = rotas.week_on(carer_id, today)
            slots[carer_id] = [AvailabilityOut(d, minutes_to_hhmm(a), minutes_to_hhmm(b % (24 * 60)))  # a night ends next morning
                               for d in sorted(week) for a, b in sorted(week[d])]
    return quals, slots


def _out(row: dict, quals: list, slots: list, hours: ContractTimeline) -> CarerOut:
    today = server_today()
    upcoming = hours.next_change(row["id"], today)
    return CarerOut(
        id=row["id"],
        version=row["version"],
        name=row["name"],
        gender=row["gender"],
        phone=row["phone"],
        home_postcode=row["home_postcode"],
        home_lat=row["home_lat"],
        home_lon=row["home_lon"],
        transport_mode=row["transport_mode"],
        contracted_minutes=hours.on(row["id"], today),
        skills=list(row["skills"] or []),
        active=row["active"],
        user_id=row["user"],
        qualifications=quals,
        availability=slots,
        **{k: row.get(k) for k in RECORD_FIELDS},
        next_hours_change=NextHoursChange(*upcoming) if upcoming else None,
    )


async def get_carer(carer_id: int) -> CarerOut:
    row = await Carer.select().where(Carer.id == carer_id).output(load_json=True).first()
    if row is None:
        raise not_found("carer", carer_id)
    quals, slots = await _children([carer_id])
    return _out(row, quals[carer_id], slots[carer_id], await load_timeline([carer_id]))


async def list_carers(
    limit: int, offset: int, active: bool | None, skill: str | None, q: str | None,
    transport_mode: TransportMode | None = None,
) -> tuple[list[CarerOut], int]:
    query = Carer.select().output(load_json=True).order_by(Carer.name)
    count = Carer.count()
    clauses = []
    if active is not None:
        clauses.append(Carer.active == active)
    if q:
        clauses.append(Carer.name.ilike(f"%{q}%"))
    if transport_mode:
        clauses.append(Carer.transport_mode == transport_mode)
    if skill:
        # JSON text search is portable across SQLite and PostgreSQL; skills are short tokens.
        cast = "skills::text" if Carer._meta.db.engine_type == "postgres" else "skills"
        clauses.append(WhereRaw(f"{cast} LIKE {{}}", f'%"{skill}"%'))
    for clause in clauses:
        query = query.where(clause)
        count = count.where(clause)
    rows, total = await paged(query, count, limit, offset)
    quals, slots = await _children([r["id"] for r in rows])
    hours = await load_timeline([r["id"] for r in rows])
    return [_out(r, quals[r["id"]], slots[r["id"]], hours) for r in rows], total


async def _replace_children(carer_id: int, quals, slots) -> None:
    if quals is not None:
        # Only the skill records this list describes: training and qualification records
        # (the Training screen's) are kept.
        await Qualification.delete().where((Qualification.carer == carer_id) & (Qualification.kind == "skill"))
        if quals:
            await Qualification.insert(
                *[
                    Qualification(
                        carer=carer_id,
                        skill=q.skill,
                        name=q.name or q.skill,
                        obtained_on=q.obtained_on,
                        expires_on=q.expires_on,
                    )
                    for q in quals
                ]
            )
    if slots is not None:
        await replace_in_force(carer_id, slots)


async def create_carer(data: CarerCreate, actor_id: int | None) -> CarerOut:
    _check_employment({k: getattr(data, k) for k in RECORD_FIELDS})
    slots = _check_availability(data.availability)
    _check_qualifications(data.qualifications)
    await require_row(User, data.user_id, "user_id", "user")
    async with write_transaction():
        inserted = await Carer.insert(
            Carer(
                user=data.user_id,
                name=data.name,
                gender=data.gender,
                phone=data.phone,
                home_postcode=data.home_postcode,
                home_lat=data.home_lat,
                home_lon=data.home_lon,
                transport_mode=data.transport_mode,
                contracted_minutes=data.contracted_minutes,
                skills=sorted(set(data.skills)),
                active=data.active,
                **{k: getattr(data, k) for k in RECORD_FIELDS},
            )
        ).returning(Carer.id)
        carer_id = inserted[0]["id"]
        await _replace_children(carer_id, data.qualifications, slots)
        result = await get_carer(carer_id)
        await audit.record(actor_id, "carer", carer_id, "create", None, msgspec.to_builtins(result))
    return result


async def update_carer(carer_id: int, data: CarerUpdate, actor_id: int | None) -> CarerOut:
    values = struct_values(data)
    quals = values.pop("qualifications", None)
    # The hours are effective-dated: an edit here is a change from today, the history kept.
    new_hours = values.pop("contracted_minutes", None)
    slots_in = values.pop("availability", None)
    slots = _check_availability(slots_in) if slots_in is not None else None
    if quals is not None:
        _check_qualifications(quals)
    if "skills" in values:
        values["skills"] = sorted(set(values["skills"]))
    async with write_transaction():
        before = await get_carer(carer_id)
        _check_employment({**{k: getattr(before, k) for k in RECORD_FIELDS}, **values})
        async with explained("carer", carer_id, data.version):
            await versioned_update(Carer, carer_id, data.version, values)
        await _replace_children(carer_id, quals, slots)
        if new_hours is not None and new_hours != before.contracted_minutes:
            await record_change_today(carer_id, new_hours, actor_id)
        after = await get_carer(carer_id)
        await audit.record(
            actor_id, "carer", carer_id, "update", msgspec.to_builtins(before), msgspec.to_builtins(after)
        )
    return after


async def deactivate_carer(carer_id: int, version: int, actor_id: int | None) -> CarerOut:
    return await update_carer(carer_id, CarerUpdate(version=version, active=False), actor_id)
