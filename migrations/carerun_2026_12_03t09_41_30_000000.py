"""Issue 11, carer records: e-mail, employment dates, DBS certificate number and renewal date,
right-to-work check date, and for drivers the driving licence and business insurance expiry."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Date, Varchar

from migrations.column_helpers import params

ID = "2026-12-03T09:41:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "carer employment and checks"

TEXT = {"email": 128, "dbs_number": 32}
DATES = ("employment_start", "employment_end", "dbs_renewal_on", "right_to_work_checked_on",
         "driving_licence_expires_on", "business_insurance_expires_on")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    for name, length in TEXT.items():
        manager.add_column(table_class_name="Carer", tablename="carer", column_name=name, db_column_name=name,
                           column_class_name="Varchar", column_class=Varchar,
                           params=params(length=length, default=""), schema=None)
    for name in DATES:
        manager.add_column(table_class_name="Carer", tablename="carer", column_name=name, db_column_name=name,
                           column_class_name="Date", column_class=Date,
                           params=params(default=None, null=True), schema=None)
    return manager
