"""What happened on each visit (issue 12): the office's incident record (investigation, outcome,
who was told, closure, acknowledgement of alerts, a version) and incident actions."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import Date, Integer, Text, Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow

from migrations.column_helpers import fk, params

ID = "2026-12-03T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "incident records and actions"


def _when() -> tuple:
    return Timestamptz, params(default=None, null=True)


INCIDENT_COLUMNS = {
    "people_involved": (Text, params(default="")),
    "investigation_notes": (Text, params(default="")),
    "outcome": (Text, params(default="")),
    "recommendations": (Text, params(default="")),
    "safeguarding_team_told_at": _when(),
    "cqc_notified_at": _when(),
    "family_told_at": _when(),
    "closed_at": _when(),
    "acknowledged_by": fk("app_user", OnDelete.set_null),
    "acknowledged_at": _when(),
    "version": (Integer, params(default=1)),
}
ACTION_COLUMNS = {
    "incident": fk("incident", OnDelete.cascade, index=True),
    "description": (Text, params(default="")),
    "owner": fk("app_user", OnDelete.set_null),
    "due_on": (Date, params(default=None, null=True)),
    "done_at": _when(),
    "created_by": fk("app_user", OnDelete.set_null),
    "created_at": (Timestamptz, params(default=TimestamptzNow())),
}


def _add(manager: MigrationManager, class_name: str, tablename: str, columns: dict) -> None:
    for name, (column_class, params) in columns.items():
        manager.add_column(
            table_class_name=class_name, tablename=tablename, column_name=name, db_column_name=name,
            column_class_name=column_class.__name__, column_class=column_class, params=params, schema=None,
        )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    _add(manager, "Incident", "incident", INCIDENT_COLUMNS)
    manager.add_table(class_name="IncidentAction", tablename="incident_action", schema=None, columns=None)
    _add(manager, "IncidentAction", "incident_action", ACTION_COLUMNS)
    return manager
