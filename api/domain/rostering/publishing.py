"""Publishing the rota: freeze who does which call, tell each carer whose calls changed.

A publication keeps a snapshot of the period's assignments. The published rota of a date is
the latest publication that covers it, so a day published after its week overrides it. The
diff between that and the working allocation is what the planner previews and what carers
are told about: one message per carer, summarising every changed day, in their in-app inbox
and by push and e-mail where set up (rota_notices). Carers' phones read the published rota
from `published_assignment` rows stored with each publication (carer_view).
"""

from __future__ import annotations

import datetime as dt

import msgspec

from api.domain.shared.db import is_postgres, write_transaction
from api.domain.shared.locks import lock_visits
from api.domain.shared import audit
from api.domain.notify import inbox
from api.domain.rostering import carer_view, rota_notices
from api.domain.rostering.rota_notices import CarerNotice
from api.domain.rostering.calls import dates_in
from api.domain.shared.common import minutes_to_hhmm
from api.domain.tables import Assignment, Carer, RotaPublication, Visit


class CallChange(msgspec.Struct):
    visit_id: int
    client_name: str
    start: str  # the planned start now (or, for a removed call, as published)
    was: str = ""  # for a moved call: the start as published


class DayChanges(msgspec.Struct):
    date: dt.date
    added: list[CallChange]
    removed: list[CallChange]
    moved: list[CallChange]


class CarerChanges(msgspec.Struct):
    carer_id: int
    carer_name: str
    user_id: int | None
    summary: str
    days: list[DayChanges]


class RotaDiff(msgspec.Struct):
    start: dt.date
    end: dt.date
    published: bool  # is any of the period published already?
    carers: list[CarerChanges]


class PublicationOut(msgspec.Struct):
    id: int
    start_date: dt.date
    end_date: dt.date
    version: int
    published_by: int | None
    published_at: dt.datetime
    changed_carers: int = 0
    # per changed carer: in-app inbox, push and e-mail outcomes (pushes go off the request path,
    # so they start `pending`: GET /publications/{id}/notices shows them settle)
    notices: list[CarerNotice] = []


async def working_allocation(start: dt.date, end: dt.date) -> dict[str, dict]:
    """The period's calls as they stand: {visit_id: {date, client_name, assignments: [[carer, start]]}}."""
    visits = await Visit.select(Visit.id, Visit.date, Visit.client.name.as_alias("client_name")).where(
        (Visit.date >= start) & (Visit.date <= end) & (Visit.status != "cancelled"))
    snap = {str(v["id"]): {"date": v["date"].isoformat(), "client_name": v["client_name"], "assignments": []}
            for v in visits}
    for a in await Assignment.select(Assignment.visit, Assignment.carer, Assignment.planned_start).where(
            Assignment.visit.is_in([v["id"] for v in visits] or [-1])).order_by(Assignment.carer):
        snap[str(a["visit"])]["assignments"].append([a["carer"], a["planned_start"]])
    return snap


async def published_allocation(start: dt.date, end: dt.date) -> tuple[dict[str, dict], bool]:
    """The published rota of each date in the period (from the latest publication covering it)."""
    pubs = await RotaPublication.select().where(
        (RotaPublication.start_date <= end) & (RotaPublication.end_date >= start)
    ).output(load_json=True).order_by(RotaPublication.id, ascending=False)
    out: dict[str, dict] = {}
    for day in dates_in(start, end):
        latest = next((p for p in pubs if p["start_date"] <= day <= p["end_date"]), None)
        if latest is None:
            continue
        iso = day.isoformat()
        out.update({vid: call for vid, call in latest["snapshot"].items() if call["date"] == iso})
    return out, bool(pubs)


def _per_carer(snap: dict[str, dict]) -> dict[tuple[int, str], dict[str, int]]:
    """{(carer, date): {visit_id: planned_start}}"""
    out: dict[tuple[int, str], dict[str, int]] = {}
    for vid, call in snap.items():
        for carer, start in call["assignments"]:
            out.setdefault((carer, call["date"]), {})[vid] = start
    return out


def day_label(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def summarise(days: list[DayChanges]) -> str:
    """'Tue 3 Dec: 2 calls added, 1 moved; Wed 4 Dec: 1 call removed'"""
    parts = []
    for d in days:
        words: list[str] = []
        for n, what in ((len(d.added), "added"), (len(d.removed), "removed"), (len(d.moved), "moved")):
            if n:  # only the first count names the calls: "2 calls added, 1 moved"
                words.append(f"{n} call{'s' if n != 1 else ''} {what}" if not words else f"{n} {what}")
        parts.append(f"{day_label(d.date)}: {', '.join(words)}")
    return "; ".join(parts)


def diff_allocations(old: dict[str, dict], new: dict[str, dict]) -> dict[int, list[DayChanges]]:
    before, after = _per_carer(old), _per_carer(new)
    changes: dict[int, dict[str, DayChanges]] = {}
    for key in sorted(set(before) | set(after)):
        carer, iso = key
        was, now = before.get(key, {}), after.get(key, {})

        def change(vid: str, start: int, prior: int | None = None) -> CallChange:
            call = new.get(vid) or old.get(vid)
            return CallChange(int(vid), call["client_name"], minutes_to_hhmm(start),
                              minutes_to_hhmm(prior) if prior is not None else "")

        added = [change(v, now[v]) for v in now if v not in was]
        removed = [change(v, was[v]) for v in was if v not in now]
        moved = [change(v, now[v], was[v]) for v in now if v in was and now[v] != was[v]]
        if added or removed or moved:
            changes.setdefault(carer, {})[iso] = DayChanges(dt.date.fromisoformat(iso), added, removed, moved)
    return {c: [days[d] for d in sorted(days)] for c, days in changes.items()}


async def rota_diff(start: dt.date, end: dt.date) -> RotaDiff:
    """The working allocation against the published rota: what publishing would tell carers."""
    dates_in(start, end)
    old, any_published = await published_allocation(start, end)
    return await _rota_diff(start, end, old, await working_allocation(start, end), any_published)


async def _rota_diff(start: dt.date, end: dt.date, old: dict[str, dict], new: dict[str, dict],
                     any_published: bool) -> RotaDiff:
    carers = {c["id"]: c for c in await Carer.select(Carer.id, Carer.name, Carer.user)}
    per_carer = diff_allocations(old, new)
    out = []
    for carer_id, days in sorted(per_carer.items(), key=lambda kv: carers.get(kv[0], {}).get("name", "")):
        carer = carers.get(carer_id, {"name": f"carer {carer_id}", "user": None})
        out.append(CarerChanges(carer_id, carer["name"], carer["user"], summarise(days), days))
    return RotaDiff(start, end, any_published, out)


async def publish(start: dt.date, end: dt.date, actor_id: int) -> PublicationOut:
    """Publish the working allocation as it is stored. It is read once, inside the
    transaction that stores the publication (which holds the write lock), so the snapshot kept
    and the changes carers are told of are the same rota. On PostgreSQL the period's calls are
    held first, so no move or Apply commits between reading the calls and their carers."""
    dates_in(start, end)
    async with write_transaction():
        if is_postgres():
            await lock_visits([v["id"] for v in await Visit.select(Visit.id).where(
                (Visit.date >= start) & (Visit.date <= end))])
        snapshot = await working_allocation(start, end)
        old, any_published = await published_allocation(start, end)
        diff = await _rota_diff(start, end, old, snapshot, any_published)
        latest = await RotaPublication.select(RotaPublication.version).where(
            (RotaPublication.start_date == start) & (RotaPublication.end_date == end)
        ).order_by(RotaPublication.version, ascending=False).first()
        version = (latest["version"] if latest else 0) + 1
        row = (await RotaPublication.insert(RotaPublication(
            start_date=start, end_date=end, version=version, published_by=actor_id, snapshot=snapshot,
        )).returning(*RotaPublication.all_columns()))[0]
        await carer_view.record_publication(row["id"], snapshot)
        notification_ids = await rota_notices.store(row["id"], diff)
        await audit.record(actor_id, "publication", row["id"], "publish", None, {
            "start": start, "end": end, "version": version, "calls": len(snapshot),
            "changed_carers": [c.carer_id for c in diff.carers],
        })
    notices = await rota_notices.notices(row["id"], diff)  # as stored, before any send starts
    # Sent off the request path once stored; a push or mail fault never undoes a publication.
    inbox.send_later(notification_ids)
    return PublicationOut(row["id"], start, end, version, actor_id, row["published_at"],
                          changed_carers=len(diff.carers), notices=notices)


async def list_publications(start: dt.date | None, end: dt.date | None) -> list[PublicationOut]:
    query = RotaPublication.select(*[c for c in RotaPublication.all_columns() if c._meta.name != "snapshot"]
                                   ).order_by(RotaPublication.id, ascending=False).limit(200)
    if start:
        query = query.where(RotaPublication.end_date >= start)
    if end:
        query = query.where(RotaPublication.start_date <= end)
    return [PublicationOut(r["id"], r["start_date"], r["end_date"], r["version"], r["published_by"],
                           r["published_at"]) for r in await query]
