"""Issue 11, client records: preferred name, date of birth, status reason,
communication needs and allergies on the client; a reason on each preferred or excluded carer;
and the client's contacts (next of kin, family, social worker, GP) with what each may be told."""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import Date, ForeignKey, Integer, Serial, Text, Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

from migrations.column_helpers import params

ID = "2026-12-03T08:25:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "client records: more client fields, preference reasons, contacts"


class Client(Table, tablename="client", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False,
                index_method=IndexMethod.btree, choices=None, db_column_name="id", secret=False)


CONTACT_KIND = Enum("ContactKind", {"NEXT_OF_KIN": "next_of_kin", "FAMILY": "family",
                                    "SOCIAL_WORKER": "social_worker", "GP": "gp", "OTHER": "other"})


def _add(manager, class_name: str, tablename: str, name: str, column_class, **given) -> None:
    column = {"default": "", **params(**given)}
    if column_class is ForeignKey:
        column.pop("default")
    manager.add_column(
        table_class_name=class_name, tablename=tablename, column_name=name, db_column_name=name,
        column_class_name=column_class.__name__, column_class=column_class,
        params=column, schema=None,
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    _add(manager, "Client", "client", "preferred_name", Varchar, length=128)
    _add(manager, "Client", "client", "date_of_birth", Date, default=None, null=True)
    _add(manager, "Client", "client", "status_reason", Varchar, length=255)
    _add(manager, "Client", "client", "communication_needs", Text)
    _add(manager, "Client", "client", "allergies", Text)
    _add(manager, "ClientCarerPreference", "client_carer_preference", "reason", Varchar, length=255)

    manager.add_table(class_name="ClientContact", tablename="client_contact", schema=None, columns=None)
    _add(manager, "ClientContact", "client_contact", "client", ForeignKey,
         references=Client, on_delete=OnDelete.cascade, on_update=OnUpdate.cascade,
         target_column=None, null=True, index=True)
    _add(manager, "ClientContact", "client_contact", "kind", Varchar, length=16, choices=CONTACT_KIND)
    _add(manager, "ClientContact", "client_contact", "name", Varchar, length=128)
    _add(manager, "ClientContact", "client_contact", "relationship", Varchar, length=64)
    _add(manager, "ClientContact", "client_contact", "phone", Varchar, length=32)
    _add(manager, "ClientContact", "client_contact", "email", Varchar, length=128)
    _add(manager, "ClientContact", "client_contact", "may_be_told", Varchar, length=255)
    _add(manager, "ClientContact", "client_contact", "position", Integer, default=0)
    return manager
