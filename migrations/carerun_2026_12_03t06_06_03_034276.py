"""Columns that hold one of a fixed set of words name their Enum (`choices=`).

No DDL: Piccolo keeps `choices` in its migration state only, so that later auto-generated
migrations start from the tables as they are. Written as a loop over the columns instead of
the sixteen near-identical blocks `--auto` generated.
"""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-12-03T06:06:03:034276"
VERSION = "1.38.0"
DESCRIPTION = "choices for enumerated columns"

# (table class, table name, column, Enum name, {member: value}), frozen as of this migration.
COLUMNS = [
    ("User", "app_user", "role", "Role",
     {"CARER": "carer", "PLANNER": "planner", "MANAGER": "manager", "ADMIN": "admin"}),
    ("Carer", "carer", "gender", "Gender", {"FEMALE": "female", "MALE": "male", "OTHER": "other"}),
    ("Carer", "carer", "transport_mode", "TransportMode",
     {"CAR": "car", "WALK": "walk", "BIKE": "bike", "PUBLIC": "public"}),
    ("Client", "client", "status", "ClientStatus",
     {"ACTIVE": "active", "IN_HOSPITAL": "in_hospital", "CEASED": "ceased"}),
    ("Client", "client", "gender_preference", "GenderPreference",
     {"ANY": "any", "FEMALE": "female", "MALE": "male"}),
    ("ClientCarerPreference", "client_carer_preference", "kind", "PreferenceKind",
     {"PREFERRED": "preferred", "EXCLUDED": "excluded"}),
    ("Visit", "visit", "status", "VisitStatus",
     {"PLANNED": "planned", "IN_PROGRESS": "in_progress", "DONE": "done", "MISSED": "missed",
      "CANCELLED": "cancelled"}),
    ("VisitLog", "visit_log", "kind", "LogKind",
     {"CHECK_IN": "check_in", "CHECK_OUT": "check_out", "TASK": "task", "NOTE": "note"}),
    ("Incident", "incident", "type", "IncidentType",
     {"FALL": "fall", "MEDICATION_ERROR": "medication_error", "SAFEGUARDING": "safeguarding",
      "INJURY": "injury", "PROPERTY": "property", "OTHER": "other"}),
    ("Incident", "incident", "severity", "Severity", {"LOW": "low", "MEDIUM": "medium", "HIGH": "high"}),
    ("Incident", "incident", "status", "IncidentStatus", {"OPEN": "open"}),
    ("Leave", "leave", "kind", "LeaveKind", {"ANNUAL": "annual", "SICK": "sick", "TRAINING": "training"}),
    ("Leave", "leave", "status", "LeaveStatus",
     {"REQUESTED": "requested", "APPROVED": "approved", "DECLINED": "declined"}),
    ("OnCall", "on_call", "role", "OnCallRole", {"SUPERVISOR": "supervisor", "MANAGER": "manager"}),
    ("SolverJob", "solver_job", "kind", "JobKind", {"OPTIMISE": "optimise", "COVER": "cover"}),
    ("SolverJob", "solver_job", "status", "JobStatus",
     {"QUEUED": "queued", "RUNNING": "running", "DONE": "done", "STOPPED": "stopped",
      "FAILED": "failed", "APPLIED": "applied"}),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    for class_name, tablename, column, enum_name, members in COLUMNS:
        manager.alter_column(
            table_class_name=class_name, tablename=tablename, column_name=column,
            db_column_name=column, params={"choices": Enum(enum_name, members)},
            old_params={"choices": None}, column_class=Varchar, old_column_class=Varchar, schema=None,
        )
    return manager
