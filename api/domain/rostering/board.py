"""The planner's hand changes to calls: the day board, one-off calls, moves, pins, cancels,
and releasing a carer's calls for cover.

Every change bumps the call's `version` (the board's concurrency token: a stale one is 409)
and writes an audit event with the call and its assignments before and after.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from api.domain.shared.db import write_transaction
from api.domain.shared import audit
from api.domain.people.availability import carers_absent_on, shifts_on, skills_valid_on
from api.domain.shared.common import ConflictException, hhmm_to_minutes, invalid, minutes_to_hhmm, not_found, versioned_update
from api.domain.rostering.move_checks import MoveWarning, travel_minutes, warnings_for_move
from api.domain.rostering.runs import RunCall, assignments_for
from api.domain.tables import Assignment, AuditEvent, Carer, Client, Visit, VisitLog

HHMM = Annotated[str, Meta(pattern=r"^([01]\d|2[0-3]):([0-5]\d)$", description="HH:MM")]
Version = Annotated[int, Meta(ge=1)]
OPEN_STATUSES = ("planned",)  # calls a planner may still change


class CallIn(msgspec.Struct):
    client_id: int
    date: dt.date
    start: HHMM
    duration_minutes: Annotated[int, Meta(ge=5, le=12 * 60)]
    window_minutes: Annotated[int, Meta(ge=0, le=6 * 60)] = 30  # either side of start
    carers_required: Annotated[int, Meta(ge=1, le=4)] = 1
    required_skills: list[str] = []
    tasks: list[str] = []
    call_type: Annotated[str, Meta(max_length=16)] = "other"
    carer_ids: list[int] = []  # assign straight away (optional)


class MoveIn(msgspec.Struct):
    version: Version
    to_carer_id: int | None = None  # None: keep the carer(s), change only the time
    from_carer_id: int | None = None  # which carer of a double-up gives it up; None for an unallocated call
    start: HHMM | None = None  # None: keep the planned start (or the window's opening)


class PinIn(msgspec.Struct):
    version: Version
    locked: bool


class CancelIn(msgspec.Struct):
    version: Version
    reason: Annotated[str, Meta(max_length=255)] = ""


class UnassignIn(msgspec.Struct):
    version: Version
    carer_id: int


class CallOut(msgspec.Struct):
    id: int
    version: int
    client_id: int
    client_name: str
    town: str
    lat: float
    lon: float
    date: dt.date
    window_start: str
    window_end: str
    duration_minutes: int
    carers_required: int
    required_skills: list[str]
    tasks: list[str]
    call_type: str
    status: str
    changed_by_hand: bool
    assignments: list[dict]  # [{carer_id, planned_start, locked}]
    reason: str = ""  # why it is (partly) unallocated


class MovePreview(msgspec.Struct):
    visit_id: int
    version: int
    to_carer_id: int | None
    start: str
    warnings: list[MoveWarning]


class BoardCarer(msgspec.Struct):
    id: int
    name: str
    transport_mode: str
    home_lat: float
    home_lon: float
    skills: list[str]
    shifts: list[dict]  # [{start, end}]
    absent: bool
    calls: list[RunCall]
    gaps: list[dict]  # travel before each call: [{visit_id, travel_minutes, free_minutes}]


class DayBoard(msgspec.Struct):
    date: dt.date
    carers: list[BoardCarer]
    unallocated: list[CallOut]


# --- reading ---------------------------------------------------------------------------

async def _call_rows(where) -> list[dict]:
    return await Visit.select(
        *Visit.all_columns(),
        Visit.client.name.as_alias("client_name"),
        Visit.client.town.as_alias("town"),
        Visit.client.lat.as_alias("lat"),
        Visit.client.lon.as_alias("lon"),
    ).where(where).output(load_json=True).order_by(Visit.window_start)


async def _assignments_of(visit_ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {v: [] for v in visit_ids}
    if visit_ids:
        for a in await Assignment.select().where(Assignment.visit.is_in(visit_ids)).order_by(Assignment.id):
            out[a["visit"]].append(
                {"carer_id": a["carer"], "planned_start": minutes_to_hhmm(a["planned_start"]), "locked": a["locked"]}
            )
    return out


def _call_out(row: dict, assignments: list[dict], reason: str = "") -> CallOut:
    return CallOut(
        id=row["id"], version=row["version"], client_id=row["client"], client_name=row["client_name"],
        town=row["town"], lat=row["lat"], lon=row["lon"], date=row["date"],
        window_start=minutes_to_hhmm(row["window_start"]), window_end=minutes_to_hhmm(row["window_end"]),
        duration_minutes=row["duration_minutes"], carers_required=row["carers_required"],
        required_skills=list(row["required_skills"] or []), tasks=list(row["tasks"] or []),
        call_type=row["call_type"], status=row["status"], changed_by_hand=row["changed_by_hand"],
        assignments=assignments, reason=reason,
    )


async def get_call(visit_id: int) -> CallOut:
    rows = await _call_rows(Visit.id == visit_id)
    if not rows:
        raise not_found("call", visit_id)
    return _call_out(rows[0], (await _assignments_of([visit_id]))[visit_id])


async def uncovered_calls(day: dt.date) -> list[CallOut]:
    """Planned calls on a day with fewer carers than they need, each with a reason."""
    rows = await _call_rows((Visit.date == day) & (Visit.status == "planned"))
    assigned = await _assignments_of([r["id"] for r in rows])
    short = [r for r in rows if len(assigned[r["id"]]) < r["carers_required"]]
    reasons = await unallocated_reasons(day, short)
    return [_call_out(r, assigned[r["id"]], reasons.get(r["id"], "")) for r in short]


async def unallocated_reasons(day: dt.date, calls: list[dict]) -> dict[int, str]:
    """Why each call has no (or too few) carers, in a planner's words.

    A simple explanation from the records: who gave it up last (sickness, leave, a move),
    or that nobody on shift has the skills. The optimiser's own reasons can take over here.
    """
    if not calls:
        return {}
    ids = [str(c["id"]) for c in calls]
    released: dict[str, str] = {}
    for e in await AuditEvent.select(AuditEvent.entity_id, AuditEvent.after).where(
        (AuditEvent.entity == "visit") & AuditEvent.entity_id.is_in(ids) & (AuditEvent.action == "release")
    ).output(load_json=True).order_by(AuditEvent.id):
        released[e["entity_id"]] = (e["after"] or {}).get("reason", "")
    # Everything else: the solver's own explanation, found by examining which rule excludes
    # each carer (skills, exclusions, hours, shifts, already busy).
    from api.domain.rostering.planning import build_problem, current_plan
    from api.solver.check import problem_table
    from api.solver.explain import explain

    problem, _ = await build_problem(day)
    plan = await current_plan(day, problem)
    table = problem_table(problem)
    served = plan.assignments()
    out = {}
    for c in calls:
        if released.get(str(c["id"])):
            out[c["id"]] = released[str(c["id"])]
            continue
        call = next((x for x in problem.calls if x.id == str(c["id"])), None)
        if call is None:
            out[c["id"]] = "not open for planning"
            continue
        missing = call.carers_required - len(served.get(call.id, ()))
        out[c["id"]] = _reason(problem, plan, call, table, missing, explain)
    return out


def _reason(problem, plan, call, table, missing, explain) -> str:
    skills = " and ".join(sorted(call.skills))
    if not problem.carers:
        return f"no carer{f' with the {skills} skill' if skills else ''} is working that day"
    text = explain(problem, plan, call, table, missing)
    if text.startswith("no ") and " is free " in text:
        # Every rule lets some carer take it: nobody has tried yet.
        return "not yet allocated: a carer could take it (Find cover or Optimise)"
    return text


async def day_board(day: dt.date) -> DayBoard:
    carers = await Carer.select().where(Carer.active == True).output(load_json=True).order_by(Carer.name)  # noqa: E712
    shifts = await shifts_on(day)
    absent = await carers_absent_on(day)
    runs: dict[int, list[RunCall]] = {}
    for call in await assignments_for(None, day, day):
        runs.setdefault(call.carer_id, []).append(call)
    board = []
    for c in carers:
        calls = sorted(runs.get(c["id"], []), key=lambda r: r.planned_start)
        if not calls and c["id"] not in shifts and c["id"] not in absent:
            continue  # not working today and nothing to show
        gaps, prev, prev_end = [], (c["home_lat"], c["home_lon"]), None
        for call in calls:
            start = hhmm_to_minutes(call.planned_start)
            trip = travel_minutes(prev, (call.lat, call.lon), c["transport_mode"])
            gaps.append({"visit_id": call.visit_id, "travel_minutes": trip,
                         "free_minutes": None if prev_end is None else start - prev_end})
            prev, prev_end = (call.lat, call.lon), start + call.duration_minutes
        board.append(BoardCarer(
            id=c["id"], name=c["name"], transport_mode=c["transport_mode"],
            home_lat=c["home_lat"], home_lon=c["home_lon"], skills=list(c["skills"] or []),
            shifts=[{"start": minutes_to_hhmm(s), "end": minutes_to_hhmm(e)} for s, e in shifts.get(c["id"], [])],
            absent=c["id"] in absent, calls=calls, gaps=gaps,
        ))
    return DayBoard(date=day, carers=board, unallocated=await uncovered_calls(day))


# --- changing --------------------------------------------------------------------------

async def _snapshot(visit_id: int) -> dict:
    visit = await Visit.select().where(Visit.id == visit_id).output(load_json=True).first()
    visit["assignments"] = [
        {"carer_id": a["carer"], "planned_start": a["planned_start"], "locked": a["locked"]}
        for a in await Assignment.select().where(Assignment.visit == visit_id).order_by(Assignment.id)
    ]
    return visit


async def _open_visit(visit_id: int, version: int) -> dict:
    """The call, if it may still be changed by hand at this version (404/409 otherwise)."""
    visit = await Visit.select().where(Visit.id == visit_id).first()
    if visit is None:
        raise not_found("call", visit_id)
    if visit["version"] != version:
        raise ConflictException(
            detail=f"stale version: you sent {version}, the call is at {visit['version']}; reload and try again",
            extra={"current_version": visit["version"]},
        )
    if visit["status"] not in OPEN_STATUSES:
        raise ConflictException(detail=f"the call is {visit['status']}; it can no longer be changed")
    return visit


async def _checked_in(visit_id: int) -> bool:
    return await VisitLog.exists().where((VisitLog.visit == visit_id) & (VisitLog.kind == "check_in"))


async def add_call(data: CallIn, actor_id: int) -> CallOut:
    start = hhmm_to_minutes(data.start, "start")
    if not await Client.exists().where(Client.id == data.client_id):
        raise invalid("client_id", f"client {data.client_id} does not exist")
    if len(set(data.carer_ids)) != len(data.carer_ids) or len(data.carer_ids) > data.carers_required:
        raise invalid("carer_ids", f"at most {data.carers_required} different carers")
    known = {c["id"] for c in await Carer.select(Carer.id).where(Carer.id.is_in(data.carer_ids or [-1]))}
    if set(data.carer_ids) - known:
        raise invalid("carer_ids", f"unknown carers {sorted(set(data.carer_ids) - known)}")
    async with write_transaction():
        rows = await Visit.insert(Visit(
            client=data.client_id, client_default=None, date=data.date,
            window_start=max(0, start - data.window_minutes), window_end=min(24 * 60 - 1, start + data.window_minutes),
            duration_minutes=data.duration_minutes, carers_required=data.carers_required,
            required_skills=data.required_skills, tasks=data.tasks, call_type=data.call_type,
            changed_by_hand=True,
        )).returning(Visit.id)
        visit_id = rows[0]["id"]
        for carer_id in data.carer_ids:
            await Assignment.insert(Assignment(visit=visit_id, carer=carer_id, planned_start=start))
        await audit.record(actor_id, "visit", visit_id, "create", None, await _snapshot(visit_id))
    return await get_call(visit_id)


async def _plan_move(visit: dict, data: MoveIn) -> tuple[int | None, int]:
    """(carer who will do it, start minute) for a move, validating the request."""
    assigned = [a["carer"] for a in await Assignment.select(Assignment.carer).where(Assignment.visit == visit["id"])]
    current = await Assignment.select(Assignment.planned_start).where(Assignment.visit == visit["id"]).first()
    start = hhmm_to_minutes(data.start, "start") if data.start else (
        current["planned_start"] if current else visit["window_start"])
    if start + visit["duration_minutes"] > 24 * 60:
        raise invalid("start", "the call would run past midnight")
    if data.from_carer_id is not None and data.from_carer_id not in assigned:
        raise invalid("from_carer_id", f"carer {data.from_carer_id} is not on this call")
    if data.to_carer_id is None:
        if data.start is None:
            raise invalid("to_carer_id", "give a carer, a start time, or both")
        return None, start
    if not await Carer.exists().where(Carer.id == data.to_carer_id):
        raise invalid("to_carer_id", f"carer {data.to_carer_id} does not exist")
    if data.to_carer_id in assigned and data.to_carer_id != data.from_carer_id:
        raise invalid("to_carer_id", "that carer is already on this call")
    if data.from_carer_id is None and len(assigned) >= visit["carers_required"]:
        raise invalid("from_carer_id", "the call is fully allocated: say which carer gives it up")
    return data.to_carer_id, start


async def preview_move(visit_id: int, data: MoveIn) -> MovePreview:
    visit = await _open_visit(visit_id, data.version)
    to_carer, start = await _plan_move(visit, data)
    carers = [to_carer] if to_carer is not None else [
        a["carer"] for a in await Assignment.select(Assignment.carer).where(Assignment.visit == visit_id)]
    warnings: list[MoveWarning] = []
    for carer_id in carers:
        warnings += await warnings_for_move(visit_id, carer_id, start,
                                            data.from_carer_id if carer_id == to_carer else None)
    return MovePreview(visit_id, visit["version"], to_carer, minutes_to_hhmm(start), warnings)


async def move_call(visit_id: int, data: MoveIn, actor_id: int) -> CallOut:
    """Apply a move the planner confirmed. A double-up moves in time together; a start
    outside the window moves the window with it (a one-off change generation keeps)."""
    visit = await _open_visit(visit_id, data.version)
    to_carer, start = await _plan_move(visit, data)
    if await _checked_in(visit_id):
        raise ConflictException(detail="a carer has already checked in to this call")
    async with write_transaction():
        before = await _snapshot(visit_id)
        values = {}
        if data.start is not None:  # a new time is a one-off change that generation keeps
            values[Visit.changed_by_hand] = True
        if not visit["window_start"] <= start <= visit["window_end"]:
            shift = start - (before["assignments"][0]["planned_start"] if before["assignments"] else visit["window_start"])
            values[Visit.window_start] = max(0, visit["window_start"] + shift)
            values[Visit.window_end] = min(24 * 60 - 1, visit["window_end"] + shift)
        await versioned_update(Visit, visit_id, data.version, values)
        if to_carer is not None:
            if data.from_carer_id is not None:
                await Assignment.delete().where(
                    (Assignment.visit == visit_id) & (Assignment.carer == data.from_carer_id))
            await Assignment.insert(Assignment(visit=visit_id, carer=to_carer, planned_start=start))
        await Assignment.update({Assignment.planned_start: start, Assignment.version: Assignment.version + 1}).where(
            Assignment.visit == visit_id)
        await audit.record(actor_id, "visit", visit_id, "move", before, await _snapshot(visit_id))
    return await get_call(visit_id)


async def pin_call(visit_id: int, data: PinIn, actor_id: int) -> CallOut:
    """Pin (lock) a call's assignments so the optimiser leaves them alone, or unpin."""
    await _open_visit(visit_id, data.version)
    async with write_transaction():
        before = await _snapshot(visit_id)
        if not before["assignments"]:
            raise invalid("locked", "an unallocated call has nothing to pin")
        await versioned_update(Visit, visit_id, data.version, {})
        await Assignment.update({Assignment.locked: data.locked, Assignment.version: Assignment.version + 1}).where(
            Assignment.visit == visit_id)
        await audit.record(actor_id, "visit", visit_id, "pin" if data.locked else "unpin", before,
                           await _snapshot(visit_id))
    return await get_call(visit_id)


async def cancel_call(visit_id: int, data: CancelIn, actor_id: int) -> CallOut:
    await _open_visit(visit_id, data.version)
    if await _checked_in(visit_id):
        raise ConflictException(detail="a carer has already checked in to this call")
    async with write_transaction():
        before = await _snapshot(visit_id)
        await versioned_update(Visit, visit_id, data.version, {Visit.status: "cancelled", Visit.changed_by_hand: True})
        await Assignment.delete().where(Assignment.visit == visit_id)
        after = await _snapshot(visit_id)
        after["reason"] = data.reason
        await audit.record(actor_id, "visit", visit_id, "cancel", before, after)
    return await get_call(visit_id)


async def unassign(visit_id: int, data: UnassignIn, actor_id: int) -> CallOut:
    await _open_visit(visit_id, data.version)
    if not await Assignment.exists().where((Assignment.visit == visit_id) & (Assignment.carer == data.carer_id)):
        raise invalid("carer_id", f"carer {data.carer_id} is not on this call")
    async with write_transaction():
        before = await _snapshot(visit_id)
        await versioned_update(Visit, visit_id, data.version, {})
        await Assignment.delete().where((Assignment.visit == visit_id) & (Assignment.carer == data.carer_id))
        await audit.record(actor_id, "visit", visit_id, "unassign", before, await _snapshot(visit_id))
    return await get_call(visit_id)


async def release_carer_calls(carer_id: int, start: dt.date, end: dt.date, reason: str,
                              actor_id: int | None) -> list[int]:
    """Take a carer off their unstarted calls between two dates so the calls need cover.

    Call this inside the caller's transaction. Calls already checked in stay with the carer.
    Returns the ids of the released calls.
    """
    rows = await Assignment.select(Assignment.id, Assignment.visit).where(
        (Assignment.carer == carer_id) & (Assignment.visit.date >= start) & (Assignment.visit.date <= end)
        & (Assignment.visit.status == "planned")
    )
    started = {r["visit"] for r in await VisitLog.select(VisitLog.visit).where(
        VisitLog.visit.is_in([r["visit"] for r in rows] or [-1]) & (VisitLog.kind == "check_in"))}
    released = []
    for row in rows:
        if row["visit"] in started:
            continue
        before = await _snapshot(row["visit"])
        await Assignment.delete().where(Assignment.id == row["id"])
        await Visit.update({Visit.version: Visit.version + 1}).where(Visit.id == row["visit"])
        after = await _snapshot(row["visit"])
        after["reason"] = reason
        after["released_carer_id"] = carer_id
        await audit.record(actor_id, "visit", row["visit"], "release", before, after)
        released.append(row["visit"])
    return released


async def calls_needing_cover(carer_id: int, start: dt.date, end: dt.date) -> list[RunCall]:
    """A carer's unstarted calls in a date range: what their absence would leave uncovered."""
    return [c for c in await assignments_for([carer_id], start, end) if c.status == "planned"]

