"""Client defaults: a double-up's parts and a rule to the client's call before (issue 15)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON

from migrations.column_helpers import params

ID = "2026-12-03T12:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "client default parts and link to the call before"


COLUMNS = {
    "parts": (JSON, params(default="[]")),
    "link_to_previous": (JSON, params(default="{}")),
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    for name, (column_class, params) in COLUMNS.items():
        manager.add_column(
            table_class_name="ClientDefault", tablename="client_default", column_name=name, db_column_name=name,
            column_class_name=column_class.__name__, column_class=column_class, params=params, schema=None,
        )
    return manager
