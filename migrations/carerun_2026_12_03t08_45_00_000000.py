"""What happened on each visit (issue 12): the office's resolutions of call record flags."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow

from migrations.column_helpers import fk, params

ID = "2026-12-03T08:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "call flag reviews"


COLUMNS = {
    "visit": fk("visit", OnDelete.cascade, index=True),
    "carer": fk("carer", OnDelete.set_null),
    "flag": (Varchar, params(length=16, default="")),
    "comment": (Text, params(default="")),
    "resolved_by": fk("app_user", OnDelete.set_null),
    "resolved_at": (Timestamptz, params(default=TimestamptzNow())),
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_table(class_name="CallFlagReview", tablename="call_flag_review", schema=None, columns=None)
    for name, (column_class, params) in COLUMNS.items():
        manager.add_column(
            table_class_name="CallFlagReview", tablename="call_flag_review", column_name=name,
            db_column_name=name, column_class_name=column_class.__name__, column_class=column_class,
            params=params, schema=None,
        )
    return manager
