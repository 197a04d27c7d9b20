"""Helpers every domain service shares: clear 4xx errors, paging, versioned updates, times."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

import msgspec
from litestar.exceptions import HTTPException, NotFoundException, ValidationException

T = TypeVar("T")

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
HHMM_PATTERN = _HHMM.pattern


class ConflictException(HTTPException):
    status_code = 409


def invalid(field: str, reason: str) -> ValidationException:
    """A 400 naming the field and the reason, in Litestar's validation error shape."""
    return ValidationException(
        detail=f"Validation failed: {field}: {reason}",
        extra=[{"key": field, "message": reason, "source": "body"}],
    )


def invalid_many(errors: list[tuple[str, str]]) -> ValidationException:
    return ValidationException(
        detail="Validation failed: " + "; ".join(f"{f}: {r}" for f, r in errors),
        extra=[{"key": f, "message": r, "source": "body"} for f, r in errors],
    )


def not_found(what: str, ident: Any) -> NotFoundException:
    return NotFoundException(detail=f"{what} {ident} not found")


def hhmm_to_minutes(value: str, field: str = "time") -> int:
    match = _HHMM.match(value or "")
    if not match:
        raise invalid(field, f"'{value}' is not a time of day as HH:MM")
    return int(match.group(1)) * 60 + int(match.group(2))


def week_start(day):
    """The Monday of a date's week (rotas, on-call and weekly hours run Monday to Sunday)."""
    return day - dt.timedelta(days=day.weekday())


def agency_zone() -> ZoneInfo:
    from api.settings import get_settings

    return ZoneInfo(get_settings().agency.time_zone)


def agency_date(moment: dt.datetime) -> dt.date:
    """The date of an aware moment in the agency's time zone (a call's date is the agency's)."""
    return moment.astimezone(agency_zone()).date()


def server_today() -> dt.date:
    """The day the key safe rule and 'today's run' are judged by: the server's clock in the
    agency's time zone, never the phone's, nor the server machine's own zone."""
    return dt.datetime.now(agency_zone()).date()


def minutes_to_hhmm(minutes: int) -> str:
    minutes = int(minutes)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


async def paged(query, count_query, limit: int, offset: int) -> tuple[list[dict], int]:
    if not 1 <= limit <= 500:
        raise invalid("limit", "must be between 1 and 500")
    if offset < 0:
        raise invalid("offset", "must be 0 or more")
    rows = await query.limit(limit).offset(offset)
    total = await count_query
    return rows, total


async def versioned_update(table, row_id: int, expected_version: int, values: dict) -> dict:
    """Update a row only if nobody changed it since the client read `expected_version`.

    Returns the row before the change; 404 when missing, 409 when the version is stale.
    """
    before = await table.select().where(table.id == row_id).output(load_json=True).first()
    if before is None:
        raise not_found(table._meta.tablename.replace("_", " "), row_id)
    if before["version"] != expected_version:
        raise ConflictException(
            detail=f"stale version: you sent {expected_version}, the record is at "
            f"{before['version']}; reload and try again",
            extra={"current_version": before["version"]},
        )
    values = {**values, table.version: expected_version + 1}
    updated = await (
        table.update(values)
        .where((table.id == row_id) & (table.version == expected_version))
        .returning(table.id)
    )
    if not updated:  # lost a race with another writer between the read and the update
        raise ConflictException(detail="the record changed while saving; reload and try again")
    return before


def struct_values(struct: msgspec.Struct, skip: tuple[str, ...] = ("version",)) -> dict[str, Any]:
    """The fields a client actually sent in a partial update (UNSET ones left out)."""
    return {
        name: getattr(struct, name)
        for name in struct.__struct_fields__
        if name not in skip and getattr(struct, name) is not msgspec.UNSET
    }
