"""The courses an agency records for its staff, in three kinds: the qualification grid of
shared/domain (Care Certificate to Level 5, with NVQ equivalents), mandatory training with how
long it stays valid, and the skills the optimiser uses. A course may back an optimiser skill:
an expired record then stops the optimiser and the move checks from using the carer for calls
that need that skill (availability.skills_valid_on)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Course:
    code: str
    name: str
    kind: str  # qualification | training | skill
    valid_months: int | None = None  # None: does not expire
    skill: str = ""  # the optimiser skill it backs
    equivalents: str = ""


COURSES: tuple[Course, ...] = (
    Course("care_certificate", "Care Certificate and induction", "qualification"),
    Course("level2_diploma", "Level 2 Diploma in Care", "qualification",
           equivalents="NVQ Level 2 Health & Social Care"),
    Course("level3_diploma", "Level 3 Diploma in Adult Care", "qualification",
           equivalents="NVQ Level 3 Health & Social Care"),
    Course("level4_diploma", "Level 4 Diploma in Adult Care", "qualification"),
    Course("level5_leadership", "Level 5 Diploma in Leadership & Management for Adult Care", "qualification"),
    Course("safeguarding", "Safeguarding adults", "training", 12),
    Course("moving_handling", "Moving and handling", "training", 12),
    Course("medication", "Medication administration", "training", 12, skill="medication"),
    Course("infection_control", "Infection prevention and control", "training", 12),
    Course("first_aid", "Basic life support and first aid", "training", 12),
    Course("food_hygiene", "Food hygiene", "training", 36),
    Course("dementia", "Dementia awareness", "training", 36, skill="dementia"),
    Course("hoist", "Hoist competency", "skill", 12, skill="hoist"),
    Course("catheter", "Catheter care", "skill", 12, skill="catheter"),
    Course("peg", "PEG feeding", "skill", 12, skill="peg"),
)

BY_CODE = {c.code: c for c in COURSES}


def course(code: str) -> Course | None:
    return BY_CODE.get(code)
