"""What happened on each visit (issue 12): medication lists and dose records (eMAR)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (JSON, Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz,
                                          Varchar)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-03T09:18:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "medication and dose records"


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


MEDICATION = {
    "client": _fk("client", OnDelete.cascade, index=True),
    "name": (Varchar, _params(length=128, default="")),
    "dose": (Varchar, _params(length=128, default="")),
    "route": (Varchar, _params(length=32, default="oral")),
    "call_types": (JSON, _params(default="[]")),
    "prescriber": (Varchar, _params(length=128, default="")),
    "starts_on": (Date, _params(default=None, null=True)),
    "stops_on": (Date, _params(default=None, null=True)),
    "prn": (Boolean, _params(default=False)),
    "prn_max_per_day": (Integer, _params(default=None, null=True)),
    "support": (Varchar, _params(length=16, default="prompt")),
    "notes": (Text, _params(default="")),
    "version": (Integer, _params(default=1)),
}
DOSE_RECORD = {
    "client_uuid": (Varchar, _params(length=64, default="", unique=True, index=True)),
    "medication": _fk("medication", OnDelete.cascade, index=True),
    "visit": _fk("visit", OnDelete.cascade, index=True),
    "carer": _fk("carer", OnDelete.set_null),
    "outcome": (Varchar, _params(length=16, default="")),
    "reason": (Varchar, _params(length=255, default="")),
    "device_time": (Timestamptz, _params(default=TimestamptzNow())),
    "server_time": (Timestamptz, _params(default=TimestamptzNow())),
    "supersedes": (Integer, _params(default=None, null=True, unique=True)),
}


def _add(manager: MigrationManager, class_name: str, tablename: str, columns: dict) -> None:
    manager.add_table(class_name=class_name, tablename=tablename, schema=None, columns=None)
    for name, (column_class, params) in columns.items():
        manager.add_column(
            table_class_name=class_name, tablename=tablename, column_name=name, db_column_name=name,
            column_class_name=column_class.__name__, column_class=column_class, params=params, schema=None,
        )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    _add(manager, "Medication", "medication", MEDICATION)
    _add(manager, "DoseRecord", "dose_record", DOSE_RECORD)
    return manager
