"""Piccolo tables: the whole Carerun domain model.

Conventions: clock times of day are integer minutes from midnight (portable across SQLite
and PostgreSQL, and what the solver wants); lists (skills, tasks) are JSON text; mutable
records carry a `version` for optimistic concurrency.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from api.domain.shared.choices import (
    ContactChannel,
    ContactFrom,
    FeedbackKind,
    FeedbackStatus,
    DoseOutcome,
    MedicationSupport,
    CallFlag,
    CallLength,
    ClientStatus,
    Funder,
    ContactKind,
    Gender,
    GenderPreference,
    IncidentStatus,
    IncidentType,
    JobKind,
    JobStatus,
    LeaveKind,
    LeaveStatus,
    OfferStatus,
    OutOfHoursRole,
    LogKind,
    NotificationKind,
    NotifyChannel,
    DeliveryOutcome,
    OnCallRole,
    PreferenceKind,
    RiskKind,
    Role,
    Severity,
    SupervisionKind,
    SupervisionOutcome,
    TrainingKind,
    TransportMode,
    UrgentNeed,
    UrgentStatus,
    VisitStatus,
)



class User(Table, tablename="app_user"):
    username = Varchar(length=64, unique=True, index=True)
    password_hash = Varchar(length=255)
    role = Varchar(length=16, default=Role.CARER, choices=Role)
    display_name = Varchar(length=128)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    email = Varchar(length=254, default="")  # where notifications go by e-mail when an SMTP server is set
    # Carried in every access token and compared on each request: raising it (password change,
    # role change, deactivation) ends every session the user has at once.
    token_version = Integer(default=0)


class RefreshToken(Table):
    """A refresh token, stored only as its SHA-256. Each use replaces it with a new one in the
    same family (one sign-in); a token used twice means it was stolen: the family is revoked."""

    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    token_hash = Varchar(length=64, unique=True)
    family = Varchar(length=32, index=True)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    revoked = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())


class LoginFailure(Table):
    """A failed sign-in, counted per user name and per address to slow password guessing.
    `at` is Unix seconds: compared the same way on SQLite and PostgreSQL."""

    key = Varchar(length=200, index=True)  # "user:<name>" or "addr:<address>"
    at = Float(index=True)


class Carer(Table):
    user = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    name = Varchar(length=128)
    gender = Varchar(length=16, default=Gender.FEMALE, choices=Gender)
    phone = Varchar(length=32, default="")
    home_postcode = Varchar(length=16, default="")
    home_lat = Float()
    home_lon = Float()
    transport_mode = Varchar(length=16, default=TransportMode.CAR, choices=TransportMode)
    contracted_minutes = Integer(default=0)  # per week
    skills = JSON(default=[])
    active = Boolean(default=True)
    version = Integer(default=1)
    # reports (issue 13): the minimum wage band depends on age; unknown is taken as 21 and over
    birth_date = Date(null=True, default=None)
    # Office records (issue 11): employment and the checks the agency must keep in date.
    email = Varchar(length=128, default="")
    employment_start = Date(null=True, default=None)
    employment_end = Date(null=True, default=None)
    dbs_number = Varchar(length=32, default="")
    dbs_renewal_on = Date(null=True, default=None)
    right_to_work_checked_on = Date(null=True, default=None)
    driving_licence_expires_on = Date(null=True, default=None)  # drivers only
    business_insurance_expires_on = Date(null=True, default=None)  # drivers only


class Qualification(Table):
    carer = ForeignKey(Carer, on_delete=OnDelete.cascade)
    skill = Varchar(length=64)
    name = Varchar(length=128)
    obtained_on = Date(null=True, default=None)
    expires_on = Date(null=True, default=None)
    # Issue 11: the record's kind and course (training_catalogue.py), its evidence, a version.
    # `skill` names the optimiser skill it backs ("" for none): an expired record stops backing it.
    kind = Varchar(length=16, default=TrainingKind.SKILL, choices=TrainingKind)
    course = Varchar(length=64, default="")
    evidence = Varchar(length=255, default="")
    version = Integer(default=1)


class TrainingSession(Table):
    """A carer booked on a training course for part of a day: off the rota then, and their calls
    in that time released for cover, as sickness does (issue 11)."""

    carer = ForeignKey(Carer, on_delete=OnDelete.cascade, index=True)
    course = Varchar(length=64)
    date = Date(index=True)
    start_minute = Integer()
    end_minute = Integer()
    notes = Varchar(length=255, default="")
    booked_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    cancelled = Boolean(default=False)
    version = Integer(default=1)


class CareerRole(Table):
    """A role on the agency's career map (issue 11 point 7): the courses it requires (codes of
    training_catalogue.py), the roles it leads to, and what else it asks in words. Seeded from
    the career map's defaults (api/domain/people/career_map.py); managers edit it."""

    code = Varchar(length=64, unique=True)
    name = Varchar(length=128)
    rank = Integer(default=0)  # the ladder's order, for lists
    requires = JSON(default=[])
    next_roles = JSON(default=[])
    also_asks = Text(default="")
    version = Integer(default=1)


class CarerRole(Table):
    """A carer's role from a date: the history of their career; the latest entry on or before a
    day is their role that day (on one date, the later entry corrects the earlier)."""

    carer = ForeignKey(Carer, on_delete=OnDelete.cascade, index=True)
    role = ForeignKey(CareerRole, on_delete=OnDelete.cascade)
    effective_from = Date()
    notes = Varchar(length=255, default="")
    recorded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    recorded_at = Timestamptz(default=TimestamptzNow())


class Availability(Table):
    """A carer's standing weekly availability ("staff defaults", their default rota). The rows
    sharing an `effective_from` are one version of the week; the version in force on a date is
    the latest from on or before it (None: since the carer started): people/default_rota.py."""

    carer = ForeignKey(Carer, on_delete=OnDelete.cascade)
    weekday = Integer()  # 0 = Monday
    start_minute = Integer()
    end_minute = Integer()
    effective_from = Date(null=True, default=None)


class AvailabilityException(Table):
    carer = ForeignKey(Carer, on_delete=OnDelete.cascade)
    date = Date()
    available = Boolean(default=False)
    start_minute = Integer(null=True, default=None)
    end_minute = Integer(null=True, default=None)
    reason = Varchar(length=255, default="")


class ContractedHours(Table):
    """A change of a carer's contracted hours from a date ("from Monday 22.5 h instead of 30 h",
    issue 11). The hours in force on a date are those of the latest change on or before it, or
    Carer.contracted_minutes (the hours they started on) before any change: people/contract_hours.py."""

    carer = ForeignKey(Carer, on_delete=OnDelete.cascade, index=True)
    effective_from = Date()
    minutes = Integer()  # per week
    note = Varchar(length=255, default="")
    recorded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    recorded_at = Timestamptz(default=TimestamptzNow())


class Client(Table):
    name = Varchar(length=128)
    address = Varchar(length=255)
    town = Varchar(length=64, default="")
    postcode = Varchar(length=16, default="")
    lat = Float()
    lon = Float()
    status = Varchar(length=16, default=ClientStatus.ACTIVE, choices=ClientStatus)
    status_since = Date(null=True, default=None)
    gender_preference = Varchar(length=16, default=GenderPreference.ANY, choices=GenderPreference)
    alerts = Text(default="")  # allergies, risks: shown to carers on their calls
    phone = Varchar(length=32, default="")
    version = Integer(default=1)
    # reports (issue 13): who pays for the care (invoice export, the funder filter)
    funder = Varchar(length=32, default=Funder.OTHER, choices=Funder)
    # Office records (issue 11)
    preferred_name = Varchar(length=128, default="")
    date_of_birth = Date(null=True, default=None)
    status_reason = Varchar(length=255, default="")  # why in hospital / ceased
    communication_needs = Text(default="")
    allergies = Text(default="")  # shown to carers at the call, beside alerts
    pattern_version = Integer(default=1)  # the weekly pattern, saved as a whole (client defaults)


class ClientSensitive(Table):
    """Access notes and key safe code, kept apart: only served to the assigned carer on the day."""

    client = ForeignKey(Client, unique=True, on_delete=OnDelete.cascade)
    access_notes = Text(default="")
    key_safe_code = Varchar(length=32, default="")


class ClientCarerPreference(Table):
    client = ForeignKey(Client, on_delete=OnDelete.cascade)
    carer = ForeignKey(Carer, on_delete=OnDelete.cascade)
    kind = Varchar(length=16, choices=PreferenceKind)
    reason = Varchar(length=255, default="")  # why preferred or excluded (issue 11)


class ClientContact(Table):
    """Next of kin and the other people around a client (family, social worker, GP), with what
    each may be told (consent to share)."""

    client = ForeignKey(Client, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=16, choices=ContactKind)
    name = Varchar(length=128)
    relationship = Varchar(length=64, default="")
    phone = Varchar(length=32, default="")
    email = Varchar(length=128, default="")
    may_be_told = Varchar(length=255, default="")
    position = Integer(default=0)


class CarePlan(Table):
    client = ForeignKey(Client, on_delete=OnDelete.cascade)
    title = Varchar(length=128)
    summary = Text(default="")
    starts_on = Date(null=True, default=None)
    active = Boolean(default=True)
    version = Integer(default=1)
    # Issue 11: person-centred outcomes and the review schedule.
    outcomes = Text(default="")
    review_interval_weeks = Integer(default=26)
    last_reviewed_on = Date(null=True, default=None)
    next_review_on = Date(null=True, default=None)


class CarePlanTask(Table):
    care_plan = ForeignKey(CarePlan, on_delete=OnDelete.cascade)
    name = Varchar(length=128)
    details = Text(default="")
    position = Integer(default=0)
    call_type = Varchar(length=16, default="")  # the calls it is done at; empty = every call


class RiskAssessment(Table):
    """A risk to a client or to carers at the home (falls, moving and handling, medication,
    environment), its controls and when it must be looked at again (issue 11)."""

    client = ForeignKey(Client, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=24, choices=RiskKind)
    level = Varchar(length=16, default=Severity.LOW, choices=Severity)
    hazards = Text(default="")
    controls = Text(default="")
    assessed_on = Date()
    review_on = Date(index=True)
    assessed_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    active = Boolean(default=True)
    version = Integer(default=1)


class ClientDefault(Table):
    """One call of a client's standing weekly pattern."""

    client = ForeignKey(Client, on_delete=OnDelete.cascade)
    weekday = Integer()  # 0 = Monday
    start_minute = Integer()
    duration_minutes = Integer()
    carers_required = Integer(default=1)
    required_skills = JSON(default=[])
    tasks = JSON(default=[])
    call_type = Varchar(length=16, default="")  # morning | lunch | tea | bed | other
    active = Boolean(default=True)
    version = Integer(default=1)
    # In force from / until these dates (inclusive; empty = open): a pattern change from next
    # Monday ends the old calls on Sunday and starts the new ones on Monday (issue 11).
    effective_from = Date(null=True, default=None)
    effective_until = Date(null=True, default=None)
    # A double-up whose carers differ: [{"required_skills": [...], "duration_minutes": n|null,
    # "offset_minutes": n}] one per carer (empty: all alike). A rule to the client's call before
    # this one that day: {"min_gap_minutes": n, "max_gap_minutes": n|null, "carer": "any" |
    # "same" | "different"} (empty: none), e.g. lunch at least 3 h after breakfast (issue 15).
    parts = JSON(default=[])
    link_to_previous = JSON(default={})


class Visit(Table):
    """A call on a date. Generated from a client default, or added by hand."""

    client = ForeignKey(Client, on_delete=OnDelete.cascade)
    client_default = ForeignKey(ClientDefault, null=True, on_delete=OnDelete.set_null)
    date = Date(index=True)
    window_start = Integer()  # minutes from midnight: earliest start
    window_end = Integer()  # latest start
    duration_minutes = Integer()
    carers_required = Integer(default=1)
    required_skills = JSON(default=[])
    tasks = JSON(default=[])
    call_type = Varchar(length=16, default="")
    status = Varchar(length=16, default=VisitStatus.PLANNED, choices=VisitStatus)
    changed_by_hand = Boolean(default=False)  # a one-off change: generation leaves it alone
    version = Integer(default=1)


class Assignment(Table):
    visit = ForeignKey(Visit, on_delete=OnDelete.cascade, index=True)
    carer = ForeignKey(Carer, on_delete=OnDelete.cascade, index=True)
    planned_start = Integer()  # minutes from midnight
    locked = Boolean(default=False)
    travel_minutes = Integer(default=0)
    travel_metres = Integer(default=0)
    version = Integer(default=1)


class VisitLog(Table):
    """What a carer recorded at a call; `client_uuid` makes offline replays idempotent."""

    client_uuid = Varchar(length=64, unique=True, index=True)
    visit = ForeignKey(Visit, on_delete=OnDelete.cascade, index=True)  # reports read logs by call
    carer = ForeignKey(Carer, on_delete=OnDelete.cascade)
    kind = Varchar(length=16, choices=LogKind)
    device_time = Timestamptz(null=True, default=None)
    server_time = Timestamptz(default=TimestamptzNow())
    lat = Float(null=True, default=None)
    lon = Float(null=True, default=None)
    task = Varchar(length=128, default="")
    done = Boolean(null=True, default=None)
    reason = Varchar(length=255, default="")
    note = Text(default="")
    # For the office's review: the phone's clock was far from ours when this arrived, and
    # (on a check-out) the call was much shorter or longer than planned.
    device_time_off = Boolean(default=False)
    call_length = Varchar(length=8, default=CallLength.AS_PLANNED, choices=CallLength)
    # On the check-out of a sleep-in: minutes woken up and working (paid hourly on top of the
    # sleep-in allowance, and the only part of the night that is time work for the minimum wage).
    woken_minutes = Integer(default=0)


class VisitAttendance(Table):
    """Each carer's first check-in and last check-out on a call (check-out after midnight
    included), kept by the database itself: a trigger on every visit_log insert (migration
    2026-12-03T11:55). Logs are never changed or removed but with their call or carer, so this
    is the log's own summary, never out of step: the reports read one row per carer and call
    instead of every check-in and check-out (1.46 M logs in a year at 2,000 calls a day)."""

    visit = ForeignKey(Visit, on_delete=OnDelete.cascade)  # unique with carer
    carer = ForeignKey(Carer, on_delete=OnDelete.cascade)
    first_in = Timestamptz(null=True, default=None)
    last_out = Timestamptz(null=True, default=None)
    woken_minutes = Integer(default=0)  # a sleep-in's time woken, told at check-out (the most told)


class SyncConflict(Table):
    """An action that arrived after its call was cancelled or given to another carer: kept for
    the office, once per client UUID (the unique key decides concurrent replays)."""

    client_uuid = Varchar(length=64, unique=True, index=True)
    visit = ForeignKey(Visit, on_delete=OnDelete.cascade, index=True)
    carer = ForeignKey(Carer, null=True, on_delete=OnDelete.set_null)
    actor = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    kind = Varchar(length=16, choices=LogKind)
    reason = Varchar(length=16)  # cancelled | reassigned
    explanation = Text(default="")
    submitted = JSON(default={})
    received_at = Timestamptz(default=TimestamptzNow())


class AssignmentHistory(Table):
    """Every carer who was ever on a call, one row per (visit, carer). Filled by database
    triggers on `assignment` (see the migration), so no way of assigning can miss it: it
    decides whose records a call still accepts after a reassignment."""

    visit = ForeignKey(Visit, on_delete=OnDelete.cascade, index=True)
    carer = ForeignKey(Carer, on_delete=OnDelete.cascade, index=True)
    first_assigned_at = Timestamptz(default=TimestamptzNow())


class Incident(Table):
    client_uuid = Varchar(length=64, unique=True, null=True, default=None)
    client = ForeignKey(Client, null=True, on_delete=OnDelete.set_null)
    visit = ForeignKey(Visit, null=True, on_delete=OnDelete.set_null)
    reported_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    type = Varchar(length=32, choices=IncidentType)
    severity = Varchar(length=16, default=Severity.LOW, choices=Severity)
    occurred_at = Timestamptz()
    what_happened = Text()
    action_taken = Text(default="")
    status = Varchar(length=16, default=IncidentStatus.OPEN, choices=IncidentStatus)
    created_at = Timestamptz(default=TimestamptzNow())
    # The office's record of the incident (issue 12): investigation to closure.
    people_involved = Text(default="")
    investigation_notes = Text(default="")
    outcome = Text(default="")
    recommendations = Text(default="")
    safeguarding_team_told_at = Timestamptz(null=True, default=None)  # the local authority's
    cqc_notified_at = Timestamptz(null=True, default=None)  # a notifiable incident
    family_told_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    # A high-severity or safeguarding incident alerts managers until one of them has seen it.
    acknowledged_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    acknowledged_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)


class Leave(Table):
    carer = ForeignKey(Carer, on_delete=OnDelete.cascade)
    kind = Varchar(length=16, choices=LeaveKind)
    start_date = Date()
    end_date = Date()
    status = Varchar(length=16, default=LeaveStatus.REQUESTED, choices=LeaveStatus)
    reason = Text(default="")
    client_uuid = Varchar(length=64, unique=True, null=True, default=None)
    decided_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    decided_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)


class OnCall(Table):
    """Who is on call out of hours for the week starting `week_start` (a Monday)."""

    week_start = Date(index=True)
    role = Varchar(length=16, choices=OnCallRole)
    user = ForeignKey(User, on_delete=OnDelete.cascade)
    phone = Varchar(length=32, default="")


class RotaPublication(Table):
    start_date = Date()
    end_date = Date()
    version = Integer()
    published_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    published_at = Timestamptz(default=TimestamptzNow())
    snapshot = JSON(default={})  # {visit_id: [carer_id, planned_start], ...} as published


class ShiftReport(Table):
    """End of shift ("phoning in"): a carer confirms the day with their mileage."""

    client_uuid = Varchar(length=64, unique=True, index=True)
    carer = ForeignKey(Carer, on_delete=OnDelete.cascade)
    date = Date()
    mileage = Float(default=0.0)
    notes = Text(default="")
    server_time = Timestamptz(default=TimestamptzNow())


class CalendarFeedToken(Table):
    """The key in a carer's private calendar feed URL, stored only as its SHA-256; one per
    carer, replaced when staff or the carer make a new link."""

    carer = ForeignKey(Carer, on_delete=OnDelete.cascade, unique=True)
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())


class PushSubscription(Table):
    user = ForeignKey(User, on_delete=OnDelete.cascade)
    endpoint = Text(unique=True)
    p256dh = Varchar(length=255)
    auth = Varchar(length=255)
    created_at = Timestamptz(default=TimestamptzNow())


class AuditEvent(Table):
    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    entity = Varchar(length=32, index=True)
    entity_id = Varchar(length=64)
    action = Varchar(length=32)
    before = JSON(null=True, default=None)
    after = JSON(null=True, default=None)


class SolverJob(Table):
    """An optimisation or cover run done by a worker process; its result is a draft plan."""

    kind = Varchar(length=16, default=JobKind.OPTIMISE, choices=JobKind)
    start_date = Date()
    end_date = Date()
    status = Varchar(length=16, default=JobStatus.QUEUED, choices=JobStatus)
    stop_requested = Boolean(default=False)
    progress = JSON(default={})
    plan = JSON(null=True, default=None)
    error = Text(default="")
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)
    # Written by the worker every second while it runs: a job whose heartbeat stops is failed
    # (its worker died) so that it no longer blocks the next one.
    heartbeat_at = Timestamptz(null=True, default=None)
    worker = Varchar(length=128, default="")  # "host pid" of the process solving it


# --- What happened on each visit (issue 12): the office's review of call records -------------


class CallFlagReview(Table):
    """The office's resolution of one flag on a call record ("client at day centre, confirmed
    with daughter"): one per call, carer and flag; the flag itself is computed from the logs."""

    visit = ForeignKey(Visit, on_delete=OnDelete.cascade, index=True)
    carer = ForeignKey(Carer, null=True, on_delete=OnDelete.set_null)
    flag = Varchar(length=16, choices=CallFlag)
    comment = Text()
    resolved_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    resolved_at = Timestamptz(default=TimestamptzNow())


# --- Data versions (issue 9 #14: cached answers) -----------------------------------------------


class DataVersion(Table):
    """One counter per topic, raised by database triggers on every change to the tables the
    topic's answers are built from (see api.domain.shared.data_version), so a cached answer is
    checked with one keyed read. A counter (re)created after being emptied starts at the time in
    microseconds, above any value it had before."""

    topic = Varchar(length=32, unique=True)
    version = BigInt(default=0)


class IncidentAction(Table):
    """An action agreed on an incident, with its owner and due date."""

    incident = ForeignKey(Incident, on_delete=OnDelete.cascade, index=True)
    description = Text()
    owner = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    due_on = Date()
    done_at = Timestamptz(null=True, default=None)
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


# ---- What carers see, and who was told (issue 10 #1 #2) ------------------------------------


class PublishedAssignment(Table):
    """One carer on one call as a publication froze it. The carer app reads each date from the
    latest publication covering it (indexed by carer and date), never from the working rota."""

    publication = ForeignKey(RotaPublication, on_delete=OnDelete.cascade, index=True)
    date = Date(index=True)
    visit = ForeignKey(Visit, on_delete=OnDelete.cascade)
    carer = ForeignKey(Carer, on_delete=OnDelete.cascade, index=True)
    planned_start = Integer()  # minutes from midnight, as published


class Notification(Table):
    """A message to one user: their in-app inbox (api/domain/notify/inbox.py posts them)."""

    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=16, default=NotificationKind.MESSAGE, choices=NotificationKind)
    topic = Varchar(length=64, default="", index=True)  # what it is about, e.g. "publication:12"
    title = Varchar(length=200)
    body = Text(default="")
    url = Varchar(length=255, default="")  # where the app opens it, e.g. "/#/day/2030-01-07"
    push_data = JSON(default={})  # more for the phone's service worker (e.g. tag, dates)
    created_at = Timestamptz(default=TimestamptzNow())
    read_at = Timestamptz(null=True, default=None)  # the user opened it in the app
    told_by_phone_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    told_by_phone_at = Timestamptz(null=True, default=None)


class NotificationDelivery(Table):
    """How a message was sent beyond the inbox, one row per channel, with what happened."""

    notification = ForeignKey(Notification, on_delete=OnDelete.cascade, index=True)
    channel = Varchar(length=16, choices=NotifyChannel)
    outcome = Varchar(length=16, default=DeliveryOutcome.PENDING, choices=DeliveryOutcome)
    detail = Text(default="")
    updated_at = Timestamptz(default=TimestamptzNow())


class Medication(Table):
    """One medicine on a client's medication list (eMAR): what, how much, how, at which calls."""

    client = ForeignKey(Client, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=128)
    dose = Varchar(length=128)  # e.g. "1 tablet (500 mg)"
    route = Varchar(length=32, default="oral")
    call_types = JSON(default=[])  # the calls it is due at: morning, lunch, tea, bed (none when PRN)
    prescriber = Varchar(length=128, default="")
    starts_on = Date()
    stops_on = Date(null=True, default=None)
    prn = Boolean(default=False)  # "as needed"
    prn_max_per_day = Integer(null=True, default=None)
    support = Varchar(length=16, default=MedicationSupport.PROMPT, choices=MedicationSupport)
    notes = Text(default="")
    version = Integer(default=1)


class DoseRecord(Table):
    """What happened to one dose at one call. Never changed: a correction is a new record that
    supersedes the earlier one. `client_uuid` makes offline replays idempotent."""

    client_uuid = Varchar(length=64, unique=True, index=True)
    medication = ForeignKey(Medication, on_delete=OnDelete.cascade, index=True)
    visit = ForeignKey(Visit, on_delete=OnDelete.cascade, index=True)
    carer = ForeignKey(Carer, null=True, on_delete=OnDelete.set_null)
    outcome = Varchar(length=16, choices=DoseOutcome)
    reason = Varchar(length=255, default="")
    device_time = Timestamptz()
    server_time = Timestamptz(default=TimestamptzNow())
    supersedes = Integer(null=True, default=None, unique=True)  # the record this one corrects (once)


class Communication(Table):
    """A call or message received from a client, family, social worker or professional, logged
    against the client with the follow-up and who owns it (the communications log)."""

    client = ForeignKey(Client, null=True, on_delete=OnDelete.set_null, index=True)
    received_at = Timestamptz(index=True)
    channel = Varchar(length=16, default=ContactChannel.PHONE, choices=ContactChannel)
    contact_from = Varchar(length=16, choices=ContactFrom)
    contact_name = Varchar(length=128, default="")
    summary = Text()
    follow_up = Text(default="")
    owner = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    logged_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class HandoverDone(Table):
    """An item of the morning handover marked as actioned (a log entry, an incident, a call
    flag), once per item."""

    item = Varchar(length=64, unique=True)  # "communication:12", "incident:3", "flag:45:7:late"
    actioned_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    actioned_at = Timestamptz(default=TimestamptzNow())


class Feedback(Table):
    """A complaint or a compliment: who raised it, about whom, the response due dates (agency
    settings), the investigation, outcome and whether the person was satisfied."""

    kind = Varchar(length=16, choices=FeedbackKind)
    received_on = Date()
    raised_by = Varchar(length=128)
    raised_by_kind = Varchar(length=16, choices=ContactFrom)
    client = ForeignKey(Client, null=True, on_delete=OnDelete.set_null)
    carer = ForeignKey(Carer, null=True, on_delete=OnDelete.set_null)
    visit = ForeignKey(Visit, null=True, on_delete=OnDelete.set_null)
    summary = Text()
    acknowledge_by = Date(null=True, default=None)
    respond_by = Date(null=True, default=None)
    acknowledged_on = Date(null=True, default=None)
    investigation = Text(default="")
    outcome = Text(default="")
    responded_on = Date(null=True, default=None)
    satisfied = Boolean(null=True, default=None)
    status = Varchar(length=16, default=FeedbackStatus.OPEN, choices=FeedbackStatus)
    logged_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)


class ClientReview(Table):
    """A client's care review: scheduled, then recorded (who attended, outcome, care plan changes)."""

    client = ForeignKey(Client, on_delete=OnDelete.cascade, index=True)
    scheduled_on = Date()
    held_on = Date(null=True, default=None)
    attended = Text(default="")
    outcome = Text(default="")
    care_plan_changes = Text(default="")
    recorded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    version = Integer(default=1)


class SatisfactionSurvey(Table):
    """A short satisfaction survey of a client, recorded by staff: scores 1-5 and comments."""

    client = ForeignKey(Client, on_delete=OnDelete.cascade, index=True)
    taken_on = Date()
    scores = JSON(default={})  # {"overall": 4, "punctuality": 3, "kindness": 5, "communication": 4}
    comments = Text(default="")
    recorded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


def __getattr__(name: str):
    """`ALL_TABLES`: every table of this module in the order defined (parents before the
    tables that refer to them), found rather than listed, so that a new table is never left
    out of the migrations app or the tests' clean-up."""
    if name == "ALL_TABLES":
        return tuple(value for value in globals().values()
                     if isinstance(value, type) and issubclass(value, Table) and value is not Table)
    raise AttributeError(name)


# --- agency settings (api/domain/setup/agency_settings.py) -------------------------------------


class AgencySetting(Table):
    """One value a manager set for the agency (thresholds, rates, servers). Keys and types are
    declared in api/domain/setup/settings_registry.py; a key with no row has its default."""

    key = Varchar(length=64, unique=True, index=True)
    value = JSON()
    updated_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    updated_at = Timestamptz(default=TimestamptzNow())


# --- urgent response and out of hours (api/domain/urgent/) -------------------------------------


class UrgentRequest(Table):
    """A pendant alarm, a fall or a short-notice need, answered by the carer who can be there
    soonest. The person may not be a client yet: then name, address and access are kept here
    and a client record is made when a carer accepts."""

    client = ForeignKey(Client, null=True, on_delete=OnDelete.set_null)
    person_name = Varchar(length=128, default="")
    address = Varchar(length=255, default="")
    town = Varchar(length=64, default="")
    lat = Float()
    lon = Float()
    access_details = Text(default="")  # key safe or access: given to the dispatched carer only
    what_happened = Text(default="")
    need = Varchar(length=32, choices=UrgentNeed)
    required_skills = JSON(default=[])
    carers_required = Integer(default=1)
    duration_minutes = Integer(default=45)
    respond_within_minutes = Integer(default=60)
    status = Varchar(length=16, default=UrgentStatus.OPEN, choices=UrgentStatus)
    received_at = Timestamptz(default=TimestamptzNow())
    dispatched_at = Timestamptz(null=True, default=None)  # the first carer asked
    accepted_at = Timestamptz(null=True, default=None)
    visit = ForeignKey(Visit, null=True, on_delete=OnDelete.set_null)  # the call made on accept
    # what accepting did to the rest of the carer's run, as estimated then (the report's impact)
    calls_made_late = Integer(default=0)
    minutes_made_late = Integer(default=0)
    parent = ForeignKey("self", null=True, on_delete=OnDelete.set_null)  # "second carer" asks
    client_uuid = Varchar(length=64, unique=True, null=True, default=None)  # raised from a phone
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    version = Integer(default=1)


class UrgentOffer(Table):
    """One carer asked to go. Pending until they accept or decline (each once, by the UUID
    their phone made) or the agency's answer time runs out."""

    request = ForeignKey(UrgentRequest, on_delete=OnDelete.cascade, index=True)
    carer = ForeignKey(Carer, on_delete=OnDelete.cascade, index=True)
    status = Varchar(length=16, default=OfferStatus.PENDING, choices=OfferStatus)
    offered_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    answered_at = Timestamptz(null=True, default=None)
    answer_uuid = Varchar(length=64, unique=True, null=True, default=None)
    decline_reason = Varchar(length=255, default="")
    eta_minutes = Integer(default=0)  # estimated when asked
    offered_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)  # null: moved on by itself


class OutOfHoursShift(Table):
    """Who is on the out-of-hours team on a night (the night that starts on `date`): a
    planner on the phone, carers available for urgent calls though off their rota."""

    date = Date(index=True)
    role = Varchar(length=16, choices=OutOfHoursRole)
    user = ForeignKey(User, null=True, on_delete=OnDelete.cascade)
    carer = ForeignKey(Carer, null=True, on_delete=OnDelete.cascade)


# --- supervisions, spot checks and appraisals (api/domain/people/supervision/) ----------------


class Supervision(Table):
    """One supervision, spot check or appraisal of a carer: scheduled with the date it is due,
    booked for a day (a spot check on one of the carer's calls) with its observer, then recorded
    (held on, outcome, notes, actions). The next one falls due from the last one held."""

    carer = ForeignKey(Carer, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=16, choices=SupervisionKind)
    due_on = Date()
    booked_on = Date(null=True, default=None)
    visit = ForeignKey(Visit, null=True, on_delete=OnDelete.set_null, index=True)  # the observed call
    observer = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    held_on = Date(null=True, default=None)
    outcome = Varchar(length=24, default="", choices=SupervisionOutcome)
    notes = Text(default="")
    actions = Text(default="")  # what was agreed, for the carer and the office
    recorded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)
