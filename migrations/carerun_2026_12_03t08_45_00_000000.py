"""What happened on each visit (issue 12): the office's resolutions of call record flags."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-03T08:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "call flag reviews"


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


COLUMNS = {
    "visit": _fk("visit", OnDelete.cascade, index=True),
    "carer": _fk("carer", OnDelete.set_null),
    "flag": (Varchar, _params(length=16, default="")),
    "comment": (Text, _params(default="")),
    "resolved_by": _fk("app_user", OnDelete.set_null),
    "resolved_at": (Timestamptz, _params(default=TimestamptzNow())),
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
