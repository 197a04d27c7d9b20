"""What happened on each visit (issue 12): the communications log, the morning handover's
actioned items, complaints and compliments."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean, Date, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow

from migrations.column_helpers import add_tables, fk, params

ID = "2026-12-03T09:42:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "communications log, handover, complaints and compliments"


def _text() -> tuple:
    return Text, params(default="")


def _date() -> tuple:
    return Date, params(default=None, null=True)


def _now() -> tuple:
    return Timestamptz, params(default=TimestamptzNow())


TABLES = {
    ("Communication", "communication"): {
        "client": fk("client", index=True), "received_at": (Timestamptz, params(default=TimestamptzNow(), index=True)),
        "channel": (Varchar, params(length=16, default="phone")), "contact_from": (Varchar, params(length=16, default="")),
        "contact_name": (Varchar, params(length=128, default="")), "summary": _text(), "follow_up": _text(),
        "owner": fk("app_user"), "logged_by": fk("app_user"), "created_at": _now(),
    },
    ("HandoverDone", "handover_done"): {
        "item": (Varchar, params(length=64, default="", unique=True)), "actioned_by": fk("app_user"),
        "actioned_at": _now(),
    },
    ("Feedback", "feedback"): {
        "kind": (Varchar, params(length=16, default="")), "received_on": _date(),
        "raised_by": (Varchar, params(length=128, default="")), "raised_by_kind": (Varchar, params(length=16, default="")),
        "client": fk("client"), "carer": fk("carer"), "visit": fk("visit"), "summary": _text(),
        "acknowledge_by": _date(), "respond_by": _date(), "acknowledged_on": _date(), "investigation": _text(),
        "outcome": _text(), "responded_on": _date(), "satisfied": (Boolean, params(default=None, null=True)),
        "status": (Varchar, params(length=16, default="open")), "logged_by": fk("app_user"), "created_at": _now(),
        "version": (Integer, params(default=1)),
    },
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    add_tables(manager, TABLES)
    return manager
