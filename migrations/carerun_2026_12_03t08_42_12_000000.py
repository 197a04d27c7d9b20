"""Urgent response (issue 14): urgent requests, the offers made to carers, and the nightly
out-of-hours team."""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    JSON, Date, Float, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

from migrations.column_helpers import fk, params


def _stub(name: str, tablename: str):
    return type(name, (Table,), {"id": Serial(null=False, primary_key=True, unique=False, index=False,
                                              index_method=IndexMethod.btree, choices=None,
                                              db_column_name="id", secret=False)},
                tablename=tablename, schema=None)


User = _stub("User", "app_user")
Client = _stub("Client", "client")
Carer = _stub("Carer", "carer")
Visit = _stub("Visit", "visit")
UrgentRequestStub = _stub("UrgentRequest", "urgent_request")

ID = "2026-12-03T08:42:12:000000"
VERSION = "1.38.0"
DESCRIPTION = "urgent_request, urgent_offer, out_of_hours_shift"


def _choices(name: str, values: dict) -> type:
    return Enum(name, values)


NEED = _choices("UrgentNeed", {"FALL_NO_INJURY": "fall_no_injury", "FALL_INJURY": "fall_injury",
                               "PENDANT_ALARM": "pendant_alarm", "PERSONAL_CARE": "personal_care",
                               "WELFARE_CHECK": "welfare_check", "SHORT_NOTICE_PACKAGE": "short_notice_package",
                               "OTHER": "other"})
STATUS = _choices("UrgentStatus", {"OPEN": "open", "OFFERED": "offered", "ACCEPTED": "accepted",
                                   "CANCELLED": "cancelled"})
OFFER = _choices("OfferStatus", {"PENDING": "pending", "ACCEPTED": "accepted", "DECLINED": "declined",
                                 "EXPIRED": "expired", "WITHDRAWN": "withdrawn"})
ROLE = _choices("OutOfHoursRole", {"PLANNER": "planner", "CARER": "carer"})

TABLES = {
    ("UrgentRequest", "urgent_request"): [
        ("client", *fk(Client, OnDelete.set_null)),
        ("person_name", Varchar, {"length": 128, "default": ""}),
        ("address", Varchar, {"length": 255, "default": ""}),
        ("town", Varchar, {"length": 64, "default": ""}),
        ("lat", Float, {"default": 0.0}),
        ("lon", Float, {"default": 0.0}),
        ("access_details", Text, {"default": ""}),
        ("what_happened", Text, {"default": ""}),
        ("need", Varchar, {"length": 32, "default": "", "choices": NEED}),
        ("required_skills", JSON, {"default": "[]"}),
        ("carers_required", Integer, {"default": 1}),
        ("duration_minutes", Integer, {"default": 45}),
        ("respond_within_minutes", Integer, {"default": 60}),
        ("status", Varchar, {"length": 16, "default": "open", "choices": STATUS}),
        ("received_at", Timestamptz, {"default": TimestamptzNow()}),
        ("dispatched_at", Timestamptz, {"default": None, "null": True}),
        ("accepted_at", Timestamptz, {"default": None, "null": True}),
        ("visit", *fk(Visit, OnDelete.set_null)),
        ("calls_made_late", Integer, {"default": 0}),
        ("minutes_made_late", Integer, {"default": 0}),
        ("parent", *fk(UrgentRequestStub, OnDelete.set_null)),
        ("client_uuid", Varchar, {"length": 64, "default": None, "null": True, "unique": True}),
        ("created_by", *fk(User, OnDelete.set_null)),
        ("version", Integer, {"default": 1}),
    ],
    ("UrgentOffer", "urgent_offer"): [
        ("request", ForeignKey, {"references": UrgentRequestStub, "on_delete": OnDelete.cascade,
                                 "on_update": OnUpdate.cascade, "target_column": None, "index": True}),
        ("carer", ForeignKey, {"references": Carer, "on_delete": OnDelete.cascade,
                               "on_update": OnUpdate.cascade, "target_column": None, "index": True}),
        ("status", Varchar, {"length": 16, "default": "pending", "choices": OFFER}),
        ("offered_at", Timestamptz, {"default": TimestamptzNow()}),
        ("expires_at", Timestamptz, {"default": TimestamptzNow()}),
        ("answered_at", Timestamptz, {"default": None, "null": True}),
        ("answer_uuid", Varchar, {"length": 64, "default": None, "null": True, "unique": True}),
        ("decline_reason", Varchar, {"length": 255, "default": ""}),
        ("eta_minutes", Integer, {"default": 0}),
        ("offered_by", *fk(User, OnDelete.set_null)),
    ],
    ("OutOfHoursShift", "out_of_hours_shift"): [
        ("date", Date, {"default": None, "index": True}),
        ("role", Varchar, {"length": 16, "default": "", "choices": ROLE}),
        ("user", *fk(User, OnDelete.cascade)),
        ("carer", *fk(Carer, OnDelete.cascade)),
    ],
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    for class_name, tablename in TABLES:
        manager.add_table(class_name=class_name, tablename=tablename, schema=None, columns=None)
    for (class_name, tablename), columns in TABLES.items():
        for name, column_class, given in columns:
            manager.add_column(
                table_class_name=class_name, tablename=tablename, column_name=name, db_column_name=name,
                column_class_name=column_class.__name__, column_class=column_class,
                params={"default": None, **params(**given)}, schema=None)
    return manager
