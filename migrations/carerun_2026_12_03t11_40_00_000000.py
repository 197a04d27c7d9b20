"""Career progression (issue 11 point 7): the career map's roles and each carer's role history."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import JSON, Date, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow

from migrations.column_helpers import add_tables, fk, params

ID = "2026-12-03T11:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "career roles and carers' role history"


TABLES = {
    ("CareerRole", "career_role"): {
        "code": (Varchar, params(length=64, default="", unique=True)),
        "name": (Varchar, params(length=128, default="")),
        "rank": (Integer, params(default=0)),
        "requires": (JSON, params(default="[]")),
        "next_roles": (JSON, params(default="[]")),
        "also_asks": (Text, params(default="")),
        "version": (Integer, params(default=1)),
    },
    ("CarerRole", "carer_role"): {
        "carer": fk("carer", OnDelete.cascade, null=False, index=True),
        "role": fk("career_role", OnDelete.cascade, null=False),
        "effective_from": (Date, params(default=None)),
        "notes": (Varchar, params(length=255, default="")),
        "recorded_by": fk("app_user", OnDelete.set_null),
        "recorded_at": (Timestamptz, params(default=TimestamptzNow())),
    },
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    add_tables(manager, TABLES)
    return manager
