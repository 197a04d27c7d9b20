"""Reports (issue 13): a client's funder (the funder filter and the invoice export) and a
carer's birth date (the minimum wage band)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Date, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T08:20:53:000000"
VERSION = "1.38.0"
DESCRIPTION = "client funder and carer birth date"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Client", tablename="client", column_name="funder",
        db_column_name="funder", column_class_name="Varchar", column_class=Varchar,
        params={"length": 32, "default": "other", "null": False, "primary_key": False,
                "unique": False, "index": False, "index_method": IndexMethod.btree, "choices": None,
                "db_column_name": None, "secret": False},
        schema=None,
    )
    manager.add_column(
        table_class_name="Carer", tablename="carer", column_name="birth_date",
        db_column_name="birth_date", column_class_name="Date", column_class=Date,
        params={"default": None, "null": True, "primary_key": False, "unique": False,
                "index": False, "index_method": IndexMethod.btree, "choices": None,
                "db_column_name": None, "secret": False},
        schema=None,
    )
    return manager
