"""The rolling rota: calls exist four weeks ahead, each with its carer from the master rota.

`roll_forward` makes the calls of the coming four weeks from client defaults (idempotent, as
`calls.generate_calls`) and gives every call that never had a carer the carer(s) of the master
rota: whoever did the same call (the same client default) most often in the four weeks before
that date, the most recent first on a tie. That is continuity: a client keeps their regular
carer week after week, and a week generated from a week already rolled follows it.

Each day is allocated with the solver's own insertion (`Routes`, which keeps every hard rule:
shifts, leave, skills, travel, hours, breaks, double-ups together) without moving any call
already placed, then the day goes through the solver's checker: an allocation that would add
a violation is not written. When the master carer cannot take the call (on leave, no longer
holding the skill, already busy then), the call goes to the carer it costs least to add
(continuity counts in that cost); when nobody can, it stays unallocated for the planner.

Calls a planner has touched are left alone: only calls that never had a carer (no row in
`assignment_history`) are allocated, so a call the planner took a carer off stays as it is.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from typing import Awaitable, Callable

import msgspec

from api.domain.rostering.calls import client_receives_calls, generate_calls, in_force
from api.domain.shared.common import minutes_to_hhmm
from api.domain.rostering.planning import build_problem, current_plan
from api.domain.shared import audit
from api.domain.shared.db import write_transaction
from api.domain.shared.locks import lock_visits
from api.domain.tables import Assignment, AssignmentHistory, Client, ClientDefault, Visit
from api.solver import check
from api.solver.check import problem_table
from api.solver.routes import Routes

ROLLING_DAYS = 28  # the rolling rota reaches four weeks ahead
MASTER_WEEKS = 4  # the master rota is what the last four weeks of the same call show


async def master_rota(default_ids: list[int], before: dt.date,
                      weeks: int = MASTER_WEEKS) -> dict[int, list[int]]:
    """client default id -> its master carers, best first: who did that call most often in
    the `weeks` weeks before `before` (the most recent first on a tie). A default with no
    calls yet there (a client's weekly pattern was just edited, which makes new defaults)
    takes the carers of the client's calls on the same weekday within an hour of its time."""
    if not default_ids:
        return {}
    defaults = {d["id"]: d for d in await ClientDefault.select(
        ClientDefault.id, ClientDefault.client, ClientDefault.weekday, ClientDefault.start_minute,
    ).where(ClientDefault.id.is_in(default_ids))}
    since = before - dt.timedelta(weeks=weeks)
    visit = Assignment.visit
    rows = await Assignment.select(
        Assignment.carer, visit.client_default.as_alias("default_id"), visit.client.id.as_alias("client_id"),
        visit.date.as_alias("date"), visit.window_start.as_alias("window_start"),
        visit.window_end.as_alias("window_end"),
    ).where(
        visit.client.is_in(sorted({d["client"] for d in defaults.values()}) or [-1])
        & (visit.date >= since) & (visit.date < before) & (visit.status != "cancelled")
    )
    by_default: dict[int, list[dict]] = defaultdict(list)
    by_client: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        by_client[r["client_id"]].append(r)
        if r["default_id"] is not None:
            by_default[r["default_id"]].append(r)
    out = {}
    for d_id, d in defaults.items():
        done = by_default.get(d_id) or [
            r for r in by_client.get(d["client"], [])
            if r["date"].weekday() == d["weekday"]
            and abs((r["window_start"] + r["window_end"]) // 2 - d["start_minute"]) <= SAME_CALL_MINUTES]
        if done:
            out[d_id] = _most_often(done)
    return out


SAME_CALL_MINUTES = 60  # a call of the old pattern within this of the new default's time is "the same call"


def _most_often(rows: list[dict]) -> list[int]:
    counts: Counter[int] = Counter(r["carer"] for r in rows)
    latest: dict[int, dt.date] = {}
    for r in rows:
        latest[r["carer"]] = max(latest.get(r["carer"], r["date"]), r["date"])
    return sorted(counts, key=lambda carer: (-counts[carer], -latest[carer].toordinal(), carer))


async def _never_allocated(day: dt.date) -> list[dict]:
    """The day's planned calls from defaults that never had a carer."""
    visits = await Visit.select(Visit.id, Visit.client_default, Visit.version).where(
        (Visit.date == day) & (Visit.status == "planned") & Visit.client_default.is_not_null())
    ids = [v["id"] for v in visits] or [-1]
    had = {r["visit"] for r in await AssignmentHistory.select(AssignmentHistory.visit).where(
        AssignmentHistory.visit.is_in(ids))}
    had |= {r["visit"] for r in await Assignment.select(Assignment.visit).where(Assignment.visit.is_in(ids))}
    return [v for v in visits if v["id"] not in had]


def _place(routes: Routes, call, master: list[str]) -> str | None:
    """Put one call into the runs: its master carers first, else the cheapest carer.
    Returns how it was placed ("master" or "other"), or None when nobody can take it."""
    if master:
        eligible = routes.eligible(call)
        wanted = [k for carer in master[: call.carers_required] for k in eligible if k[0] == carer]
        if len({k[0] for k in wanted}) == call.carers_required:
            routes._eligible[call.id] = wanted  # only the master carers' shifts
            placed = routes.insert(call, push=False)
            routes._eligible[call.id] = eligible
            if placed:
                return "master"
    return "other" if routes.insert(call, push=False) else None


async def allocate_day(day: dt.date, actor_id: int | None = None) -> dict:
    """Give the day's never-allocated calls their carers from the master rota (see the module
    docstring). Writes only when the day has not changed since it was read; otherwise reads it
    again (a planner's move meanwhile wins)."""
    for _ in range(3):
        result = await _allocate_day_once(day, actor_id)
        if result is not None:
            return result
    return {"date": day.isoformat(), "master": 0, "other": 0, "unallocated": 0, "skipped": "the day kept changing"}


async def _allocate_day_once(day: dt.date, actor_id: int | None) -> dict | None:
    todo = await _never_allocated(day)
    counts = {"date": day.isoformat(), "master": 0, "other": 0, "unallocated": 0}
    if not todo:
        return counts
    problem, context = await build_problem(day)
    before = await current_plan(day, problem)
    table = problem_table(problem)
    master = await master_rota(sorted({v["client_default"] for v in todo}), day)
    routes = Routes(problem, table)
    routes.load(before)
    calls = problem._calls_by_id()
    todo = [v for v in todo if str(v["id"]) in calls]
    # Double-ups first (they need two carers free at once), then in time order.
    todo.sort(key=lambda v: (-calls[str(v["id"])].carers_required, calls[str(v["id"])].earliest, v["id"]))
    how: dict[str, str] = {}
    for v in todo:
        call = calls[str(v["id"])]
        placed = _place(routes, call, [str(c) for c in master.get(v["client_default"], [])])
        if placed:
            how[call.id] = placed
    plan = routes.to_plan()
    # The checker is the judge: drop any new call that would add a violation, then look again.
    known = {(x.rule, x.call_id, x.carer_id) for x in check(problem, before, table)}
    while True:
        added = {(x.rule, x.call_id, x.carer_id) for x in check(problem, plan, table)} - known
        bad = {call_id for _, call_id, _ in added if call_id in how}
        bad |= {s.call_id for r in plan.runs for s in r.stops
                if s.call_id in how and any(carer == r.carer_id and not call_id for _, call_id, carer in added)}
        if not bad:
            break
        for call_id in bad:
            routes.remove(call_id)
            how.pop(call_id)
        plan = routes.to_plan()
    written = await _write(day, plan, how, context.visit_versions, before, actor_id)
    if written is None:
        return None
    counts["master"] = sum(1 for h in how.values() if h == "master")
    counts["other"] = sum(1 for h in how.values() if h == "other")
    counts["unallocated"] = len(todo) - len(how)
    return counts


async def _write(day, plan, how: dict[str, str], versions: dict[int, int], before, actor_id) -> bool | None:
    """Store the new calls' carers, and the new travel of the calls that follow them.
    None when the day changed since it was read (nothing written)."""
    stops = {(int(s.call_id), int(r.carer_id)): s for r in plan.runs for s in r.stops}
    old = {(int(s.call_id), int(r.carer_id)): s for r in before.runs for s in r.stops}
    new_ids = sorted(int(c) for c in how)
    async with write_transaction():
        await lock_visits(sorted(versions))
        now = {v["id"]: v["version"] for v in await Visit.select(Visit.id, Visit.version).where(
            Visit.id.is_in(sorted(versions) or [-1]))}
        current = {(a["visit"], a["carer"]): a["planned_start"] for a in await Assignment.select(
            Assignment.visit, Assignment.carer, Assignment.planned_start).where(
            Assignment.visit.is_in(sorted(versions) or [-1]))}
        if now != versions or current != {k: s.start // 60 for k, s in old.items()}:
            return None  # a planner (or a carer's check-in) changed the day meanwhile: read it again
        if not new_ids:
            return True
        rows = [Assignment(visit=v, carer=c, planned_start=s.start // 60,
                           travel_minutes=math.ceil(s.travel_seconds / 60), travel_metres=s.travel_metres)
                for (v, c), s in stops.items() if v in set(new_ids)]
        for i in range(0, len(rows), 500):
            await Assignment.insert(*rows[i: i + 500])
        for (v, c), s in stops.items():  # the next call of a run now comes from somewhere else
            was = old.get((v, c))
            if was is not None and (was.travel_seconds, was.travel_metres) != (s.travel_seconds, s.travel_metres):
                await Assignment.update({Assignment.travel_minutes: math.ceil(s.travel_seconds / 60),
                                         Assignment.travel_metres: s.travel_metres}).where(
                    (Assignment.visit == v) & (Assignment.carer == c))
        await Visit.update({Visit.version: Visit.version + 1}).where(Visit.id.is_in(new_ids))
        carers: dict[int, list[dict]] = defaultdict(list)
        for (v, c), s in stops.items():
            if v in set(new_ids):
                carers[v].append({"carer_id": c, "planned_start": s.start // 60, "locked": False})
        await audit.record_many(actor_id, "visit", "roll_assign", [
            (v, {"version": versions[v], "assignments": []},
             {"version": versions[v] + 1, "assignments": carers[v], "how": how[str(v)]})
            for v in new_ids])
    return True


async def roll_forward(start: dt.date, days: int = ROLLING_DAYS, actor_id: int | None = None,
                       on_day: Callable[[dict], Awaitable[None]] | None = None,
                       should_stop: Callable[[], Awaitable[bool]] | None = None) -> dict:
    """Calls from defaults for `days` days from `start`, then each day's never-allocated calls
    given their carers from the master rota, day by day in date order (so a week follows the
    week before it). `on_day` hears each day's counts; `should_stop` ends the roll between days."""
    end = start + dt.timedelta(days=days - 1)
    generated = await generate_calls(start, end, actor_id)
    out = {"start": start.isoformat(), "end": end.isoformat(), "calls_created": generated["created"],
           "master": 0, "other": 0, "unallocated": 0, "days": []}
    day = start
    while day <= end:
        if should_stop is not None and await should_stop():
            out["stopped"] = True
            break
        counts = await allocate_day(day, actor_id)
        for key in ("master", "other", "unallocated"):
            out[key] += counts[key]
        out["days"].append(counts)
        if on_day is not None:
            await on_day(out)
        day += dt.timedelta(days=1)
    return out


class ProjectedCall(msgspec.Struct):
    """A call not generated yet that the master rota gives to a carer (from client defaults)."""

    date: dt.date
    start: str  # the default's start time
    client_id: int
    client_name: str
    town: str
    duration_minutes: int
    carers_required: int


MAX_PROJECTION_DAYS = 366


async def projected_calls(carer_id: int, start: dt.date, end: dt.date) -> list[ProjectedCall]:
    """The calls a carer would have between two dates that are not generated yet: each date's
    calls from the client defaults in force that the master rota gives to this carer. The
    master rota is read from the last four weeks of calls before `start` (or before the last
    generated date, for leave further ahead)."""
    if end < start:
        return []
    end = min(end, start + dt.timedelta(days=MAX_PROJECTION_DAYS - 1))
    defaults = await ClientDefault.select(
        *ClientDefault.all_columns(), ClientDefault.client.name.as_alias("client_name"),
        ClientDefault.client.town.as_alias("town"),
    ).where(ClientDefault.active == True)  # noqa: E712
    if not defaults:
        return []
    clients = {c["id"]: c for c in await Client.select(Client.id, Client.status, Client.status_since)}
    existing = {(v["client_default"], v["date"]) for v in await Visit.select(Visit.client_default, Visit.date).where(
        (Visit.date >= start) & (Visit.date <= end) & Visit.client_default.is_not_null())}
    last = await Visit.select(Visit.date).where(Visit.client_default.is_not_null()).order_by(
        Visit.date, ascending=False).first()
    anchor = min(start, last["date"] + dt.timedelta(days=1)) if last else start
    master = await master_rota([d["id"] for d in defaults], anchor)
    mine = [d for d in defaults if carer_id in master.get(d["id"], [])[: d["carers_required"]]]
    out = []
    day = start
    while day <= end:
        for d in mine:
            if (d["id"], day) in existing or not in_force(d, day) or not client_receives_calls(clients[d["client"]], day):
                continue
            out.append(ProjectedCall(day, minutes_to_hhmm(d["start_minute"]), d["client"], d["client_name"],
                                     d["town"], d["duration_minutes"], d["carers_required"]))
        day += dt.timedelta(days=1)
    out.sort(key=lambda c: (c.date, c.start, c.client_name))
    return out
