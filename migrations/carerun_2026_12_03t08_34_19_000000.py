"""Issue 9 #14: `data_version`, one counter per topic that triggers raise (next migration), so a
cached answer is checked with one keyed read."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T08:34:19:000000"
VERSION = "1.38.0"
DESCRIPTION = "data_version counters"


def _params(given: dict) -> dict:
    return {"default": None, "null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **given}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_table(class_name="DataVersion", tablename="data_version", schema=None, columns=None)
    for name, column_class, params in (
        ("topic", Varchar, {"length": 32, "default": "", "unique": True}),
        ("version", BigInt, {"default": 0}),
    ):
        manager.add_column(
            table_class_name="DataVersion", tablename="data_version", column_name=name, db_column_name=name,
            column_class_name=column_class.__name__, column_class=column_class,
            params=_params(params), schema=None)
    return manager
