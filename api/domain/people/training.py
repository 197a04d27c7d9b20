"""Qualifications, training and skills records per carer, and the matrix of every carer against
every course (expired, due within 30 days, valid, missing)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.domain.people.training_catalogue import BY_CODE, COURSES, course
from api.domain.shared import audit
from api.domain.shared.common import invalid, not_found, struct_values, versioned_update
from api.domain.shared.db import write_transaction
from api.domain.shared.references import require_row
from api.domain.shared.stale import explained
from api.domain.tables import Carer, Qualification

DUE_DAYS = 30


class RecordIn(msgspec.Struct):
    carer_id: int
    course: Annotated[str, Meta(min_length=1, max_length=64)]
    obtained_on: dt.date
    expires_on: dt.date | None = None  # default: obtained_on + the course's validity
    evidence: Annotated[str, Meta(max_length=255)] = ""


class RecordUpdate(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
    obtained_on: dt.date | UnsetType = UNSET
    expires_on: dt.date | None | UnsetType = UNSET
    evidence: Annotated[str, Meta(max_length=255)] | UnsetType = UNSET


class RecordOut(msgspec.Struct):
    id: int
    version: int
    carer_id: int
    course: str
    name: str
    kind: str
    skill: str
    obtained_on: dt.date | None
    expires_on: dt.date | None
    evidence: str
    status: str  # expired | due | valid


class CourseOut(msgspec.Struct):
    code: str
    name: str
    kind: str
    valid_months: int | None
    skill: str
    equivalents: str


class MatrixCell(msgspec.Struct):
    status: str  # expired | due | valid | missing
    record_id: int | None = None
    version: int | None = None
    expires_on: dt.date | None = None


class MatrixRow(msgspec.Struct):
    carer_id: int
    carer_name: str
    cells: dict[str, MatrixCell]


class Matrix(msgspec.Struct):
    today: dt.date
    courses: list[CourseOut]
    carers: list[MatrixRow]
    counts: dict[str, int]


def status_of(expires_on: dt.date | None, today: dt.date) -> str:
    if expires_on is None:
        return "valid"
    if expires_on < today:
        return "expired"
    return "due" if expires_on <= today + dt.timedelta(days=DUE_DAYS) else "valid"


def _course_code(row: dict) -> str:
    return row["course"] or row["skill"]  # records from before issue 11 name only the skill


def _out(row: dict, today: dt.date) -> RecordOut:
    code = _course_code(row)
    c = course(code)
    return RecordOut(id=row["id"], version=row["version"], carer_id=row["carer"], course=code,
                     name=c.name if c else row["name"], kind=c.kind if c else row["kind"], skill=row["skill"],
                     obtained_on=row["obtained_on"], expires_on=row["expires_on"], evidence=row["evidence"],
                     status=status_of(row["expires_on"], today))


def courses() -> list[CourseOut]:
    return [CourseOut(c.code, c.name, c.kind, c.valid_months, c.skill, c.equivalents) for c in COURSES]


async def get_record(record_id: int, today: dt.date) -> RecordOut:
    row = await Qualification.select().where(Qualification.id == record_id).first()
    if row is None:
        raise not_found("training record", record_id)
    return _out(row, today)


async def list_records(carer_id: int | None, today: dt.date) -> list[RecordOut]:
    query = Qualification.select().order_by(Qualification.carer).order_by(Qualification.id)
    if carer_id is not None:
        query = query.where(Qualification.carer == carer_id)
    return [_out(r, today) for r in await query]


def _expiry(c, obtained_on: dt.date, expires_on: dt.date | None) -> dt.date | None:
    if expires_on is None and c.valid_months:
        month = obtained_on.month - 1 + c.valid_months
        year = obtained_on.year + month // 12
        day = min(obtained_on.day, 28)
        return dt.date(year, month % 12 + 1, day)
    return expires_on


async def create_record(data: RecordIn, actor_id: int | None, today: dt.date) -> RecordOut:
    c = course(data.course)
    if c is None:
        raise invalid("course", f"unknown course; one of {', '.join(BY_CODE)}")
    await require_row(Carer, data.carer_id, "carer_id", "carer")
    if data.obtained_on > today:
        raise invalid("obtained_on", "is in the future")
    expires = _expiry(c, data.obtained_on, data.expires_on)
    if expires is not None and expires <= data.obtained_on:
        raise invalid("expires_on", "must be after obtained_on")
    async with write_transaction():
        rows = await Qualification.insert(Qualification(
            carer=data.carer_id, skill=c.skill, name=c.name, kind=c.kind, course=c.code,
            obtained_on=data.obtained_on, expires_on=expires, evidence=data.evidence,
        )).returning(Qualification.id)
        result = await get_record(rows[0]["id"], today)
        await audit.record(actor_id, "training_record", result.id, "create", None, msgspec.to_builtins(result))
    return result


async def update_record(record_id: int, data: RecordUpdate, actor_id: int | None, today: dt.date) -> RecordOut:
    values = struct_values(data)
    async with write_transaction():
        before = await get_record(record_id, today)
        obtained = values.get("obtained_on", before.obtained_on)
        expires = values.get("expires_on", before.expires_on)
        if obtained is not None and obtained > today:
            raise invalid("obtained_on", "is in the future")
        if obtained is not None and expires is not None and expires <= obtained:
            raise invalid("expires_on", "must be after obtained_on")
        async with explained("training_record", record_id, data.version):
            await versioned_update(Qualification, record_id, data.version, values)
        after = await get_record(record_id, today)
        await audit.record(actor_id, "training_record", record_id, "update", msgspec.to_builtins(before),
                           msgspec.to_builtins(after))
    return after


async def matrix(today: dt.date, active_only: bool = True) -> Matrix:
    """Every carer against every course: the latest record of each decides the cell."""
    carers = Carer.select(Carer.id, Carer.name).order_by(Carer.name)
    if active_only:
        carers = carers.where(Carer.active == True)  # noqa: E712
    carer_rows = await carers
    latest: dict[tuple[int, str], dict] = {}
    for row in await Qualification.select().order_by(Qualification.obtained_on).order_by(Qualification.id):
        latest[(row["carer"], _course_code(row))] = row  # later rows replace earlier ones
    counts = {"expired": 0, "due": 0, "valid": 0, "missing": 0}
    out = []
    for carer in carer_rows:
        cells = {}
        for c in COURSES:
            row = latest.get((carer["id"], c.code))
            cell = (MatrixCell("missing") if row is None else
                    MatrixCell(status_of(row["expires_on"], today), row["id"], row["version"], row["expires_on"]))
            counts[cell.status] += 1
            cells[c.code] = cell
        out.append(MatrixRow(carer["id"], carer["name"], cells))
    return Matrix(today, courses(), out, counts)
