"""Care plans: the person-centred outcomes, what carers do for a client (an ordered list of
tasks, each at a call type or every call) and the plan's review schedule."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.domain.shared.choices import CallType
from api.domain.shared.db import write_transaction
from api.domain.shared.stale import explained
from api.domain.shared import audit
from api.domain.shared.common import invalid, not_found, paged, server_today, struct_values, versioned_update
from api.domain.shared.references import require_row
from api.domain.tables import CarePlan, CarePlanTask, Client


class TaskIn(msgspec.Struct):
    name: Annotated[str, Meta(min_length=1, max_length=128)]
    details: Annotated[str, Meta(max_length=2000)] = ""
    call_type: CallType | None = None  # None: at every call


Weeks = Annotated[int, Meta(ge=1, le=104, description="weeks between reviews")]


class CarePlanCreate(msgspec.Struct):
    client_id: int
    title: Annotated[str, Meta(min_length=1, max_length=128)]
    summary: Annotated[str, Meta(max_length=4000)] = ""
    starts_on: dt.date | None = None
    tasks: list[TaskIn] = []
    active: bool = True
    outcomes: Annotated[str, Meta(max_length=4000)] = ""
    review_interval_weeks: Weeks = 26
    next_review_on: dt.date | None = None  # default: starts_on (or today) + the interval


class CarePlanUpdate(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
    title: Annotated[str, Meta(min_length=1, max_length=128)] | UnsetType = UNSET
    summary: Annotated[str, Meta(max_length=4000)] | UnsetType = UNSET
    starts_on: dt.date | None | UnsetType = UNSET
    tasks: list[TaskIn] | UnsetType = UNSET
    active: bool | UnsetType = UNSET
    outcomes: Annotated[str, Meta(max_length=4000)] | UnsetType = UNSET
    review_interval_weeks: Weeks | UnsetType = UNSET
    next_review_on: dt.date | None | UnsetType = UNSET


class ReviewIn(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
    reviewed_on: dt.date
    next_review_on: dt.date | None = None  # default: reviewed_on + the plan's interval


class TaskOut(msgspec.Struct):
    name: str
    details: str
    call_type: str = ""


class CarePlanOut(msgspec.Struct):
    id: int
    version: int
    client_id: int
    title: str
    summary: str
    starts_on: dt.date | None
    active: bool
    tasks: list[TaskOut]
    outcomes: str = ""
    review_interval_weeks: int = 26
    last_reviewed_on: dt.date | None = None
    next_review_on: dt.date | None = None


async def _tasks(plan_ids: list[int]) -> dict[int, list[TaskOut]]:
    tasks: dict[int, list[TaskOut]] = {i: [] for i in plan_ids}
    if plan_ids:
        rows = await CarePlanTask.select().where(CarePlanTask.care_plan.is_in(plan_ids)).order_by(
            CarePlanTask.position
        )
        for row in rows:
            tasks[row["care_plan"]].append(TaskOut(row["name"], row["details"], row["call_type"]))
    return tasks


def _out(row: dict, tasks: list[TaskOut]) -> CarePlanOut:
    return CarePlanOut(
        id=row["id"],
        version=row["version"],
        client_id=row["client"],
        title=row["title"],
        summary=row["summary"],
        starts_on=row["starts_on"],
        active=row["active"],
        tasks=tasks,
        outcomes=row["outcomes"],
        review_interval_weeks=row["review_interval_weeks"],
        last_reviewed_on=row["last_reviewed_on"],
        next_review_on=row["next_review_on"],
    )


async def get_care_plan(plan_id: int) -> CarePlanOut:
    row = await CarePlan.select().where(CarePlan.id == plan_id).first()
    if row is None:
        raise not_found("care plan", plan_id)
    return _out(row, (await _tasks([plan_id]))[plan_id])


async def list_care_plans(
    limit: int, offset: int, client_id: int | None, active: bool | None
) -> tuple[list[CarePlanOut], int]:
    query = CarePlan.select().order_by(CarePlan.id)
    count = CarePlan.count()
    clauses = []
    if client_id is not None:
        clauses.append(CarePlan.client == client_id)
    if active is not None:
        clauses.append(CarePlan.active == active)
    for clause in clauses:
        query = query.where(clause)
        count = count.where(clause)
    rows, total = await paged(query, count, limit, offset)
    tasks = await _tasks([r["id"] for r in rows])
    return [_out(r, tasks[r["id"]]) for r in rows], total


async def _replace_tasks(plan_id: int, tasks: list[TaskIn]) -> None:
    await CarePlanTask.delete().where(CarePlanTask.care_plan == plan_id)
    if tasks:
        await CarePlanTask.insert(
            *[
                CarePlanTask(care_plan=plan_id, name=t.name, details=t.details, position=i, call_type=t.call_type or "")
                for i, t in enumerate(tasks)
            ]
        )


async def create_care_plan(data: CarePlanCreate, actor_id: int | None) -> CarePlanOut:
    await require_row(Client, data.client_id, "client_id", "client")
    async with write_transaction():
        inserted = await CarePlan.insert(
            CarePlan(
                client=data.client_id,
                title=data.title,
                summary=data.summary,
                starts_on=data.starts_on,
                active=data.active,
                outcomes=data.outcomes,
                review_interval_weeks=data.review_interval_weeks,
                next_review_on=data.next_review_on or (data.starts_on or server_today())
                + dt.timedelta(weeks=data.review_interval_weeks),
            )
        ).returning(CarePlan.id)
        plan_id = inserted[0]["id"]
        await _replace_tasks(plan_id, data.tasks)
        result = await get_care_plan(plan_id)
        await audit.record(actor_id, "care_plan", plan_id, "create", None, msgspec.to_builtins(result))
    return result


async def update_care_plan(plan_id: int, data: CarePlanUpdate, actor_id: int | None) -> CarePlanOut:
    values = struct_values(data)
    tasks = values.pop("tasks", None)
    async with write_transaction():
        before = await get_care_plan(plan_id)
        async with explained("care_plan", plan_id, data.version):
            await versioned_update(CarePlan, plan_id, data.version, values)
        if tasks is not None:
            await _replace_tasks(plan_id, tasks)
        after = await get_care_plan(plan_id)
        await audit.record(
            actor_id, "care_plan", plan_id, "update", msgspec.to_builtins(before), msgspec.to_builtins(after)
        )
    return after


async def deactivate_care_plan(plan_id: int, version: int, actor_id: int | None) -> CarePlanOut:
    return await update_care_plan(plan_id, CarePlanUpdate(version=version, active=False), actor_id)


async def review_care_plan(plan_id: int, data: ReviewIn, actor_id: int | None) -> CarePlanOut:
    """Record that the plan was reviewed; the next review is due after the plan's interval."""
    plan = await get_care_plan(plan_id)
    if data.reviewed_on > server_today():
        raise invalid("reviewed_on", "is in the future")
    following = data.next_review_on or data.reviewed_on + dt.timedelta(weeks=plan.review_interval_weeks)
    if following <= data.reviewed_on:
        raise invalid("next_review_on", "must be after reviewed_on")
    async with write_transaction():
        async with explained("care_plan", plan_id, data.version):
            await versioned_update(CarePlan, plan_id, data.version, {
                CarePlan.last_reviewed_on: data.reviewed_on, CarePlan.next_review_on: following})
        after = await get_care_plan(plan_id)
        await audit.record(actor_id, "care_plan", plan_id, "review", msgspec.to_builtins(plan),
                           msgspec.to_builtins(after))
    return after
