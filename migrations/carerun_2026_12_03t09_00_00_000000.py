"""What happened on each visit (issue 12): the office's incident record (investigation, outcome,
who was told, closure, acknowledgement of alerts, a version) and incident actions."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import Date, ForeignKey, Integer, Serial, Text, Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-03T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "incident records and actions"


def _ref(tablename: str) -> type[Table]:
    """The referenced table as the migration sees it: only its primary key."""
    return type(tablename.title().replace("_", ""), (Table,), {"id": Serial(primary_key=True)},
                tablename=tablename)


def _params(**extra) -> dict:
    return {"null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **extra}


def _fk(tablename: str, on_delete: OnDelete, index: bool = False) -> tuple:
    return ForeignKey, _params(references=_ref(tablename), on_delete=on_delete, on_update=OnUpdate.cascade,
                               target_column=None, null=True, index=index)


def _when() -> tuple:
    return Timestamptz, _params(default=None, null=True)


INCIDENT_COLUMNS = {
    "people_involved": (Text, _params(default="")),
    "investigation_notes": (Text, _params(default="")),
    "outcome": (Text, _params(default="")),
    "recommendations": (Text, _params(default="")),
    "safeguarding_team_told_at": _when(),
    "cqc_notified_at": _when(),
    "family_told_at": _when(),
    "closed_at": _when(),
    "acknowledged_by": _fk("app_user", OnDelete.set_null),
    "acknowledged_at": _when(),
    "version": (Integer, _params(default=1)),
}
ACTION_COLUMNS = {
    "incident": _fk("incident", OnDelete.cascade, index=True),
    "description": (Text, _params(default="")),
    "owner": _fk("app_user", OnDelete.set_null),
    "due_on": (Date, _params(default=None, null=True)),
    "done_at": _when(),
    "created_by": _fk("app_user", OnDelete.set_null),
    "created_at": (Timestamptz, _params(default=TimestamptzNow())),
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
