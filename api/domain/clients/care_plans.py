"""Care plans: what carers do for a client, as an ordered list of tasks."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.domain.shared.db import write_transaction
from api.domain.shared import audit
from api.domain.shared.common import not_found, paged, struct_values, versioned_update
from api.domain.shared.references import require_row
from api.domain.tables import CarePlan, CarePlanTask, Client


class TaskIn(msgspec.Struct):
    name: Annotated[str, Meta(min_length=1, max_length=128)]
    details: Annotated[str, Meta(max_length=2000)] = ""


class CarePlanCreate(msgspec.Struct):
    client_id: int
    title: Annotated[str, Meta(min_length=1, max_length=128)]
    summary: Annotated[str, Meta(max_length=4000)] = ""
    starts_on: dt.date | None = None
    tasks: list[TaskIn] = []
    active: bool = True


class CarePlanUpdate(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
    title: Annotated[str, Meta(min_length=1, max_length=128)] | UnsetType = UNSET
    summary: Annotated[str, Meta(max_length=4000)] | UnsetType = UNSET
    starts_on: dt.date | None | UnsetType = UNSET
    tasks: list[TaskIn] | UnsetType = UNSET
    active: bool | UnsetType = UNSET


class TaskOut(msgspec.Struct):
    name: str
    details: str


class CarePlanOut(msgspec.Struct):
    id: int
    version: int
    client_id: int
    title: str
    summary: str
    starts_on: dt.date | None
    active: bool
    tasks: list[TaskOut]


async def _tasks(plan_ids: list[int]) -> dict[int, list[TaskOut]]:
    tasks: dict[int, list[TaskOut]] = {i: [] for i in plan_ids}
    if plan_ids:
        rows = await CarePlanTask.select().where(CarePlanTask.care_plan.is_in(plan_ids)).order_by(
            CarePlanTask.position
        )
        for row in rows:
            tasks[row["care_plan"]].append(TaskOut(row["name"], row["details"]))
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
                CarePlanTask(care_plan=plan_id, name=t.name, details=t.details, position=i)
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
