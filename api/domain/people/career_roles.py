"""The agency's career map: its roles, the courses each requires and the roles each leads to.
Seeded from the career map's defaults the first time it is read; managers edit a role's name,
requirements, next roles and what else it asks (versioned, audited)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.domain.people.career_map import DEFAULT_ROLES
from api.domain.people.training_catalogue import BY_CODE, course
from api.domain.shared import audit
from api.domain.shared.common import invalid, not_found, struct_values, versioned_update
from api.domain.shared.db import write_transaction
from api.domain.shared.stale import explained
from api.domain.tables import CareerRole


class Requirement(msgspec.Struct):
    course: str
    name: str
    kind: str


class RoleOut(msgspec.Struct):
    id: int
    version: int
    code: str
    name: str
    rank: int
    requires: list[Requirement]
    next_roles: list[str]
    also_asks: str


class RoleUpdate(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
    name: Annotated[str, Meta(min_length=1, max_length=128)] | UnsetType = UNSET
    requires: list[str] | UnsetType = UNSET
    next_roles: list[str] | UnsetType = UNSET
    also_asks: Annotated[str, Meta(max_length=2000)] | UnsetType = UNSET


def _out(row: dict) -> RoleOut:
    reqs = [Requirement(code, c.name, c.kind) for code in row["requires"] if (c := course(code))]
    return RoleOut(row["id"], row["version"], row["code"], row["name"], row["rank"], reqs,
                   list(row["next_roles"]), row["also_asks"])


async def ensure_roles() -> None:
    """Add any default role the agency's map lacks (the first read of a new database); an
    edited role is never overwritten. Safe when two workers do it at once."""
    have = {r["code"] for r in await CareerRole.select(CareerRole.code)}
    missing = [d for d in DEFAULT_ROLES if d.code not in have]
    if missing:
        await CareerRole.insert(*[CareerRole(code=d.code, name=d.name, rank=d.rank, requires=list(d.requires),
                                             next_roles=list(d.next_roles), also_asks=d.also_asks)
                                  for d in missing]).on_conflict(action="DO NOTHING")


async def role_rows() -> list[dict]:
    await ensure_roles()
    return await CareerRole.select().order_by(CareerRole.rank).order_by(CareerRole.id).output(load_json=True)


async def list_roles() -> list[RoleOut]:
    return [_out(r) for r in await role_rows()]


async def get_role(code: str) -> RoleOut:
    await ensure_roles()
    row = await CareerRole.select().where(CareerRole.code == code).output(load_json=True).first()
    if row is None:
        raise not_found("career role", code)
    return _out(row)


def _checked(values: dict, code: str, codes: set[str]) -> dict:
    if "requires" in values:
        unknown = [c for c in values["requires"] if c not in BY_CODE]
        if unknown:
            raise invalid("requires", f"unknown course {', '.join(unknown)}; one of {', '.join(BY_CODE)}")
        values["requires"] = list(dict.fromkeys(values["requires"]))  # keep the order, drop repeats
    if "next_roles" in values:
        unknown = [c for c in values["next_roles"] if c not in codes]
        if unknown:
            raise invalid("next_roles", f"unknown role {', '.join(unknown)}; one of {', '.join(sorted(codes))}")
        if code in values["next_roles"]:
            raise invalid("next_roles", "a role cannot lead to itself")
        values["next_roles"] = list(dict.fromkeys(values["next_roles"]))
    if "name" in values:
        values["name"] = values["name"].strip()
        if not values["name"]:
            raise invalid("name", "is empty")
    return values


async def update_role(code: str, data: RoleUpdate, actor_id: int | None) -> RoleOut:
    rows = await role_rows()
    codes = {r["code"] for r in rows}
    values = _checked(struct_values(data), code, codes)
    async with write_transaction():
        before = await get_role(code)
        async with explained("career_role", before.id, data.version):
            await versioned_update(CareerRole, before.id, data.version, values)
        after = await get_role(code)
        await audit.record(actor_id, "career_role", before.id, "update",
                           msgspec.to_builtins(before), msgspec.to_builtins(after))
    return after
