"""Everything recorded at a call, as evidence (ECM): the logs and any kept conflicts."""

from __future__ import annotations

import datetime as dt

import msgspec
from litestar.exceptions import PermissionDeniedException

from api.auth import STAFF, AuthUser
from api.domain.shared.common import not_found
from api.domain.tables import Assignment, Visit, VisitLog
from api.domain.visits.conflicts import KeptConflict, conflicts_for_visit
from api.domain.visits.detail import NOT_ASSIGNED


class VisitLogOut(msgspec.Struct):
    id: int
    client_uuid: str
    carer_id: int
    kind: str
    device_time: dt.datetime | None
    server_time: dt.datetime
    lat: float | None
    lon: float | None
    task: str
    done: bool | None
    reason: str
    note: str
    device_time_off: bool  # the phone's clock was far from the server's when this arrived
    call_length: str  # on a check-out: "short" or "long" against the planned duration, else ""
    woken_minutes: int = 0  # on a sleep-in's check-out: time woken up and working


class VisitRecords(msgspec.Struct):
    visit_id: int
    logs: list[VisitLogOut]
    conflicts: list[KeptConflict]


async def visit_records(visit_id: int, user: AuthUser) -> VisitRecords:
    """Everything recorded at a call (ECM evidence). Staff see all of it, conflicts included;
    an assigned carer sees the call's logs and their own kept conflicts."""
    is_staff = user.role in STAFF
    if not await Visit.exists().where(Visit.id == visit_id):
        if is_staff:
            raise not_found("call", visit_id)
        raise PermissionDeniedException(detail=NOT_ASSIGNED)  # as a foreign call: no probing ids
    assigned = user.carer_id is not None and await Assignment.exists().where(
        (Assignment.visit == visit_id) & (Assignment.carer == user.carer_id))
    kept = await conflicts_for_visit(visit_id)
    if not is_staff:
        kept = [k for k in kept if k.carer_id == user.carer_id]
        if not assigned and not kept:
            raise PermissionDeniedException(detail=NOT_ASSIGNED)
    logs = [] if not (is_staff or assigned) else await VisitLog.select().where(
        VisitLog.visit == visit_id).order_by(VisitLog.id)
    return VisitRecords(visit_id, [VisitLogOut(
        id=r["id"], client_uuid=r["client_uuid"], carer_id=r["carer"], kind=r["kind"],
        device_time=r["device_time"], server_time=r["server_time"], lat=r["lat"], lon=r["lon"],
        task=r["task"], done=r["done"], reason=r["reason"], note=r["note"],
        device_time_off=r["device_time_off"], call_length=r["call_length"],
        woken_minutes=r["woken_minutes"]) for r in logs], kept)
