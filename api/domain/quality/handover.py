"""The morning handover: what came in since yesterday morning (log entries received yesterday
and overnight), follow-ups still open, incidents reported since then or still open, and the
call flags of yesterday and today not yet resolved. Each item can be marked as actioned (once;
audited) and then shows who did it and when."""

from __future__ import annotations

import datetime as dt

import msgspec

from api.auth import AuthUser
from api.domain.shared import audit
from api.domain.shared.choices import IncidentStatus
from api.domain.shared.common import agency_zone, invalid, server_today
from api.domain.shared.db import write_transaction
from api.domain.tables import Communication, HandoverDone, Incident
from api.domain.quality.communications import entry_out, select_entries
from api.domain.visits.call_records import CallRecordFilters, load_call_records
from api.domain.visits.fields import now

WORDS = {"late": "Late", "missed": "Missed", "short": "Short", "left_early": "Left early", "no_check_out": "No check-out"}


class HandoverItem(msgspec.Struct):
    key: str  # "communication:12", "incident:3", "flag:<visit>:<carer>:<flag>"
    kind: str  # communication | follow_up | incident | flag
    when: dt.datetime | None
    title: str
    detail: str
    link: str  # the staff screen that holds it
    actioned_by: str = ""
    actioned_at: dt.datetime | None = None


class Handover(msgspec.Struct):
    date: dt.date
    since: dt.datetime
    items: list[HandoverItem]


def _since(day: dt.date) -> dt.datetime:
    """Yesterday's start in the agency's zone: yesterday's and overnight entries."""
    return dt.datetime.combine(day - dt.timedelta(days=1), dt.time(0), tzinfo=agency_zone())


async def handover(day: dt.date | None = None) -> Handover:
    day = day or server_today()
    since = _since(day)
    items: list[HandoverItem] = []
    recent = await select_entries().where(Communication.received_at >= since).order_by(Communication.received_at)
    seen = set()
    for r in recent:
        e = entry_out(r)
        seen.add(e.id)
        items.append(HandoverItem(
            f"communication:{e.id}", "communication", e.received_at,
            f"{e.contact_from.replace('_', ' ').title()}{f' ({e.contact_name})' if e.contact_name else ''}"
            f"{f' about {e.client_name}' if e.client_name else ''}",
            e.summary + (f" — Follow-up: {e.follow_up} (owner {e.owner_name})" if e.follow_up else ""),
            "#/staff/handover"))
    for r in await select_entries().where((Communication.follow_up != "") & (Communication.received_at < since)
                                          ).order_by(Communication.received_at):
        e = entry_out(r)
        items.append(HandoverItem(f"communication:{e.id}", "follow_up", e.received_at,
                                  f"Open follow-up{f' for {e.client_name}' if e.client_name else ''} (owner {e.owner_name})",
                                  e.follow_up, "#/staff/handover"))
    incidents = await Incident.select(
        Incident.id, Incident.type, Incident.severity, Incident.status, Incident.created_at, Incident.what_happened,
        Incident.client.name.as_alias("client_name"),
    ).where((Incident.created_at >= since) | (Incident.status == IncidentStatus.OPEN)).order_by(Incident.created_at)
    for i in incidents:
        who = f" — {i['client_name']}" if i["client_name"] else ""
        items.append(HandoverItem(
            f"incident:{i['id']}", "incident", i["created_at"],
            f"Incident: {i['type'].replace('_', ' ')} ({i['severity']}, {i['status']}){who}",
            i["what_happened"], f"#/staff/incidents/{i['id']}"))
    for row in await load_call_records(CallRecordFilters(day - dt.timedelta(days=1), day, open_flags_only=True)):
        names = {a.carer_id: a.carer_name for a in row.attendances}
        for f in row.open_flags:
            items.append(HandoverItem(
                f"flag:{row.visit_id}:{f.carer_id or 0}:{f.flag}", "flag", None,
                f"{WORDS.get(f.flag, f.flag)}: {row.client_name}, {row.date:%a} {row.window_start}",
                names.get(f.carer_id, "nobody sent") if f.carer_id else "nobody sent", f"#/call-record/{row.visit_id}"))
    done = {d["item"]: d for d in await HandoverDone.select(
        HandoverDone.item, HandoverDone.actioned_at, HandoverDone.actioned_by.display_name.as_alias("by"),
    ).where(HandoverDone.item.is_in([i.key for i in items] or ["-"]))}
    for item in items:
        if item.key in done:
            item.actioned_by, item.actioned_at = done[item.key]["by"] or "", done[item.key]["actioned_at"]
    # Open follow-ups already actioned drop out of later handovers.
    items = [i for i in items if not (i.kind == "follow_up" and i.actioned_at)]
    return Handover(day, since, items)


async def mark_actioned(user: AuthUser, key: str) -> None:
    kind = key.split(":", 1)[0]
    if kind not in ("communication", "incident", "flag") or len(key) > 64:
        raise invalid("key", "is not an item of the handover")
    async with write_transaction():
        if await HandoverDone.exists().where(HandoverDone.item == key):
            return  # already actioned: the first one stands
        await HandoverDone.insert(HandoverDone(item=key, actioned_by=user.id, actioned_at=now()))
        await audit.record(user.id, "handover", key, "actioned", None, {"item": key})
