"""What happened on each visit (issue 12): client reviews and satisfaction surveys."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import JSON, Date, ForeignKey, Integer, Serial, Text, Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-03T09:54:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "client reviews and satisfaction surveys"


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


TABLES = {
    ("ClientReview", "client_review"): {
        "client": _fk("client", OnDelete.cascade, index=True), "scheduled_on": (Date, _params(default=None, null=True)),
        "held_on": (Date, _params(default=None, null=True)), "attended": (Text, _params(default="")),
        "outcome": (Text, _params(default="")), "care_plan_changes": (Text, _params(default="")),
        "recorded_by": _fk("app_user", OnDelete.set_null), "version": (Integer, _params(default=1)),
    },
    ("SatisfactionSurvey", "satisfaction_survey"): {
        "client": _fk("client", OnDelete.cascade, index=True), "taken_on": (Date, _params(default=None, null=True)),
        "scores": (JSON, _params(default="{}")), "comments": (Text, _params(default="")),
        "recorded_by": _fk("app_user", OnDelete.set_null), "created_at": (Timestamptz, _params(default=TimestamptzNow())),
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
