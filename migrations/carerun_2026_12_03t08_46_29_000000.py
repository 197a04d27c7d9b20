"""Issue 11, care plans: person-centred outcomes and a review schedule on the plan, the call
type a task is done at, and risk assessments with a review date."""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import Boolean, Date, ForeignKey, Integer, Serial, Text, Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

from migrations.column_helpers import fk_params, params

ID = "2026-12-03T08:46:29:000000"
VERSION = "1.38.0"
DESCRIPTION = "care plan outcomes and reviews, task call types, risk assessments"


class Client(Table, tablename="client", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False,
                index_method=IndexMethod.btree, choices=None, db_column_name="id", secret=False)


class User(Table, tablename="app_user", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False,
                index_method=IndexMethod.btree, choices=None, db_column_name="id", secret=False)


RISK_KIND = Enum("RiskKind", {"FALLS": "falls", "MOVING_HANDLING": "moving_handling",
                              "MEDICATION": "medication", "ENVIRONMENT": "environment", "OTHER": "other"})
SEVERITY = Enum("Severity", {"LOW": "low", "MEDIUM": "medium", "HIGH": "high"})


def _add(manager, class_name: str, tablename: str, name: str, column_class, **given) -> None:
    column = {"default": "", **params(**given)}
    if column_class is ForeignKey:
        column.pop("default")
    manager.add_column(table_class_name=class_name, tablename=tablename, column_name=name,
                       db_column_name=name, column_class_name=column_class.__name__,
                       column_class=column_class, params=column, schema=None)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    _add(manager, "CarePlan", "care_plan", "outcomes", Text)
    _add(manager, "CarePlan", "care_plan", "review_interval_weeks", Integer, default=26)
    _add(manager, "CarePlan", "care_plan", "last_reviewed_on", Date, default=None, null=True)
    _add(manager, "CarePlan", "care_plan", "next_review_on", Date, default=None, null=True)
    _add(manager, "CarePlanTask", "care_plan_task", "call_type", Varchar, length=16)

    manager.add_table(class_name="RiskAssessment", tablename="risk_assessment", schema=None, columns=None)
    _add(manager, "RiskAssessment", "risk_assessment", "client", ForeignKey,
         **fk_params(Client, OnDelete.cascade, index=True))
    _add(manager, "RiskAssessment", "risk_assessment", "kind", Varchar, length=24, choices=RISK_KIND)
    _add(manager, "RiskAssessment", "risk_assessment", "level", Varchar, length=16, default="low", choices=SEVERITY)
    _add(manager, "RiskAssessment", "risk_assessment", "hazards", Text)
    _add(manager, "RiskAssessment", "risk_assessment", "controls", Text)
    _add(manager, "RiskAssessment", "risk_assessment", "assessed_on", Date, default=None, null=False)
    _add(manager, "RiskAssessment", "risk_assessment", "review_on", Date, default=None, null=False, index=True)
    _add(manager, "RiskAssessment", "risk_assessment", "assessed_by", ForeignKey, **fk_params(User, OnDelete.set_null))
    _add(manager, "RiskAssessment", "risk_assessment", "active", Boolean, default=True)
    _add(manager, "RiskAssessment", "risk_assessment", "version", Integer, default=1)
    return manager
