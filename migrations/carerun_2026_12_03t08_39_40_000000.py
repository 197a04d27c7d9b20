"""Issue 11, standing weekly pattern: each client default is in force between two dates
(effective_from, effective_until; empty = open), so a change from next Monday leaves this
week's calls alone; and a pattern version on the client, for saving the whole week at once."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Date, Integer

from migrations.column_helpers import params

ID = "2026-12-03T08:39:40:000000"
VERSION = "1.38.0"
DESCRIPTION = "effective-dated client defaults, client pattern version"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    for name in ("effective_from", "effective_until"):
        manager.add_column(
            table_class_name="ClientDefault", tablename="client_default", column_name=name,
            db_column_name=name, column_class_name="Date", column_class=Date,
            params=params(default=None, null=True), schema=None,
        )
    manager.add_column(
        table_class_name="Client", tablename="client", column_name="pattern_version",
        db_column_name="pattern_version", column_class_name="Integer", column_class=Integer,
        params=params(default=1), schema=None,
    )
    return manager
