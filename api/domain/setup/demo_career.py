"""The demo agency's careers (issue 11 point 7): every carer a care worker from their employment
start; every fifth a senior since about two years in (they hold the Level 3 demo_records gives
every fifth); three care workers finished their Level 3 this autumn, so the managers' view has
some ready for promotion, and one of them is promoted to senior from a fortnight ahead
(effective-dated). The career map is the default one.
Deterministic; runs after demo_records (it reads the employment dates set there)."""

from __future__ import annotations

import datetime as dt

from api.domain.people.career_roles import role_rows
from api.domain.shared.db import write_transaction
from api.domain.people.training_catalogue import BY_CODE
from api.domain.tables import Carer, CarerRole, Qualification

NOTES = "promoted after appraisal and a spot check"


async def add_careers(today: dt.date) -> None:
    roles = {r["code"]: r["id"] for r in await role_rows()}
    carers = await Carer.select(Carer.id, Carer.employment_start).order_by(Carer.id)
    rows, level3 = [], []
    for n, carer in enumerate(carers):
        started = carer["employment_start"] or today - dt.timedelta(days=400)
        rows.append(CarerRole(carer=carer["id"], role=roles["care_worker"], effective_from=started,
                              notes="joined as a care worker"))
        senior_from = started + dt.timedelta(days=730)
        if n % 5 == 0 and senior_from < today:
            rows.append(CarerRole(carer=carer["id"], role=roles["senior_carer"], effective_from=senior_from, notes=NOTES))
        elif n in (1, 4, 7):
            course = BY_CODE["level3_diploma"]
            level3.append(Qualification(carer=carer["id"], skill="", name=course.name, kind=course.kind, course=course.code,
                                        obtained_on=today - dt.timedelta(days=30 + 20 * n), evidence="certificate seen by the office"))
        if n == 1:
            rows.append(CarerRole(carer=carer["id"], role=roles["senior_carer"],
                                  effective_from=today + dt.timedelta(days=14), notes=NOTES))
    async with write_transaction():
        await CarerRole.insert(*rows)
        if level3:
            await Qualification.insert(*level3)
