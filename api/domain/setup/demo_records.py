"""The office records of the demo agency (issue 11): believable synthetic detail on clients
(preferred names, dates of birth, funders, next of kin and GP, allergies, communication needs),
care plans with outcomes and a review schedule (a few reviews due or overdue), risk
assessments, each carer's qualifications and mandatory training (some due within 30 days,
one expired), and their employment and checks (one DBS renewal overdue). Deterministic for a seed; every name and number is made up."""

from __future__ import annotations

import datetime as dt
import random

from api.domain.people.training_catalogue import BY_CODE
from api.domain.shared.db import write_transaction
from api.domain.tables import CarePlan, Carer, Client, ClientContact, Qualification, RiskAssessment

FIRST = ["Tom", "Jane", "Ruth", "Mark", "Alan", "Sue", "Paul", "Lynn", "Gail", "Neil"]
RELATION = ["son", "daughter", "niece", "nephew", "husband", "wife", "friend"]
SURGERIES = ["Elm Tree Surgery", "Harbour Medical Centre", "Moor Lane Practice", "Seaview Health Centre"]
ALLERGIES = ["", "", "", "Penicillin", "Latex", "Nuts", "Elastoplast"]
NEEDS = ["", "", "Hard of hearing: face her and speak clearly", "Wears glasses for reading",
         "Welsh is her first language", "Uses a picture board when tired"]
OUTCOMES = ["Stay in her own home and keep walking to the garden", "Manage his own tablets with prompting",
            "Keep going to the lunch club on Thursdays", "Eat well and keep his weight steady",
            "Wash and dress with as little help as she chooses"]
FUNDERS = ["local_authority", "local_authority", "local_authority", "nhs_chc", "private"]
MANDATORY = ("safeguarding", "moving_handling", "medication", "infection_control", "first_aid", "food_hygiene")


async def add_records(seed: int, today: dt.date) -> None:
    rng = random.Random(seed * 104_729)
    async with write_transaction():
        await _clients(rng, today)
        await _training(rng, today)
        await _checks(rng, today)


async def _clients(rng: random.Random, today: dt.date) -> None:
    clients = await Client.select(Client.id, Client.name).order_by(Client.id)
    contacts, risks = [], []
    for n, client in enumerate(clients):
        first, surname = client["name"].split(" ", 1)
        born = dt.date(today.year - rng.randint(68, 97), rng.randint(1, 12), rng.randint(1, 28))
        await Client.update({
            Client.preferred_name: first[:3] if n % 4 == 0 else "",
            Client.date_of_birth: born, Client.funder: rng.choice(FUNDERS),
            Client.allergies: rng.choice(ALLERGIES), Client.communication_needs: rng.choice(NEEDS),
        }).where(Client.id == client["id"])
        kin = f"{rng.choice(FIRST)} {surname}"
        contacts += [
            ClientContact(client=client["id"], kind="next_of_kin", name=kin, relationship=rng.choice(RELATION),
                          phone=f"07700 9{rng.randint(10000, 99999)}", may_be_told="everything about her care",
                          position=0),
            ClientContact(client=client["id"], kind="gp", name=rng.choice(SURGERIES),
                          phone=f"01275 {rng.randint(100000, 999999)}", may_be_told="health and medication",
                          position=1),
        ]
        if n % 5 == 0:
            contacts.append(ClientContact(client=client["id"], kind="social_worker", name=f"{rng.choice(FIRST)} Pryce",
                                          relationship="North Somerset adult social care",
                                          phone="01275 888000", may_be_told="care package changes", position=2))
        # A few reviews are overdue or due this fortnight, as in any agency.
        review_in = -rng.randint(3, 20) if n % 11 == 0 else rng.randint(2, 14) if n % 7 == 0 else rng.randint(30, 170)
        risks.append(RiskAssessment(client=client["id"], kind="falls" if n % 2 else "moving_handling",
                                    level=rng.choice(["low", "low", "medium", "high"]),
                                    hazards="Rugs in the hall; steep back step" if n % 2 else "Needs help to stand",
                                    controls="Frame at all times; rug taped down" if n % 2 else "Stand aid; two carers",
                                    assessed_on=today - dt.timedelta(days=rng.randint(30, 300)),
                                    review_on=today + dt.timedelta(days=review_in)))
        if n % 6 == 0:
            risks.append(RiskAssessment(client=client["id"], kind="medication", level="medium",
                                        hazards="Blister pack and a liquid antibiotic",
                                        controls="eMAR at each call; the pharmacy delivers on Mondays",
                                        assessed_on=today - dt.timedelta(days=60),
                                        review_on=today + dt.timedelta(days=rng.randint(20, 120))))
        plan_review = today + dt.timedelta(days=-rng.randint(1, 15) if n % 9 == 0 else rng.randint(10, 180))
        await CarePlan.update({CarePlan.outcomes: rng.choice(OUTCOMES), CarePlan.review_interval_weeks: 26,
                               CarePlan.next_review_on: plan_review}).where(CarePlan.client == client["id"])
    if contacts:
        await ClientContact.insert(*contacts)
    if risks:
        await RiskAssessment.insert(*risks)


async def _training(rng: random.Random, today: dt.date) -> None:
    carers = await Carer.select(Carer.id).order_by(Carer.id)
    records = []
    for n, carer in enumerate(carers):
        started = today - dt.timedelta(days=rng.randint(1300, 2500))  # diplomas below finish before today
        records.append(_record(carer["id"], "care_certificate", started + dt.timedelta(days=84), None))
        if n % 3 != 2:
            records.append(_record(carer["id"], "level2_diploma", started + dt.timedelta(days=rng.randint(300, 700)), None))
        if n % 5 == 0:
            records.append(_record(carer["id"], "level3_diploma", started + dt.timedelta(days=rng.randint(700, 1200)), None))
        for m, code in enumerate(MANDATORY):
            if code == "medication":
                continue  # medication competence is already recorded as the skill the optimiser uses
            # Most in date; every fourth carer has one course due within 30 days; one has one expired.
            if n == 2 and m == 0:
                expires = today - dt.timedelta(days=9)
            elif n % 4 == 1 and m == n % len(MANDATORY):
                expires = today + dt.timedelta(days=rng.randint(5, 28))
            else:
                expires = today + dt.timedelta(days=rng.randint(45, 330))
            months = BY_CODE[code].valid_months or 12
            records.append(_record(carer["id"], code, expires - dt.timedelta(days=months * 30), expires))
    await Qualification.insert(*records)


def _record(carer_id: int, code: str, obtained: dt.date, expires: dt.date | None) -> Qualification:
    course = BY_CODE[code]
    return Qualification(carer=carer_id, skill=course.skill, name=course.name, kind=course.kind, course=code,
                         obtained_on=obtained, expires_on=expires, evidence="certificate seen by the office")


async def _checks(rng: random.Random, today: dt.date) -> None:
    """Employment and checks: all in date but one overdue DBS renewal and one licence due soon."""
    for n, carer in enumerate(await Carer.select(Carer.id, Carer.transport_mode).order_by(Carer.id)):
        started = today - dt.timedelta(days=rng.randint(200, 3000))
        dbs_due = today - dt.timedelta(days=12) if n == 3 else today + dt.timedelta(days=rng.randint(60, 1000))
        driver = carer["transport_mode"] == "car"
        licence = today + dt.timedelta(days=20 if n == 5 else rng.randint(200, 3000))
        await Carer.update({
            Carer.employment_start: started, Carer.dbs_number: f"00{rng.randint(1000000000, 9999999999)}",
            Carer.dbs_renewal_on: dbs_due, Carer.right_to_work_checked_on: started - dt.timedelta(days=14),
            Carer.email: f"carer{n + 1:02d}@agency.example",
            Carer.driving_licence_expires_on: licence if driver else None,
            Carer.business_insurance_expires_on: today + dt.timedelta(days=rng.randint(40, 360)) if driver else None,
        }).where(Carer.id == carer["id"])
