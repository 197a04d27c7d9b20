"""Career progression (issue 11 point 7): the career map's roles and each carer's role history."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import JSON, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-03T11:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "career roles and carers' role history"


def _ref(tablename: str) -> type[Table]:
    """The referenced table as the migration sees it: only its primary key."""
    return type(tablename.title().replace("_", ""), (Table,), {"id": Serial(primary_key=True)},
                tablename=tablename)


def _params(**extra) -> dict:
    return {"null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **extra}


def _fk(tablename: str, on_delete: OnDelete, null: bool = True, index: bool = False) -> tuple:
    return ForeignKey, _params(references=_ref(tablename), on_delete=on_delete, on_update=OnUpdate.cascade,
                               target_column=None, null=null, index=index)


TABLES = {
    ("CareerRole", "career_role"): {
        "code": (Varchar, _params(length=64, default="", unique=True)),
        "name": (Varchar, _params(length=128, default="")),
        "rank": (Integer, _params(default=0)),
        "requires": (JSON, _params(default="[]")),
        "next_roles": (JSON, _params(default="[]")),
        "also_asks": (Text, _params(default="")),
        "version": (Integer, _params(default=1)),
    },
    ("CarerRole", "carer_role"): {
        "carer": _fk("carer", OnDelete.cascade, null=False, index=True),
        "role": _fk("career_role", OnDelete.cascade, null=False),
        "effective_from": (Date, _params(default=None)),
        "notes": (Varchar, _params(length=255, default="")),
        "recorded_by": _fk("app_user", OnDelete.set_null),
        "recorded_at": (Timestamptz, _params(default=TimestamptzNow())),
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
