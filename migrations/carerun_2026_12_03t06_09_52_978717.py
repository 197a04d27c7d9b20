"""Issue 9 (data integrity): kept conflicts in a table of their own with a unique client UUID,
who was ever on each call, and the review flags on a visit log.

Generated with --auto, then written with one helper instead of a block per column; the
params are the full set Piccolo stores, so later auto migrations start clean.
"""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import JSON, Boolean, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

from migrations.column_helpers import fk, params


class Carer(Table, tablename="carer", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False,
                index_method=IndexMethod.btree, choices=None, db_column_name="id", secret=False)


class User(Table, tablename="app_user", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False,
                index_method=IndexMethod.btree, choices=None, db_column_name="id", secret=False)


class Visit(Table, tablename="visit", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False,
                index_method=IndexMethod.btree, choices=None, db_column_name="id", secret=False)


ID = "2026-12-03T06:09:52:978717"
VERSION = "1.38.0"
DESCRIPTION = "sync_conflict, assignment_history, visit log review flags"

LOG_KIND = {"CHECK_IN": "check_in", "CHECK_OUT": "check_out", "TASK": "task", "NOTE": "note"}


COLUMNS = {
    ("SyncConflict", "sync_conflict"): [
        ("client_uuid", Varchar, {"length": 64, "default": "", "unique": True, "index": True}),
        ("visit", *fk(Visit, OnDelete.cascade, index=True)),
        ("carer", *fk(Carer, OnDelete.set_null)),
        ("actor", *fk(User, OnDelete.set_null)),
        ("kind", Varchar, {"length": 16, "default": "", "choices": Enum("LogKind", LOG_KIND)}),
        ("reason", Varchar, {"length": 16, "default": ""}),
        ("explanation", Text, {"default": ""}),
        ("submitted", JSON, {"default": "{}"}),
        ("received_at", Timestamptz, {"default": TimestamptzNow()}),
    ],
    ("AssignmentHistory", "assignment_history"): [
        ("visit", *fk(Visit, OnDelete.cascade, index=True)),
        ("carer", *fk(Carer, OnDelete.cascade, index=True)),
        ("first_assigned_at", Timestamptz, {"default": TimestamptzNow()}),
    ],
    ("VisitLog", "visit_log"): [
        ("call_length", Varchar, {"length": 8, "default": "", "choices": Enum(
            "CallLength", {"AS_PLANNED": "", "SHORT": "short", "LONG": "long"})}),
        ("device_time_off", Boolean, {"default": False}),
    ],
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    for class_name, tablename in (("SyncConflict", "sync_conflict"), ("AssignmentHistory", "assignment_history")):
        manager.add_table(class_name=class_name, tablename=tablename, schema=None, columns=None)
    for (class_name, tablename), columns in COLUMNS.items():
        for name, column_class, given in columns:
            manager.add_column(
                table_class_name=class_name, tablename=tablename, column_name=name, db_column_name=name,
                column_class_name=column_class.__name__, column_class=column_class,
                params={"default": None, **params(**given)}, schema=None)
    return manager
