"""Issue 9 #14: `data_version`, one counter per topic that triggers raise (next migration), so a
cached answer is checked with one keyed read."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt, Varchar

from migrations.column_helpers import params

ID = "2026-12-03T08:34:19:000000"
VERSION = "1.38.0"
DESCRIPTION = "data_version counters"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_table(class_name="DataVersion", tablename="data_version", schema=None, columns=None)
    for name, column_class, given in (
        ("topic", Varchar, {"length": 32, "default": "", "unique": True}),
        ("version", BigInt, {"default": 0}),
    ):
        manager.add_column(
            table_class_name="DataVersion", tablename="data_version", column_name=name, db_column_name=name,
            column_class_name=column_class.__name__, column_class=column_class,
            params={"default": None, **params(**given)}, schema=None)
    return manager
