"""Solver jobs carry a heartbeat and the worker that runs them, so a dead worker's job is failed."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T06:25:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "solver job heartbeat and worker"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_column(
        table_class_name="SolverJob", tablename="solver_job", column_name="heartbeat_at",
        db_column_name="heartbeat_at", column_class_name="Timestamptz", column_class=Timestamptz,
        params={"default": None, "null": True, "primary_key": False, "unique": False,
                "index": False, "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
                "secret": False},
        schema=None,
    )
    manager.add_column(
        table_class_name="SolverJob", tablename="solver_job", column_name="worker",
        db_column_name="worker", column_class_name="Varchar", column_class=Varchar,
        params={"length": 128, "default": "", "null": False, "primary_key": False,
                "unique": False, "index": False, "index_method": IndexMethod.btree, "choices": None,
                "db_column_name": None, "secret": False},
        schema=None,
    )
    return manager
