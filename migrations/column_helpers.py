"""Column helpers shared by the hand-written migrations.

No ``ID`` here on purpose: Piccolo imports every module in this folder and keeps only those with
an ``ID``, so this one is skipped as a migration. Migrations import it as
``migrations.column_helpers`` (the package is installed), which works both from the repository
and from an installed copy.
"""

from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import ForeignKey, Serial
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


def ref(tablename: str) -> type[Table]:
    """The referenced table as the migration sees it: only its primary key."""
    return type(tablename.title().replace("_", ""), (Table,), {"id": Serial(primary_key=True)},
                tablename=tablename)


def params(**extra) -> dict:
    """A column's full parameters: Piccolo's plain defaults overridden by ``extra``."""
    return {"null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **extra}


def fk_params(references: str | type[Table], on_delete: OnDelete = OnDelete.set_null, null: bool = True,
              index: bool = False) -> dict:
    """A foreign key's full parameters: to ``references`` (a table, or a tablename to stand one in
    with ``ref``), updated in cascade, nullable and unindexed unless told."""
    table = ref(references) if isinstance(references, str) else references
    return params(references=table, on_delete=on_delete, on_update=OnUpdate.cascade, target_column=None,
                  null=null, index=index)


def fk(references: str | type[Table], on_delete: OnDelete = OnDelete.set_null, null: bool = True,
       index: bool = False) -> tuple:
    """``(ForeignKey, params)`` for one column, as ``fk_params`` describes."""
    return ForeignKey, fk_params(references, on_delete, null=null, index=index)


def add_tables(manager, tables: dict) -> None:
    """Add each new table of ``tables`` ({(class name, tablename): {column: (class, params)}})
    with its columns, in order, to the migration's ``manager``."""
    for (class_name, tablename), columns in tables.items():
        manager.add_table(class_name=class_name, tablename=tablename, schema=None, columns=None)
        for name, (column_class, column_params) in columns.items():
            manager.add_column(
                table_class_name=class_name, tablename=tablename, column_name=name, db_column_name=name,
                column_class_name=column_class.__name__, column_class=column_class, params=column_params,
                schema=None,
            )
