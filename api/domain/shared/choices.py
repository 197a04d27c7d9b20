"""The allowed values of each column that holds one of a fixed set of words.

Each set is defined once, here: the table column names it with `choices=` and the request
schemas use the same Enum, so the database, the API's validation and the OpenAPI document
cannot drift apart. The values are the words stored in the database: never rename one
without a migration.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CARER = "carer"
    PLANNER = "planner"
    MANAGER = "manager"
    ADMIN = "admin"


STAFF_ROLES = (Role.PLANNER, Role.MANAGER, Role.ADMIN)


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class TransportMode(StrEnum):
    CAR = "car"
    WALK = "walk"
    BIKE = "bike"
    PUBLIC = "public"


class ClientStatus(StrEnum):
    ACTIVE = "active"
    IN_HOSPITAL = "in_hospital"
    CEASED = "ceased"


class GenderPreference(StrEnum):
    ANY = "any"
    FEMALE = "female"
    MALE = "male"


class PreferenceKind(StrEnum):
    PREFERRED = "preferred"
    EXCLUDED = "excluded"


class CallType(StrEnum):
    MORNING = "morning"
    LUNCH = "lunch"
    TEA = "tea"
    BED = "bed"
    NIGHT = "night"
    OTHER = "other"
    # nights of their own kind (the solver's call kinds): they run past midnight, belong to
    # the day they start, need rest after them and are paid by their own rules
    SLEEP_IN = "sleep_in"
    WAKING_NIGHT = "waking_night"


NIGHT_CALL_TYPES = (CallType.SLEEP_IN, CallType.WAKING_NIGHT)


def call_kind(call_type: str | None) -> str:
    """The solver's kind of a call: sleep_in, waking_night, or visit for every other type."""
    return call_type if call_type in NIGHT_CALL_TYPES else "visit"


class VisitStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    MISSED = "missed"
    CANCELLED = "cancelled"


class LeaveKind(StrEnum):
    ANNUAL = "annual"
    SICK = "sick"
    TRAINING = "training"


class LeaveStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    DECLINED = "declined"


class LogKind(StrEnum):
    """What a carer records at a call."""

    CHECK_IN = "check_in"
    CHECK_OUT = "check_out"
    TASK = "task"
    NOTE = "note"


class CallLength(StrEnum):
    """How a call's recorded length (check-in to check-out) compares with its planned length."""

    AS_PLANNED = ""
    SHORT = "short"  # under the agency's short-call share of the planned duration
    LONG = "long"  # over the agency's long-call share


class IncidentType(StrEnum):
    FALL = "fall"
    MEDICATION_ERROR = "medication_error"
    SAFEGUARDING = "safeguarding"
    INJURY = "injury"
    PROPERTY = "property"
    BEHAVIOUR = "behaviour"
    NEAR_MISS = "near_miss"
    OTHER = "other"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class IncidentStatus(StrEnum):
    OPEN = "open"
    INVESTIGATING = "investigating"
    CLOSED = "closed"


class OnCallRole(StrEnum):
    SUPERVISOR = "supervisor"
    MANAGER = "manager"


class JobKind(StrEnum):
    OPTIMISE = "optimise"
    COVER = "cover"
    ROLL = "roll"  # the rolling rota: calls and master-rota carers four weeks ahead (not a draft)


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    STOPPED = "stopped"
    FAILED = "failed"
    APPLIED = "applied"


class Funder(StrEnum):
    """Who pays for a client's care (reports: the funder filter and the invoice export)."""

    LOCAL_AUTHORITY = "local_authority"
    NHS_CHC = "nhs_chc"  # NHS continuing healthcare
    PRIVATE = "private"  # the client pays
    OTHER = "other"


# --- Office records (issue 11): clients ---------------------------------------------------


class ContactKind(StrEnum):
    NEXT_OF_KIN = "next_of_kin"
    FAMILY = "family"
    SOCIAL_WORKER = "social_worker"
    GP = "gp"
    OTHER = "other"


# --- What happened on each visit (issue 12) ------------------------------------------------


class CallFlag(StrEnum):
    """What the office reviews on a call record (rules in visits/call_flags.py)."""

    LATE = "late"
    MISSED = "missed"
    SHORT = "short"
    LEFT_EARLY = "left_early"
    NO_CHECK_OUT = "no_check_out"


class MedicationSupport(StrEnum):
    """What the carer does for a medicine (the care plan says which)."""

    PROMPT = "prompt"  # the client takes it; the carer prompts and records
    ADMINISTER = "administer"  # the carer gives it


class DoseOutcome(StrEnum):
    """One tap per dose due at a call (the codes on the MAR chart in brackets)."""

    GIVEN = "given"  # (G)
    PROMPTED = "prompted"  # (P)
    REFUSED = "refused"  # (R)
    NOT_GIVEN = "not_given"  # (N), with a reason
    PRN_GIVEN = "prn_given"  # (G) an "as needed" dose, with why it was needed


class ContactFrom(StrEnum):
    """Who a call or message in the communications log came from."""

    CLIENT = "client"
    FAMILY = "family"
    SOCIAL_WORKER = "social_worker"
    PROFESSIONAL = "professional"  # GP, district nurse, pharmacy, hospital
    OTHER = "other"


class ContactChannel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    TEXT = "text"
    IN_PERSON = "in_person"
    LETTER = "letter"


class FeedbackKind(StrEnum):
    COMPLAINT = "complaint"
    COMPLIMENT = "compliment"


class FeedbackStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class NotGivenReason(StrEnum):
    NOT_AVAILABLE = "not_available"
    ASLEEP = "asleep"
    IN_HOSPITAL = "in_hospital"
    FAMILY_GAVE = "family_gave"
    OTHER = "other"


# --- Urgent response and out of hours (issue 14) -------------------------------------------


class UrgentNeed(StrEnum):
    FALL_NO_INJURY = "fall_no_injury"
    FALL_INJURY = "fall_injury"  # the ambulance is called; a carer stays with the person
    PENDANT_ALARM = "pendant_alarm"  # a monitored alarm whose own contacts cannot attend
    PERSONAL_CARE = "personal_care"
    WELFARE_CHECK = "welfare_check"
    SHORT_NOTICE_PACKAGE = "short_notice_package"  # to prevent a hospital admission
    OTHER = "other"


class UrgentStatus(StrEnum):
    OPEN = "open"  # logged, nobody asked yet (or everyone asked said no)
    OFFERED = "offered"  # a carer has been asked and has not answered
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"


class OfferStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"  # no answer in the agency's time: the next carer is asked
    WITHDRAWN = "withdrawn"  # someone else accepted, or the request was cancelled


class OutOfHoursRole(StrEnum):
    PLANNER = "planner"
    CARER = "carer"


# --- Office records (issue 11): care plans ------------------------------------------------


class RiskKind(StrEnum):
    FALLS = "falls"
    MOVING_HANDLING = "moving_handling"
    MEDICATION = "medication"
    ENVIRONMENT = "environment"
    OTHER = "other"


# --- Office records (issue 11): qualifications and training ---------------------------------


class TrainingKind(StrEnum):
    QUALIFICATION = "qualification"  # the qualification grid: Care Certificate, diplomas, NVQs
    TRAINING = "training"  # mandatory training with an expiry: safeguarding, first aid...
    SKILL = "skill"  # a competence the optimiser uses (hoist, PEG...) with its evidence


class NotificationKind(StrEnum):
    """What an inbox message is about."""

    MESSAGE = "message"
    ROTA_CHANGED = "rota_changed"
    URGENT = "urgent"  # an urgent call offered to a carer (urgent response)


class NotifyChannel(StrEnum):
    """Ways a message leaves the app besides the in-app inbox (which every message has)."""

    PUSH = "push"
    EMAIL = "email"


class DeliveryOutcome(StrEnum):
    PENDING = "pending"  # being sent, off the request path
    SENT = "sent"  # the push service or the SMTP server accepted it
    NO_SUBSCRIPTION = "no_subscription"  # push: the user has no device with notifications on
    NO_ADDRESS = "no_address"  # e-mail: the user has no address on record
    FAILED = "failed"


# --- Office records (issue 11 point 8): supervisions, spot checks and appraisals -------------


class SupervisionKind(StrEnum):
    SUPERVISION = "supervision"  # a one-to-one meeting with a senior
    SPOT_CHECK = "spot_check"  # a senior's direct observation of the carer at a call
    APPRAISAL = "appraisal"  # the yearly review of the carer's work and development


class SupervisionOutcome(StrEnum):
    NONE = ""  # not recorded yet
    SATISFACTORY = "satisfactory"
    IMPROVEMENT_NEEDED = "improvement_needed"
    UNSATISFACTORY = "unsatisfactory"
