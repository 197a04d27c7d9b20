"""Issue 11 point 4: changes of a carer's contracted hours from a date (the history is kept)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import Date, Integer, Timestamptz, Varchar
from piccolo.columns.defaults.date import DateNow
from piccolo.columns.defaults.timestamptz import TimestamptzNow

from migrations.column_helpers import fk, params

ID = "2026-12-03T11:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "contracted hours changes"


TABLES = {
    ("ContractedHours", "contracted_hours"): {
        "carer": fk("carer", OnDelete.cascade, index=True), "effective_from": (Date, params(default=DateNow())),
        "minutes": (Integer, params(default=0)), "note": (Varchar, params(length=255, default="")),
        "recorded_by": fk("app_user", OnDelete.set_null),
        "recorded_at": (Timestamptz, params(default=TimestamptzNow())),
    },
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    for (class_name, tablename), columns in TABLES.items():
        manager.add_table(class_name=class_name, tablename=tablename, schema=None, columns=None)
        for name, (column_class, params) in columns.items():
            manager.add_column(
                table_class_name=class_name, tablename=tablename, column_name=name, db_column_name=name,
                column_class_name=column_class.__name__, column_class=column_class, params=params, schema=None,
            )
    return manager
