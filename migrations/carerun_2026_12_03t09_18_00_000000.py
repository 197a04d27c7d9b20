"""What happened on each visit (issue 12): medication lists and dose records (eMAR)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import JSON, Boolean, Date, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow

from migrations.column_helpers import fk, params

ID = "2026-12-03T09:18:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "medication and dose records"


MEDICATION = {
    "client": fk("client", OnDelete.cascade, index=True),
    "name": (Varchar, params(length=128, default="")),
    "dose": (Varchar, params(length=128, default="")),
    "route": (Varchar, params(length=32, default="oral")),
    "call_types": (JSON, params(default="[]")),
    "prescriber": (Varchar, params(length=128, default="")),
    "starts_on": (Date, params(default=None, null=True)),
    "stops_on": (Date, params(default=None, null=True)),
    "prn": (Boolean, params(default=False)),
    "prn_max_per_day": (Integer, params(default=None, null=True)),
    "support": (Varchar, params(length=16, default="prompt")),
    "notes": (Text, params(default="")),
    "version": (Integer, params(default=1)),
}
DOSE_RECORD = {
    "client_uuid": (Varchar, params(length=64, default="", unique=True, index=True)),
    "medication": fk("medication", OnDelete.cascade, index=True),
    "visit": fk("visit", OnDelete.cascade, index=True),
    "carer": fk("carer", OnDelete.set_null),
    "outcome": (Varchar, params(length=16, default="")),
    "reason": (Varchar, params(length=255, default="")),
    "device_time": (Timestamptz, params(default=TimestamptzNow())),
    "server_time": (Timestamptz, params(default=TimestamptzNow())),
    "supersedes": (Integer, params(default=None, null=True, unique=True)),
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
