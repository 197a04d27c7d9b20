"""Issue 11, qualifications and training: each qualification record has a kind (qualification,
training, skill), a course, its evidence and a version; training sessions take a carer off the
rota for part of a day. Existing records are
skills (an empty course reads as the skill they back)."""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import Boolean, Date, ForeignKey, Integer, Serial, Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

from migrations.column_helpers import fk_params, params

ID = "2026-12-03T09:16:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "qualification kinds, courses and evidence; training sessions"


class Carer(Table, tablename="carer", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False,
                index_method=IndexMethod.btree, choices=None, db_column_name="id", secret=False)


class User(Table, tablename="app_user", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False,
                index_method=IndexMethod.btree, choices=None, db_column_name="id", secret=False)


KIND = Enum("TrainingKind", {"QUALIFICATION": "qualification", "TRAINING": "training", "SKILL": "skill"})


def _add(manager, class_name: str, tablename: str, name: str, column_class, **given) -> None:
    column = {"default": "", **params(**given)}
    if column_class is ForeignKey:
        column.pop("default")
    manager.add_column(table_class_name=class_name, tablename=tablename, column_name=name,
                       db_column_name=name, column_class_name=column_class.__name__,
                       column_class=column_class, params=column, schema=None)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    _add(manager, "Qualification", "qualification", "kind", Varchar, length=16, default="skill", choices=KIND)
    _add(manager, "Qualification", "qualification", "course", Varchar, length=64)
    _add(manager, "Qualification", "qualification", "evidence", Varchar, length=255)
    _add(manager, "Qualification", "qualification", "version", Integer, default=1)

    manager.add_table(class_name="TrainingSession", tablename="training_session", schema=None, columns=None)
    _add(manager, "TrainingSession", "training_session", "carer", ForeignKey,
         **fk_params(Carer, OnDelete.cascade, index=True))
    _add(manager, "TrainingSession", "training_session", "course", Varchar, length=64)
    _add(manager, "TrainingSession", "training_session", "date", Date, default=None, index=True)
    _add(manager, "TrainingSession", "training_session", "start_minute", Integer, default=0)
    _add(manager, "TrainingSession", "training_session", "end_minute", Integer, default=0)
    _add(manager, "TrainingSession", "training_session", "notes", Varchar, length=255)
    _add(manager, "TrainingSession", "training_session", "booked_by", ForeignKey, **fk_params(User, OnDelete.set_null))
    _add(manager, "TrainingSession", "training_session", "cancelled", Boolean, default=False)
    _add(manager, "TrainingSession", "training_session", "version", Integer, default=1)
    return manager
