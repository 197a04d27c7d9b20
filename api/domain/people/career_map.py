"""The career map of shared/domain/career-progression-map.txt as default roles: what each role
requires of the course catalogue (training_catalogue.py) and which roles it leads to. These seed
the agency's own map (CareerRole rows), which managers then edit.

Reading of the map: a care worker holds the Level 2 Diploma (or NVQ 2) after the 5-day induction
(the Care Certificate course) and keeps the mandatory training in date; the assessment and review
officer and the care coordinator hold Level 3; the deputy Level 4; the registered manager
Level 5. "Senior" is not a column of the map but is named by issue 11: the step between care
worker and the office roles (spot checks, on call), asking the Level 3 Diploma (the map's first
step up) and dementia awareness besides the care worker's courses. What the map asks that is not a course (experience, abilities) is kept in words
(`also_asks`) and shown beside the gaps, never judged by the app."""

from __future__ import annotations

from dataclasses import dataclass

MANDATORY = ("safeguarding", "moving_handling", "medication", "infection_control", "first_aid", "food_hygiene")
BASE = ("care_certificate", *MANDATORY)


@dataclass(frozen=True)
class DefaultRole:
    code: str
    name: str
    rank: int
    requires: tuple[str, ...]
    next_roles: tuple[str, ...]
    also_asks: str = ""


DEFAULT_ROLES: tuple[DefaultRole, ...] = (
    DefaultRole("care_worker", "Care worker", 1, ("level2_diploma", *BASE), ("senior_carer",),
                "Flexible, dependable; able to follow care plans and policies; good literacy."),
    DefaultRole("senior_carer", "Senior care worker", 2, ("level3_diploma", *BASE, "dementia"),
                ("assessment_review_officer", "care_coordinator"),
                "Experience of domiciliary care; supports the coordination team with direct observations (spot checks)."),
    DefaultRole("assessment_review_officer", "Assessment and review officer", 3, ("level3_diploma", *BASE, "dementia"),
                ("deputy_manager",),
                "Excellent written and verbal skills; outcome-based assessments, risk and medication assessments; PC literate."),
    DefaultRole("care_coordinator", "Care coordinator", 3, ("level3_diploma", *BASE), ("deputy_manager",),
                "NVQ Level 3 Customer Service; ability to take on-call responsibility; strong organisational skills; PC literate."),
    DefaultRole("deputy_manager", "Deputy services manager", 4, ("level4_diploma", *BASE), ("registered_manager",),
                "2 years' operational experience in health and social care; knowledge of the service's legal "
                "responsibilities and standards; able to manage the performance of others."),
    DefaultRole("registered_manager", "Registered manager", 5, ("level5_leadership", *BASE), (),
                "Experience of working in and managing a domiciliary service; attends SMT meetings."),
)

FIRST_ROLE = DEFAULT_ROLES[0].code  # a carer with no role recorded is taken to be a care worker

# A higher diploma stands for a lower one (a Level 3 holder meets a Level 2 requirement).
DIPLOMA_LADDER = ("level2_diploma", "level3_diploma", "level4_diploma", "level5_leadership")
