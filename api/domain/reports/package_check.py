""""Can we take this package?" (report 7): a planner enters a new client's weekly pattern
(where, call times, lengths, carers required, skills) and learns, within seconds, whether the
current staff can absorb it over a typical week: which carers would take which calls, the
travel it adds, and which calls could not be placed and why.

For each day of the week (default: next week, whose runs exist) the day's problem is read from
the database as the optimiser sees it; every call already fully covered is pinned to its
carers, and the new calls are inserted into the existing runs by the optimiser's own insertion
(`api.solver.cover`), which keeps every hard rule its checker knows. Nothing is stored: the
answer is a what-if. Added travel is the runs' travel with the package less the same runs
re-read without it (one travel model for both).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from typing import Annotated

import anyio
import msgspec
from msgspec import Meta

from api.domain.reports.filters import check_date
from api.domain.rostering.planning import build_problem, current_plan
from api.domain.shared.common import hhmm_to_minutes, invalid, minutes_to_hhmm, week_start
from api.domain.tables import Carer, Client
from api.settings import get_settings
from api.solver.cover import CallAdded, cover, replan
from api.solver.model import Call, Plan, Problem

METRES_PER_MILE = 1609.344
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class PackageCall(msgspec.Struct):
    weekday: Annotated[int, Meta(ge=0, le=6, description="0 = Monday")]
    start: Annotated[str, Meta(max_length=5, description="HH:MM, the preferred start")]
    duration_minutes: Annotated[int, Meta(ge=5, le=720)]
    carers_required: Annotated[int, Meta(ge=1, le=3)] = 1
    skills: Annotated[list[Annotated[str, Meta(max_length=64)]], Meta(max_length=10)] = []


class PackageIn(msgspec.Struct):
    calls: Annotated[list[PackageCall], Meta(min_length=1, max_length=70)]
    lat: Annotated[float, Meta(ge=-90, le=90)] | None = None
    lon: Annotated[float, Meta(ge=-180, le=180)] | None = None
    town: Annotated[str, Meta(max_length=64, description="without lat/lon: the middle of this town's clients")] | None = None
    address: Annotated[str, Meta(max_length=255)] = ""
    week_start: dt.date | None = None  # a Monday; default next week


class CarerRef(msgspec.Struct):
    carer_id: int
    name: str


class PlacedCall(msgspec.Struct):
    weekday: int
    date: dt.date
    start: str
    duration_minutes: int
    carers_required: int
    placed: bool
    planned_start: str | None
    carers: list[CarerRef]
    reason: str  # why it could not be placed (empty when placed)


class CarerLoad(msgspec.Struct):
    carer_id: int
    name: str
    calls: int
    minutes: int


class PackageAnswer(msgspec.Struct):
    fits: bool
    week_start: dt.date
    placed: int
    not_placed: int
    added_travel_minutes: int
    added_travel_miles: float
    carers: list[CarerLoad]
    calls: list[PlacedCall]
    seconds: float


async def _where(pkg: PackageIn) -> tuple[float, float]:
    if pkg.lat is not None and pkg.lon is not None:
        return pkg.lat, pkg.lon
    if pkg.town:
        rows = await Client.select(Client.lat, Client.lon).where(Client.town == pkg.town)
        if rows:
            return sum(r["lat"] for r in rows) / len(rows), sum(r["lon"] for r in rows) / len(rows)
        raise invalid("town", f"no client lives in '{pkg.town}' to place it by; give lat and lon")
    raise invalid("lat", "give the new client's lat and lon, or a town")


def _travel(plan: Plan) -> tuple[int, int]:
    return sum(r.travel_seconds for r in plan.runs), sum(r.travel_metres for r in plan.runs)


def _insert(problem: Problem, current: Plan, new: list[Call]) -> tuple[Plan, Plan]:
    """(the runs re-read without the package, the runs with it): CPU work, run off the event loop."""
    return replan(problem, current).plan, cover(problem, current, [CallAdded(c) for c in new]).plan


async def check_package(pkg: PackageIn, today: dt.date) -> PackageAnswer:
    t0 = time.perf_counter()
    monday = check_date("week_start", pkg.week_start or week_start(today) + dt.timedelta(days=7))
    if monday.weekday() != 0:
        raise invalid("week_start", f"{monday} is not a Monday")
    starts = [hhmm_to_minutes(c.start, f"calls[{i}].start") for i, c in enumerate(pkg.calls)]
    lat, lon = await _where(pkg)
    tolerance = get_settings().agency.window_tolerance_minutes
    names = {c["id"]: c["name"] for c in await Carer.select(Carer.id, Carer.name)}
    answers: list[PlacedCall | None] = [None] * len(pkg.calls)
    added_s = added_m = 0
    load: dict[int, list[int]] = {}
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        todays = [i for i, c in enumerate(pkg.calls) if c.weekday == day.weekday()]
        if not todays:
            continue
        problem, _ = await build_problem(day)
        current = await current_plan(day, problem)
        served = current.assignments()
        # Calls already covered stay with their carers; calls not covered are not this package's to fill.
        kept = [dataclasses.replace(c, pinned=c.current) if c.current else c
                for c in problem.calls if len(served.get(c.id, ())) >= c.carers_required]
        problem = problem.replace(calls=kept)
        new = [Call(id=f"new-{i}", client_id="new-client", location=(lat, lon),
                    earliest=max(0, starts[i] - tolerance) * 60, latest=min(1439, starts[i] + tolerance) * 60,
                    duration=pkg.calls[i].duration_minutes * 60, carers_required=pkg.calls[i].carers_required,
                    skills=tuple(pkg.calls[i].skills)) for i in todays]
        before, after = await anyio.to_thread.run_sync(_insert, problem, current, new)
        (bs, bm), (as_, am) = _travel(before), _travel(after)
        added_s += as_ - bs
        added_m += am - bm
        stops = {}
        for run in after.runs:
            for s in run.stops:
                if s.call_id.startswith("new-"):
                    stops.setdefault(s.call_id, []).append((int(run.carer_id), s.start))
        reasons = {u.call_id: u.reason for u in after.unallocated}
        for i in todays:
            c = pkg.calls[i]
            got = stops.get(f"new-{i}", [])
            placed = len(got) >= c.carers_required
            for carer, _ in got:
                entry = load.setdefault(carer, [0, 0])
                entry[0] += 1
                entry[1] += c.duration_minutes
            answers[i] = PlacedCall(
                weekday=c.weekday, date=day, start=c.start, duration_minutes=c.duration_minutes,
                carers_required=c.carers_required, placed=placed,
                planned_start=minutes_to_hhmm(min(s for _, s in got) // 60) if got else None,
                carers=[CarerRef(carer, names.get(carer, "?")) for carer, _ in sorted(got)],
                reason="" if placed else reasons.get(f"new-{i}", "no run could take it"))
    calls = [a for a in answers if a is not None]
    not_placed = sum(1 for a in calls if not a.placed)
    carers = sorted((CarerLoad(k, names.get(k, "?"), v[0], v[1]) for k, v in load.items()),
                    key=lambda c: (-c.calls, c.name))
    return PackageAnswer(
        fits=not_placed == 0, week_start=monday, placed=len(calls) - not_placed, not_placed=not_placed,
        added_travel_minutes=round(added_s / 60), added_travel_miles=round(added_m / METRES_PER_MILE, 1),
        carers=carers, calls=sorted(calls, key=lambda a: (a.date, a.start)), seconds=round(time.perf_counter() - t0, 2))
