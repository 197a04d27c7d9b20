"""Agency settings a manager changes on the Settings screen (one row per key that was saved)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import JSON, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

from migrations.column_helpers import params


class User(Table, tablename="app_user", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False,
                index_method=IndexMethod.btree, choices=None, db_column_name="id", secret=False)


ID = "2026-12-03T08:19:46:000000"
VERSION = "1.38.0"
DESCRIPTION = "agency_setting"

COLUMNS = [
    ("key", Varchar, {"length": 64, "default": "", "unique": True, "index": True}),
    ("value", JSON, {"default": "{}"}),
    ("updated_by", ForeignKey, {"references": User, "on_delete": OnDelete.set_null,
                                "on_update": OnUpdate.cascade, "target_column": None, "null": True}),
    ("updated_at", Timestamptz, {"default": TimestamptzNow()}),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_table(class_name="AgencySetting", tablename="agency_setting", schema=None, columns=None)
    for name, column_class, given in COLUMNS:
        manager.add_column(
            table_class_name="AgencySetting", tablename="agency_setting", column_name=name,
            db_column_name=name, column_class_name=column_class.__name__, column_class=column_class,
            params={"default": None, **params(**given)}, schema=None)
    return manager
