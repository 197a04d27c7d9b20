"""Who can work when: weekly availability, its exceptions, leave, and skills valid on a date."""

from __future__ import annotations

import datetime as dt

from api.domain.people.default_rota import load_rotas
from api.domain.tables import AvailabilityException, Carer, Leave, Qualification


async def shifts_on(day: dt.date) -> dict[int, list[tuple[int, int]]]:
    """Each active carer's working windows (minutes from midnight) on a date.

    Approved leave or sickness removes the day; an availability exception replaces the
    standing pattern for that date (unavailable, or available at other hours).
    """
    active = {c["id"] for c in await Carer.select(Carer.id).where(Carer.active == True)}  # noqa: E712
    absent = await carers_absent_on(day)
    return {c: s for c, s in (await standing_shifts(day)).items() if c in active and c not in absent}


async def standing_shifts(day: dt.date) -> dict[int, list[tuple[int, int]]]:
    """Every carer's windows on a date from their weekly pattern and its exceptions, leave
    not applied (the solver still wants to know when an absent carer would have worked)."""
    rotas = await load_rotas()  # the default rota in force on the day (it may change from a date)
    shifts: dict[int, list[tuple[int, int]]] = {c: rotas.spans(c, day) for c in rotas.carers()}
    for e in await AvailabilityException.select().where(AvailabilityException.date == day):
        if e["available"] and e["start_minute"] is not None and e["end_minute"] is not None:
            shifts[e["carer"]] = [(e["start_minute"], e["end_minute"])]
        else:
            shifts[e["carer"]] = []
    # Training sessions take their hours out (issue 11): the carer is on a course then.
    from api.domain.people.training_sessions import minus, sessions_on

    for carer_id, busy in (await sessions_on(day)).items():
        if carer_id in shifts:
            shifts[carer_id] = minus(sorted(shifts[carer_id]), busy)
    return {c: sorted(s) for c, s in shifts.items() if s}


async def carers_absent_on(day: dt.date) -> set[int]:
    rows = await Leave.select(Leave.carer).where(
        (Leave.status == "approved") & (Leave.start_date <= day) & (Leave.end_date >= day)
    )
    return {r["carer"] for r in rows}


async def skills_valid_on(day: dt.date) -> dict[int, set[str]]:
    """A carer's skills that count on a date: a skill backed by qualifications counts only
    while at least one of them has not expired."""
    skills = {
        c["id"]: set(c["skills"] or [])
        for c in await Carer.select(Carer.id, Carer.skills).output(load_json=True)
    }
    backing: dict[tuple[int, str], bool] = {}
    for q in await Qualification.select():
        valid = q["expires_on"] is None or q["expires_on"] >= day
        key = (q["carer"], q["skill"])
        backing[key] = backing.get(key, False) or valid
    for (carer_id, skill), valid in backing.items():
        if not valid and carer_id in skills:
            skills[carer_id].discard(skill)
    return skills
