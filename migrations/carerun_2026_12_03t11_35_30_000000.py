"""Office records (issue 11 point 8): supervisions, spot checks and appraisals of carers."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import Date, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow

from migrations.column_helpers import fk, params

ID = "2026-12-03T11:35:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "supervisions, spot checks and appraisals"


def _date(null: bool = True) -> tuple:
    return Date, params(default=None, null=null)


COLUMNS = {
    "carer": fk("carer", OnDelete.cascade, index=True),
    "kind": (Varchar, params(length=16, default="")),
    "due_on": _date(),
    "booked_on": _date(),
    "visit": fk("visit", OnDelete.set_null, index=True),
    "observer": fk("app_user", OnDelete.set_null),
    "held_on": _date(),
    "outcome": (Varchar, params(length=24, default="")),
    "notes": (Text, params(default="")),
    "actions": (Text, params(default="")),
    "recorded_by": fk("app_user", OnDelete.set_null),
    "created_at": (Timestamptz, params(default=TimestamptzNow())),
    "version": (Integer, params(default=1)),
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_table(class_name="Supervision", tablename="supervision", schema=None, columns=None)
    for name, (column_class, params) in COLUMNS.items():
        manager.add_column(
            table_class_name="Supervision", tablename="supervision", column_name=name, db_column_name=name,
            column_class_name=column_class.__name__, column_class=column_class, params=params, schema=None,
        )
    return manager
