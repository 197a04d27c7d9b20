"""End of shift ("phoning in"): the carer confirms the shift is over, with mileage."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import msgspec
from msgspec import Meta

from api.auth import AuthUser
from api.domain.shared import audit
from api.domain.shared.common import invalid, server_today
from api.domain.shared.db import write_transaction
from api.domain.shared.idempotent import insert_once, uuid_reused
from api.domain.tables import ShiftReport
from api.domain.visits.fields import acting_carer, now


class ShiftEndIn(msgspec.Struct):
    client_uuid: uuid.UUID
    date: dt.date
    mileage: Annotated[float, Meta(ge=0, le=1000, description="miles driven on the shift")]
    notes: Annotated[str, Meta(max_length=2000)] = ""


class ShiftReportOut(msgspec.Struct):
    id: int
    client_uuid: str
    carer_id: int
    date: dt.date
    mileage: float
    notes: str
    server_time: dt.datetime
    replayed: bool = False


def _shift_out(row: dict, replayed: bool = False) -> ShiftReportOut:
    return ShiftReportOut(row["id"], row["client_uuid"], row["carer"], row["date"], row["mileage"],
                          row["notes"], row["server_time"], replayed)


async def end_shift(user: AuthUser, data: ShiftEndIn) -> ShiftReportOut:
    carer_id = acting_carer(user)
    uid = str(data.client_uuid)

    async def replay(stored: dict) -> ShiftReportOut:
        if stored["carer"] != carer_id:
            raise uuid_reused(uid)
        return _shift_out(stored, replayed=True)

    async def insert() -> ShiftReportOut:
        today = server_today()
        if not today - dt.timedelta(days=14) <= data.date <= today + dt.timedelta(days=1):
            raise invalid("date", "must be a shift within the last 14 days")
        async with write_transaction():
            inserted = await ShiftReport.insert(ShiftReport(
                client_uuid=uid, carer=carer_id, date=data.date, mileage=data.mileage,
                notes=data.notes, server_time=now(),
            )).returning(ShiftReport.id)
            row = await ShiftReport.select().where(ShiftReport.id == inserted[0]["id"]).first()
            await audit.record(user.id, "shift_report", row["id"], "end_shift", None, row)
        return _shift_out(row)

    return await insert_once(ShiftReport, uid, insert, replay)


async def shift_reports(carer_id: int, start: dt.date, end: dt.date) -> list[ShiftReportOut]:
    rows = await ShiftReport.select().where(
        (ShiftReport.carer == carer_id) & (ShiftReport.date >= start) & (ShiftReport.date <= end)
    ).order_by(ShiftReport.date)
    return [_shift_out(r) for r in rows]
