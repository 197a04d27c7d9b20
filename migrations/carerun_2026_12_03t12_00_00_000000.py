"""Client defaults: a double-up's parts and a rule to the client's call before (issue 15)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T12:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "client default parts and link to the call before"


def _params(**extra) -> dict:
    return {"null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **extra}


COLUMNS = {
    "parts": (JSON, _params(default="[]")),
    "link_to_previous": (JSON, _params(default="{}")),
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    for name, (column_class, params) in COLUMNS.items():
        manager.add_column(
            table_class_name="ClientDefault", tablename="client_default", column_name=name, db_column_name=name,
            column_class_name=column_class.__name__, column_class=column_class, params=params, schema=None,
        )
    return manager
