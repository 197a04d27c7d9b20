"""The call record page: everything recorded at one call, for the office and the inspector.

The call planned against actual (as in the list), every log in the order it arrived (with the
carer's name, the phone's and the server's time, and the distance from the client's address),
actions kept after a conflict (they arrived after the call changed hands or was cancelled),
incidents reported at the call, and the flags with the office's resolutions.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from api.domain.shared.common import not_found
from api.domain.tables import Carer, Incident, Visit, VisitLog
from api.domain.visits.call_records import CallRecordFilters, CallRecordRow, distance_m, load_call_records
from api.domain.visits.conflicts import KeptConflict, conflicts_for_visit


class RecordedLog(msgspec.Struct):
    id: int
    kind: str
    carer_id: int
    carer_name: str
    device_time: dt.datetime | None
    server_time: dt.datetime
    device_time_off: bool
    distance_m: int | None
    task: str
    done: bool | None
    reason: str
    note: str


class IncidentAtCall(msgspec.Struct):
    id: int
    type: str
    severity: str
    status: str
    occurred_at: dt.datetime
    what_happened: str


class CallRecordPage(msgspec.Struct):
    call: CallRecordRow
    address: str
    logs: list[RecordedLog]
    conflicts: list[KeptConflict]
    incidents: list[IncidentAtCall]


async def call_record_page(visit_id: int) -> CallRecordPage:
    visit = await Visit.select(
        Visit.id, Visit.date, Visit.client.address.as_alias("address"), Visit.client.town.as_alias("town"),
        Visit.client.postcode.as_alias("postcode"), Visit.client.lat.as_alias("lat"),
        Visit.client.lon.as_alias("lon"),
    ).where(Visit.id == visit_id).first()
    if visit is None:
        raise not_found("call", visit_id)
    rows = await load_call_records(CallRecordFilters(visit["date"], visit["date"]), visit_ids=[visit_id])
    names = {c["id"]: c["name"] for c in await Carer.select(Carer.id, Carer.name)}
    logs = [RecordedLog(
        r["id"], r["kind"], r["carer"], names.get(r["carer"], ""), r["device_time"], r["server_time"],
        r["device_time_off"], distance_m(r["lat"], r["lon"], visit["lat"], visit["lon"]),
        r["task"], r["done"], r["reason"], r["note"],
    ) for r in await VisitLog.select().where(VisitLog.visit == visit_id).order_by(VisitLog.device_time)]
    incidents = [IncidentAtCall(i["id"], i["type"], i["severity"], i["status"], i["occurred_at"], i["what_happened"])
                 for i in await Incident.select().where(Incident.visit == visit_id).order_by(Incident.occurred_at)]
    address = ", ".join(p for p in (visit["address"], visit["town"], visit["postcode"]) if p)
    return CallRecordPage(rows[0], address, logs, await conflicts_for_visit(visit_id), incidents)
