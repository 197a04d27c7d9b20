"""Issue 14 point 5, nights: the minutes a carer on a sleep-in was woken up and working, told at
check-out (paid hourly on top of the sleep-in allowance, and the only part of a sleep-in that
counts as time work for the minimum wage)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T11:47:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "minutes woken on a sleep-in"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_column(table_class_name="VisitLog", tablename="visit_log", column_name="woken_minutes",
                       db_column_name="woken_minutes", column_class_name="Integer", column_class=Integer,
                       params={"default": 0, "null": False, "primary_key": False, "unique": False,
                               "index": False, "index_method": IndexMethod.btree, "choices": None,
                               "db_column_name": None, "secret": False}, schema=None)
    return manager
