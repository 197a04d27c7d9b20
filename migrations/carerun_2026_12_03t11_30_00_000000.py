"""Issue 11 point 4: changes of a carer's contracted hours from a date (the history is kept)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import Date, Integer, Timestamptz, Varchar
from piccolo.columns.defaults.date import DateNow
from piccolo.columns.defaults.timestamptz import TimestamptzNow

from migrations.column_helpers import add_tables, fk, params

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
    add_tables(manager, TABLES)
    return manager
