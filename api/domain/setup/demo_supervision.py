"""Supervisions, spot checks and appraisals for the demo agency (issue 11 point 8).

Read after the carers' start dates (demo_records.py) and the rolled rota (spot checks are booked
on coming calls). Every carer has their latest supervision, spot check and appraisal recorded by
the field supervisor or the manager, most in date; some are overdue (a supervision missed last
month, spot checks not done for months); a few are booked ahead: spot checks on one of the
carer's calls of the coming week, supervisions on a day with an observer. Deterministic for a
seed; synthetic throughout.
"""

from __future__ import annotations

import datetime as dt
import random

from api.domain.people.supervision.schedule import add_months
from api.domain.tables import Assignment, Carer, Supervision, User

NOTES = {
    "supervision": [
        "Talked through the new rota pattern; finds the split shifts tiring on Mondays.",
        "Confident with the new hoist; asked for more time at the lunch call of one client.",
        "Wellbeing check: fine; would like to start the Level 3 Diploma next year.",
    ],
    "spot_check": [
        "Arrived on time, ID badge worn, gloves and apron used; talked the client through each step.",
        "Good rapport with the client; medication given as the MAR says and recorded straight away.",
        "Kind and patient; forgot to wash hands before the meal preparation: reminded there and then.",
    ],
    "appraisal": [
        "A good year: reliable and well liked by clients. Wants to become a senior carer.",
        "Steady year; sickness down. Goal: complete the dementia awareness course.",
    ],
}
ACTIONS = ["", "Hand hygiene refresher at the next team meeting.", "Book the Level 3 Diploma enrolment.",
           "Shadow a senior on two hoist calls."]


async def _coming_call(carer_id: int, today: dt.date, rng: random.Random) -> tuple[int, dt.date] | None:
    rows = await Assignment.select(Assignment.visit, Assignment.visit.date.as_alias("date")).where(
        (Assignment.carer == carer_id) & (Assignment.visit.date > today)
        & (Assignment.visit.date <= today + dt.timedelta(days=7)) & (Assignment.visit.status == "planned")
    ).order_by(Assignment.visit.date).order_by(Assignment.planned_start)
    if not rows:
        return None
    row = rows[rng.randrange(len(rows))]
    return row["visit"], row["date"]


async def add_supervisions(seed: int, today: dt.date) -> dict:
    rng = random.Random(seed * 7919 + 11)
    observers = {u["username"]: u["id"] for u in await User.select(User.id, User.username).where(
        User.username.is_in(["manager", "supervisor"]))}
    field, manager = observers.get("supervisor"), observers.get("manager")
    carers = await Carer.select(Carer.id, Carer.employment_start).where(Carer.active == True).order_by(Carer.id)  # noqa: E712
    rows, booked = [], 0

    def held(carer_id, kind, on, observer):
        notes = rng.choice(NOTES[kind])
        outcome = "improvement_needed" if "reminded" in notes else "satisfactory"
        rows.append(Supervision(carer=carer_id, kind=kind, due_on=on, held_on=on, observer=observer,
                                outcome=outcome, notes=notes, actions=rng.choice(ACTIONS), recorded_by=observer))

    for n, carer in enumerate(carers):
        started = carer["employment_start"] or today - dt.timedelta(days=400)
        # Supervision every 3 months: most within the last 2; every fifth carer's missed last month.
        last_supervision = today - dt.timedelta(days=(110 + rng.randint(0, 30)) if n % 5 == 2 else rng.randint(10, 80))
        # Spot check every 6 months: every other carer's is overdue (none for 7-9 months), a few due soon.
        last_spot = today - dt.timedelta(days=rng.randint(200, 280) if n % 2 == 0 else rng.randint(20, 175))
        last_appraisal = today - dt.timedelta(days=rng.randint(30, 340))
        for kind, on, observer in (("supervision", last_supervision, field), ("spot_check", last_spot, field),
                                   ("appraisal", last_appraisal, manager)):
            if on > started:
                held(carer["id"], kind, on, observer)
        # Booked ahead: a spot check on a coming call for a few of the carers whose check is due
        # (not every overdue one: the office still has those to book), a supervision for others.
        if n % 6 == 0:
            call = await _coming_call(carer["id"], today, rng)
            if call:
                rows.append(Supervision(carer=carer["id"], kind="spot_check", due_on=add_months(last_spot, 6),
                                        booked_on=call[1], visit=call[0], observer=field, recorded_by=manager))
                booked += 1
        elif n % 5 == 2 and n % 2 == 0:
            rows.append(Supervision(carer=carer["id"], kind="supervision", due_on=add_months(last_supervision, 3),
                                    booked_on=today + dt.timedelta(days=rng.randint(2, 12)), observer=field,
                                    recorded_by=manager))
            booked += 1
    if rows:
        await Supervision.insert(*rows)
    return {"supervisions": len(rows), "booked": booked}
