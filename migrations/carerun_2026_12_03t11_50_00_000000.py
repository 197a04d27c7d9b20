"""Issue 11 point 4: a carer's default rota changes from a date (the availability rows of one
version share an effective_from; existing rows are the version since the carer started)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Date
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T11:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "availability effective from a date"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Availability", tablename="availability", column_name="effective_from",
        db_column_name="effective_from", column_class_name="Date", column_class=Date,
        params={"default": None, "null": True, "primary_key": False, "unique": False, "index": False,
                "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False},
        schema=None,
    )
    return manager
