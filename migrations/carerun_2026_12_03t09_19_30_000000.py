"""An index on visit_log(visit): the reports and the call records read the check-ins and
check-outs of a range of calls by joining them to their calls; without it every report read the
whole log (1.4 M rows for a year at 2,000 calls a day: 1.4 s a query on PostgreSQL)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-03T09:19:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "index visit_log by visit"


async def _create() -> None:
    await engine_finder().run_ddl("CREATE INDEX IF NOT EXISTS visit_log_visit ON visit_log (visit)")


async def _drop() -> None:
    await engine_finder().run_ddl("DROP INDEX IF EXISTS visit_log_visit")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_raw(_create)
    manager.add_raw_backwards(_drop)
    return manager
