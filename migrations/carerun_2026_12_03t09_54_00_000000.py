"""What happened on each visit (issue 12): client reviews and satisfaction surveys."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import JSON, Date, Integer, Text, Timestamptz
from piccolo.columns.defaults.timestamptz import TimestamptzNow

from migrations.column_helpers import add_tables, fk, params

ID = "2026-12-03T09:54:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "client reviews and satisfaction surveys"


TABLES = {
    ("ClientReview", "client_review"): {
        "client": fk("client", OnDelete.cascade, index=True), "scheduled_on": (Date, params(default=None, null=True)),
        "held_on": (Date, params(default=None, null=True)), "attended": (Text, params(default="")),
        "outcome": (Text, params(default="")), "care_plan_changes": (Text, params(default="")),
        "recorded_by": fk("app_user", OnDelete.set_null), "version": (Integer, params(default=1)),
    },
    ("SatisfactionSurvey", "satisfaction_survey"): {
        "client": fk("client", OnDelete.cascade, index=True), "taken_on": (Date, params(default=None, null=True)),
        "scores": (JSON, params(default="{}")), "comments": (Text, params(default="")),
        "recorded_by": fk("app_user", OnDelete.set_null), "created_at": (Timestamptz, params(default=TimestamptzNow())),
    },
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    add_tables(manager, TABLES)
    return manager
