"""What a carer sees: the published rota, day by day.

Planners change the working rota (assignments); carers see, for each date, the latest
publication that covers it (its `published_assignment` rows), so an applied but unpublished
change never reaches a phone, a calendar feed or the key safe rule. A date no publication
covers shows the working rota only when the agency's setting `show_unpublished_days_to_carers`
says so. A call cancelled since it was published leaves the phone at once (the carer must
not go), as cancelled calls always did. An urgent call the carer accepted is on their phone at
once, published or not: they said they would go (urgent response).

The same comparison marks the planner's board: a call whose carers or times differ from what
the carers were shown is `differs_from_published`.
"""

from __future__ import annotations

import datetime as dt
import functools

from api.domain.rostering.runs import RunCall, assignments_for
from api.domain.setup import agency_settings
from api.domain.shared.common import minutes_to_hhmm
from api.domain.tables import Assignment, PublishedAssignment, RotaPublication

SHOW_UNPUBLISHED = "show_unpublished_days_to_carers"
URGENT = "urgent"  # the call type of an accepted urgent call (api/domain/urgent/dispatch.py)


async def latest_publications(start: dt.date, end: dt.date) -> dict[dt.date, int]:
    """{date: id of the latest publication covering it} for the dates in [start, end] that
    were ever published (a day published after its week overrides the week)."""
    pubs = await RotaPublication.select(RotaPublication.id, RotaPublication.start_date,
                                        RotaPublication.end_date).where(
        (RotaPublication.start_date <= end) & (RotaPublication.end_date >= start))
    latest: dict[dt.date, int] = {}
    for p in sorted(pubs, key=lambda p: p["id"]):
        day = max(p["start_date"], start)
        while day <= min(p["end_date"], end):
            latest[day] = p["id"]
            day += dt.timedelta(days=1)
    return latest


async def show_unpublished_days() -> bool:
    return bool(await agency_settings.get(SHOW_UNPUBLISHED))


@functools.cache
def _published_columns() -> tuple:
    """The published row with its call and client, built once (as runs._run_columns)."""
    visit, client = PublishedAssignment.visit, PublishedAssignment.visit.client
    return (
        PublishedAssignment.publication,
        PublishedAssignment.carer,
        PublishedAssignment.planned_start,
        PublishedAssignment.date,
        visit.id.as_alias("visit_id"),
        visit.window_start.as_alias("window_start"),
        visit.window_end.as_alias("window_end"),
        visit.duration_minutes.as_alias("duration_minutes"),
        visit.carers_required.as_alias("carers_required"),
        visit.required_skills.as_alias("required_skills"),
        visit.tasks.as_alias("tasks"),
        visit.call_type.as_alias("call_type"),
        visit.status.as_alias("status"),
        visit.version.as_alias("visit_version"),
        client.id.as_alias("client_id"),
        client.name.as_alias("client_name"),
        client.address.as_alias("address"),
        client.town.as_alias("town"),
        client.postcode.as_alias("postcode"),
        client.lat.as_alias("lat"),
        client.lon.as_alias("lon"),
        client.alerts.as_alias("alerts"),
    )


async def _published_calls(carer_id: int, latest: dict[dt.date, int]) -> list[RunCall]:
    if not latest:
        return []
    rows = await PublishedAssignment.select(*_published_columns()).where(
        (PublishedAssignment.carer == carer_id)
        & (PublishedAssignment.date >= min(latest)) & (PublishedAssignment.date <= max(latest))
        & PublishedAssignment.publication.is_in(sorted(set(latest.values())))
    ).output(load_json=True)
    rows = [r for r in rows if latest.get(r["date"]) == r["publication"] and r["status"] != "cancelled"]
    if not rows:
        return []
    visit_ids = sorted({r["visit_id"] for r in rows})
    # Who else was published on each call (a double-up's partner), and the carer's own
    # assignment where it still stands (its id, pin and travel; 0 when it moved since).
    partners: dict[tuple[int, int], list[int]] = {}
    for p in await PublishedAssignment.select(PublishedAssignment.publication, PublishedAssignment.visit,
                                              PublishedAssignment.carer).where(
            PublishedAssignment.visit.is_in(visit_ids)
            & PublishedAssignment.publication.is_in(sorted({r["publication"] for r in rows}))):
        partners.setdefault((p["publication"], p["visit"]), []).append(p["carer"])
    current = {a["visit"]: a for a in await Assignment.select(
        Assignment.id, Assignment.visit, Assignment.planned_start, Assignment.locked,
        Assignment.travel_minutes, Assignment.travel_metres,
    ).where((Assignment.carer == carer_id) & Assignment.visit.is_in(visit_ids))}
    calls = []
    for r in rows:
        now = current.get(r["visit_id"])
        same = now is not None and now["planned_start"] == r["planned_start"]
        calls.append(RunCall(
            assignment_id=now["id"] if now else 0,
            visit_id=r["visit_id"], carer_id=carer_id, client_id=r["client_id"],
            client_name=r["client_name"], address=r["address"], town=r["town"], postcode=r["postcode"],
            lat=r["lat"], lon=r["lon"], alerts=r["alerts"], date=r["date"],
            planned_start=minutes_to_hhmm(r["planned_start"]),
            window_start=minutes_to_hhmm(r["window_start"]), window_end=minutes_to_hhmm(r["window_end"]),
            duration_minutes=r["duration_minutes"], carers_required=r["carers_required"],
            required_skills=list(r["required_skills"] or []), tasks=list(r["tasks"] or []),
            call_type=r["call_type"], status=r["status"], locked=bool(now and now["locked"]),
            travel_minutes=now["travel_minutes"] if same else 0,
            travel_metres=now["travel_metres"] if same else 0,
            visit_version=r["visit_version"],
            co_carer_ids=sorted(c for c in partners.get((r["publication"], r["visit_id"]), []) if c != carer_id),
        ))
    return calls


async def calls_carer_sees(carer_id: int, start: dt.date, end: dt.date) -> list[RunCall]:
    """The carer's calls between two dates as their phone shows them, in run order."""
    latest = await latest_publications(start, end)
    calls = await _published_calls(carer_id, latest)
    if len(latest) < (end - start).days + 1 and await show_unpublished_days():
        calls += [c for c in await assignments_for([carer_id], start, end) if c.date not in latest]
    shown = {c.visit_id for c in calls}
    calls += [c for c in await assignments_for([carer_id], start, end)
              if c.call_type == URGENT and c.visit_id not in shown]
    calls.sort(key=lambda c: (c.date, c.planned_start))
    return calls


async def carer_sees_call(carer_id: int, visit_id: int, day: dt.date) -> RunCall | None:
    """The call as the carer's phone shows it on its date, or None when it is not on their rota."""
    return next((c for c in await calls_carer_sees(carer_id, day, day) if c.visit_id == visit_id), None)


async def shown_on(day: dt.date) -> dict[int, dict[int, int]]:
    """What carers see on a date, for every call: {visit_id: {carer_id: planned_start}}."""
    latest = await latest_publications(day, day)
    shown: dict[int, dict[int, int]] = {}
    if day in latest:
        for p in await PublishedAssignment.select(
                PublishedAssignment.visit, PublishedAssignment.carer, PublishedAssignment.planned_start).where(
                PublishedAssignment.publication == latest[day]):
            shown.setdefault(p["visit"], {})[p["carer"]] = p["planned_start"]
    elif await show_unpublished_days():
        for a in await Assignment.select(Assignment.visit, Assignment.carer, Assignment.planned_start).where(
                Assignment.visit.date == day):
            shown.setdefault(a["visit"], {})[a["carer"]] = a["planned_start"]
    for a in await Assignment.select(Assignment.visit, Assignment.carer, Assignment.planned_start).where(
            (Assignment.visit.date == day) & (Assignment.visit.call_type == URGENT)):
        shown.setdefault(a["visit"], {}).setdefault(a["carer"], a["planned_start"])
    return shown


async def record_publication(publication_id: int, snapshot: dict[str, dict]) -> None:
    """Store a publication's allocation as rows the carer app reads (inside its transaction)."""
    rows = [
        PublishedAssignment(publication=publication_id, date=dt.date.fromisoformat(call["date"]),
                            visit=int(visit_id), carer=carer, planned_start=start)
        for visit_id, call in snapshot.items() for carer, start in call["assignments"]
    ]
    for i in range(0, len(rows), 500):  # bounded statements (SQLite's variable limit)
        await PublishedAssignment.insert(*rows[i:i + 500])
