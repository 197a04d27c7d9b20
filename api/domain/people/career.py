"""Career progression per carer: their role from a date (with its history), what they hold of the
course catalogue, and what they still need for their role and for the roles it leads to. The
managers' view lists every working carer: who is ready for promotion, who lacks what."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta

from api.domain.people.career_map import DIPLOMA_LADDER, FIRST_ROLE
from api.domain.people.career_roles import role_rows
from api.domain.people.training import status_of
from api.domain.people.training_catalogue import course
from api.domain.shared import audit
from api.domain.shared.common import invalid, not_found
from api.domain.shared.db import write_transaction
from api.domain.tables import Carer, CarerRole, Qualification

MET = ("valid", "due")  # a record due for renewal still counts until it expires


class RoleChangeIn(msgspec.Struct):
    role: Annotated[str, Meta(min_length=1, max_length=64)]
    effective_from: dt.date
    notes: Annotated[str, Meta(max_length=255)] = ""


class RoleEntry(msgspec.Struct):
    id: int
    role: str
    role_name: str
    effective_from: dt.date
    notes: str
    recorded_by: str


class Held(msgspec.Struct):
    course: str
    name: str
    kind: str
    status: str  # expired | due | valid
    expires_on: dt.date | None


class Gap(msgspec.Struct):
    course: str
    name: str
    kind: str
    reason: str  # missing | expired
    expired_on: dt.date | None = None


class NextRole(msgspec.Struct):
    code: str
    name: str
    ready: bool
    gaps: list[Gap]
    also_asks: str


class CareerOut(msgspec.Struct):
    carer_id: int
    carer_name: str
    role: str
    role_name: str
    role_recorded: bool  # False: no role recorded yet, taken to be the map's first role
    since: dt.date | None
    current_gaps: list[Gap]  # what they lack for the role they hold now (e.g. expired training)
    next_roles: list[NextRole]
    held: list[Held]
    history: list[RoleEntry]


class ProgressionRow(msgspec.Struct):
    carer_id: int
    carer_name: str
    role: str
    role_name: str
    role_recorded: bool
    since: dt.date | None
    current_gaps: list[Gap]
    next_roles: list[NextRole]
    ready: bool  # ready for at least one next role


class RoleName(msgspec.Struct):
    code: str
    name: str


class Progression(msgspec.Struct):
    today: dt.date
    roles: list[RoleName]
    carers: list[ProgressionRow]
    ready_count: int


def held_courses(records: list[dict], today: dt.date) -> dict[str, Held]:
    """The carer's latest record of each course (as the training matrix decides a cell)."""
    latest: dict[str, dict] = {}
    for row in sorted(records, key=lambda r: (r["obtained_on"] or dt.date.min, r["id"])):
        latest[row["course"] or row["skill"]] = row
    out = {}
    for code, row in latest.items():
        c = course(code)
        out[code] = Held(code, c.name if c else row["name"], c.kind if c else row["kind"],
                         status_of(row["expires_on"], today), row["expires_on"])
    return out


def _meets(code: str, held: dict[str, Held]) -> Held | None:
    """The record that meets a requirement: the course itself, or a higher diploma for a lower."""
    if code in held and held[code].status in MET:
        return held[code]
    if code in DIPLOMA_LADDER:
        for higher in DIPLOMA_LADDER[DIPLOMA_LADDER.index(code) + 1:]:
            if higher in held and held[higher].status in MET:
                return held[higher]
    return None


def gaps_for(requires: list[str], held: dict[str, Held]) -> list[Gap]:
    gaps = []
    for code in requires:
        c = course(code)
        if c is None or _meets(code, held):
            continue
        if code in held:  # recorded but expired
            gaps.append(Gap(code, c.name, c.kind, "expired", held[code].expires_on))
        else:
            gaps.append(Gap(code, c.name, c.kind, "missing"))
    return gaps


def current_entry(entries: list[dict], today: dt.date) -> dict | None:
    """The latest entry in force today; on one date the later entry corrects the earlier."""
    in_force = [e for e in entries if e["effective_from"] <= today]
    return max(in_force, key=lambda e: (e["effective_from"], e["id"])) if in_force else None


def _standing(entries: list[dict], held: dict[str, Held], roles: dict[str, dict], today: dt.date):
    entry = current_entry(entries, today)
    role = roles.get(entry["code"]) if entry else None
    if role is None:
        role = roles.get(FIRST_ROLE) or next(iter(roles.values()))
    nexts = [NextRole(roles[n]["code"], roles[n]["name"], not (g := gaps_for(roles[n]["requires"], held)), g,
                      roles[n]["also_asks"])
             for n in role["next_roles"] if n in roles]
    return entry, role, gaps_for(role["requires"], held), nexts


async def _entries(carer_ids: list[int] | None) -> list[dict]:
    query = CarerRole.select(CarerRole.id, CarerRole.carer, CarerRole.effective_from, CarerRole.notes,
                             CarerRole.role.code.as_alias("code"), CarerRole.role.name.as_alias("role_name"),
                             CarerRole.recorded_by.display_name.as_alias("recorded_by"))
    if carer_ids is not None:
        query = query.where(CarerRole.carer.is_in(carer_ids))
    return await query.order_by(CarerRole.effective_from).order_by(CarerRole.id)


async def carer_career(carer_id: int, today: dt.date, for_carer: bool = False) -> CareerOut:
    carer = await Carer.select(Carer.id, Carer.name).where(Carer.id == carer_id).first()
    if carer is None:
        raise not_found("carer", carer_id)
    roles = {r["code"]: r for r in await role_rows()}
    entries = await _entries([carer_id])
    held = held_courses(await Qualification.select().where(Qualification.carer == carer_id), today)
    entry, role, current, nexts = _standing(entries, held, roles, today)
    history = [RoleEntry(e["id"], e["code"], e["role_name"], e["effective_from"],
                         "" if for_carer else e["notes"], "" if for_carer else (e["recorded_by"] or ""))
               for e in reversed(entries)]
    return CareerOut(carer_id, carer["name"], role["code"], role["name"], entry is not None,
                     entry["effective_from"] if entry else None, current, nexts,
                     sorted(held.values(), key=lambda h: (h.kind, h.name)), history)


async def progression(today: dt.date, role: str | None = None, ready: bool | None = None) -> Progression:
    """Every working carer: their role, and per next role whether they are ready or what they lack."""
    role_list = await role_rows()
    roles = {r["code"]: r for r in role_list}
    if role is not None and role not in roles:
        raise invalid("role", f"unknown role; one of {', '.join(roles)}")
    carers = await Carer.select(Carer.id, Carer.name).where(Carer.active == True).order_by(Carer.name)  # noqa: E712
    by_carer: dict[int, list[dict]] = {}
    for e in await _entries(None):
        by_carer.setdefault(e["carer"], []).append(e)
    records: dict[int, list[dict]] = {}
    for q in await Qualification.select():
        records.setdefault(q["carer"], []).append(q)
    rows = []
    for c in carers:
        entry, r, current, nexts = _standing(by_carer.get(c["id"], []), held_courses(records.get(c["id"], []), today),
                                             roles, today)
        row = ProgressionRow(c["id"], c["name"], r["code"], r["name"], entry is not None,
                             entry["effective_from"] if entry else None, current, nexts, any(n.ready for n in nexts))
        if (role is None or row.role == role) and (ready is None or row.ready == ready):
            rows.append(row)
    return Progression(today, [RoleName(r["code"], r["name"]) for r in role_list], rows,
                       sum(1 for r in rows if r.ready))


async def record_role(carer_id: int, data: RoleChangeIn, actor_id: int | None, today: dt.date) -> CareerOut:
    """A carer's role from a date (a promotion, a change, a correction): kept as history."""
    carer = await Carer.select(Carer.id, Carer.employment_start).where(Carer.id == carer_id).first()
    if carer is None:
        raise not_found("carer", carer_id)
    roles = {r["code"]: r for r in await role_rows()}
    if data.role not in roles:
        raise invalid("role", f"unknown role; one of {', '.join(roles)}")
    if carer["employment_start"] and data.effective_from < carer["employment_start"]:
        raise invalid("effective_from", f"is before the carer's employment start ({carer['employment_start']})")
    if data.effective_from > today + dt.timedelta(days=366):
        raise invalid("effective_from", "is more than a year ahead")
    entries = await _entries([carer_id])
    before = current_entry(entries, data.effective_from)
    if before is not None and before["code"] == data.role and before["effective_from"] != data.effective_from:
        raise invalid("role", f"the carer is already {roles[data.role]['name']} on {data.effective_from}")
    async with write_transaction():
        rows = await CarerRole.insert(CarerRole(carer=carer_id, role=roles[data.role]["id"],
                                                effective_from=data.effective_from, notes=data.notes.strip(),
                                                recorded_by=actor_id)).returning(CarerRole.id)
        await audit.record(actor_id, "carer_role", carer_id, "create",
                           {"role": before["code"], "effective_from": str(before["effective_from"])} if before else None,
                           {"id": rows[0]["id"], "role": data.role, "role_name": roles[data.role]["name"],
                            "effective_from": str(data.effective_from),
                            "notes": data.notes.strip()})
    return await carer_career(carer_id, today)


def progression_csv(data: Progression) -> str:
    """The managers' view as CSV: one line per carer and next role, with what is lacking."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["carer", "role", "since", "lacks for own role", "next role", "ready", "lacks for next role"])
    for row in data.carers:
        own = "; ".join(f"{g.name} ({g.reason})" for g in row.current_gaps)
        for n in row.next_roles or [None]:
            writer.writerow([row.carer_name, row.role_name, row.since or "", own, n.name if n else "",
                             ("yes" if n.ready else "no") if n else "",
                             "; ".join(f"{g.name} ({g.reason})" for g in n.gaps) if n else ""])
    return out.getvalue()
