"""Office records (issue 11 point 8): supervisions, spot checks and appraisals of carers."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-03T11:35:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "supervisions, spot checks and appraisals"


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


def _date(null: bool = True) -> tuple:
    return Date, _params(default=None, null=null)


COLUMNS = {
    "carer": _fk("carer", OnDelete.cascade, index=True),
    "kind": (Varchar, _params(length=16, default="")),
    "due_on": _date(),
    "booked_on": _date(),
    "visit": _fk("visit", OnDelete.set_null, index=True),
    "observer": _fk("app_user", OnDelete.set_null),
    "held_on": _date(),
    "outcome": (Varchar, _params(length=24, default="")),
    "notes": (Text, _params(default="")),
    "actions": (Text, _params(default="")),
    "recorded_by": _fk("app_user", OnDelete.set_null),
    "created_at": (Timestamptz, _params(default=TimestamptzNow())),
    "version": (Integer, _params(default=1)),
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
