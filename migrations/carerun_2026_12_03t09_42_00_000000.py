"""What happened on each visit (issue 12): the communications log, the morning handover's
actioned items, complaints and compliments."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-03T09:42:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "communications log, handover, complaints and compliments"


def _ref(tablename: str) -> type[Table]:
    """The referenced table as the migration sees it: only its primary key."""
    return type(tablename.title().replace("_", ""), (Table,), {"id": Serial(primary_key=True)},
                tablename=tablename)


def _params(**extra) -> dict:
    return {"null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **extra}


def _fk(tablename: str, index: bool = False) -> tuple:
    return ForeignKey, _params(references=_ref(tablename), on_delete=OnDelete.set_null, on_update=OnUpdate.cascade,
                               target_column=None, null=True, index=index)


def _text() -> tuple:
    return Text, _params(default="")


def _date() -> tuple:
    return Date, _params(default=None, null=True)


def _now() -> tuple:
    return Timestamptz, _params(default=TimestamptzNow())


TABLES = {
    ("Communication", "communication"): {
        "client": _fk("client", index=True), "received_at": (Timestamptz, _params(default=TimestamptzNow(), index=True)),
        "channel": (Varchar, _params(length=16, default="phone")), "contact_from": (Varchar, _params(length=16, default="")),
        "contact_name": (Varchar, _params(length=128, default="")), "summary": _text(), "follow_up": _text(),
        "owner": _fk("app_user"), "logged_by": _fk("app_user"), "created_at": _now(),
    },
    ("HandoverDone", "handover_done"): {
        "item": (Varchar, _params(length=64, default="", unique=True)), "actioned_by": _fk("app_user"),
        "actioned_at": _now(),
    },
    ("Feedback", "feedback"): {
        "kind": (Varchar, _params(length=16, default="")), "received_on": _date(),
        "raised_by": (Varchar, _params(length=128, default="")), "raised_by_kind": (Varchar, _params(length=16, default="")),
        "client": _fk("client"), "carer": _fk("carer"), "visit": _fk("visit"), "summary": _text(),
        "acknowledge_by": _date(), "respond_by": _date(), "acknowledged_on": _date(), "investigation": _text(),
        "outcome": _text(), "responded_on": _date(), "satisfied": (Boolean, _params(default=None, null=True)),
        "status": (Varchar, _params(length=16, default="open")), "logged_by": _fk("app_user"), "created_at": _now(),
        "version": (Integer, _params(default=1)),
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
