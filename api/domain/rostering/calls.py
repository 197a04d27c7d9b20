"""Turning client defaults into calls (visits) for a date range.

Idempotent: a default makes at most one call per date, so running it again creates nothing
new, and a call that was cancelled or moved by hand stays as the planner left it.

Client status rules the range too: while a client is in hospital or after they cease, their
unstarted calls are cancelled (and their carers released, with audit); when the client is
back, calls that were cancelled for that reason alone come back as planned.
"""

from __future__ import annotations

import datetime as dt

from api.domain.shared.db import write_transaction
from api.domain.shared import audit
from api.domain.shared.common import invalid, server_today
from api.domain.clients.defaults import in_force
from api.domain.tables import Assignment, AuditEvent, Client, ClientDefault, Visit, VisitLog
from api.settings import get_settings

MAX_RANGE_DAYS = 28


def client_receives_calls(client: dict, day: dt.date) -> bool:
    """No calls while a client is in hospital, nor once they have ceased."""
    status, since = client["status"], client["status_since"]
    if status == "active":
        return True
    # A status with a future start date does not stop calls before it.
    return since is not None and day < since


def dates_in(start: dt.date, end: dt.date) -> list[dt.date]:
    if end < start:
        raise invalid("end", "is before start")
    days = (end - start).days + 1
    if days > MAX_RANGE_DAYS:
        raise invalid("end", f"a range is at most {MAX_RANGE_DAYS} days; this one is {days}")
    return [start + dt.timedelta(days=i) for i in range(days)]


async def generate_calls(start: dt.date, end: dt.date, actor_id: int | None = None,
                         only_client: int | None = None) -> dict:
    """Calls from the defaults in force on each date; `only_client` limits it to one client
    (a changed weekly pattern refills the days already generated)."""
    days = dates_in(start, end)
    tolerance = get_settings().agency.window_tolerance_minutes
    defaults_query = ClientDefault.select().where(ClientDefault.active == True).output(  # noqa: E712
        load_json=True
    )
    if only_client is not None:
        defaults_query = defaults_query.where(ClientDefault.client == only_client)
    defaults = await defaults_query
    clients = {c["id"]: c for c in await Client.select()}
    existing = {
        (v["client_default"], v["date"])
        for v in await Visit.select(Visit.client_default, Visit.date).where(
            (Visit.date >= start) & (Visit.date <= end) & Visit.client_default.is_not_null()
        )
    }
    new_rows = []
    skipped_status = 0
    for day in days:
        for d in defaults:
            if not in_force(d, day) or (d["id"], day) in existing:
                continue
            if not client_receives_calls(clients[d["client"]], day):
                skipped_status += 1
                continue
            new_rows.append(
                Visit(
                    client=d["client"],
                    client_default=d["id"],
                    date=day,
                    window_start=max(0, d["start_minute"] - tolerance),
                    window_end=min(24 * 60 - 1, d["start_minute"] + tolerance),
                    duration_minutes=d["duration_minutes"],
                    carers_required=d["carers_required"],
                    required_skills=d["required_skills"],
                    tasks=d["tasks"],
                    call_type=d["call_type"],
                )
            )
    async with write_transaction():
        status_changes = await _follow_client_status(start, end, clients, actor_id, only_client)
        for i in range(0, len(new_rows), 500):
            await Visit.insert(*new_rows[i : i + 500])
        if new_rows:
            await audit.record(
                actor_id, "visit", f"{start}..{end}", "generate", None,
                {"created": len(new_rows), "start": start, "end": end},
            )
    return {"created": len(new_rows), "skipped_client_status": skipped_status, "days": len(days),
            **status_changes}


async def _follow_client_status(start: dt.date, end: dt.date, clients: dict[int, dict],
                                actor_id: int | None, only_client: int | None = None) -> dict:
    """Cancel unstarted calls the client's status rules out; bring back the ones it no
    longer does. A call cancelled by hand stays cancelled; a call moved by hand is still
    cancelled while the client cannot receive it. Calls already checked in are left alone."""
    query = Visit.select().where(
        (Visit.date >= start) & (Visit.date <= end) & Visit.status.is_in(["planned", "cancelled"])
    ).output(load_json=True)
    if only_client is not None:
        query = query.where(Visit.client == only_client)
    visits = await query
    started = {r["visit"] for r in await VisitLog.select(VisitLog.visit).where(
        VisitLog.visit.is_in([v["id"] for v in visits] or [-1]) & (VisitLog.kind == "check_in"))}
    # Only calls the status rule cancelled come back; one cancelled by hand stays cancelled.
    by_status = set()
    for e in await AuditEvent.select(AuditEvent.entity_id, AuditEvent.action).where(
        (AuditEvent.entity == "visit")
        & AuditEvent.entity_id.is_in([str(v["id"]) for v in visits if v["status"] == "cancelled"] or ["-"])
    ).order_by(AuditEvent.id):
        (by_status.add if e["action"] == "cancel_client_status" else by_status.discard)(int(e["entity_id"]))
    cancelled = restored = 0
    for v in visits:
        receives = client_receives_calls(clients[v["client"]], v["date"])
        if v["status"] == "planned" and not receives and v["id"] not in started:
            carers = [a["carer"] for a in await Assignment.select(Assignment.carer).where(Assignment.visit == v["id"])]
            await Assignment.delete().where(Assignment.visit == v["id"])
            await Visit.update({Visit.status: "cancelled", Visit.version: Visit.version + 1}).where(Visit.id == v["id"])
            await audit.record(actor_id, "visit", v["id"], "cancel_client_status",
                               {"status": "planned", "carer_ids": carers},
                               {"status": "cancelled", "client_status": clients[v["client"]]["status"]})
            cancelled += 1
        elif v["status"] == "cancelled" and receives and v["id"] in by_status:
            await Visit.update({Visit.status: "planned", Visit.version: Visit.version + 1}).where(Visit.id == v["id"])
            await audit.record(actor_id, "visit", v["id"], "restore_client_status",
                               {"status": "cancelled"}, {"status": "planned"})
            restored += 1
    return {"cancelled_client_status": cancelled, "restored_client_status": restored}


async def apply_client_status(client_id: int, actor_id: int | None, horizon_days: int = 8 * 7) -> dict:
    """Bring one client's calls in line with their status from today on (call this when a
    client goes into hospital, comes home or ceases)."""
    client = await Client.select().where(Client.id == client_id).first()
    if client is None:
        from api.domain.shared.common import not_found

        raise not_found("client", client_id)
    today = server_today()
    async with write_transaction():
        return await _follow_client_status(today, today + dt.timedelta(days=horizon_days),
                                           {client_id: client}, actor_id, only_client=client_id)
