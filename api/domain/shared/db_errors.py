"""One reading of database errors for every area and both engines (sqlite3 and asyncpg).

Matched by class name so that neither driver has to be importable: SQLite raises
`IntegrityError` for unique, foreign key, not-null and check constraints alike (its message says
which), asyncpg names each violation.

`refusal` turns such an error into an answer in plain words for the API's last-resort handler:
the database's own message (table and constraint names, values) never reaches the client.
Services should have refused the value earlier with a 400 naming the field; this is the net.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_INTEGRITY = frozenset({"IntegrityError", "UniqueViolationError", "ForeignKeyViolationError",
                        "NotNullViolationError", "CheckViolationError"})
# SQLite raises OverflowError, asyncpg a DataError or one of its kinds, for a value the column
# cannot hold.
_OUT_OF_RANGE = frozenset({"DataError", "NumericValueOutOfRangeError", "InvalidTextRepresentationError",
                           "StringDataRightTruncationError", "DatetimeFieldOverflowError"})
# PostgreSQL refuses text it cannot store in its encoding (a NUL character, for one).
_BAD_TEXT = frozenset({"CharacterNotInRepertoireError", "UntranslatableCharacterError"})
_PG_KIND = {"UniqueViolationError": "unique", "ForeignKeyViolationError": "foreign_key",
            "NotNullViolationError": "not_null", "CheckViolationError": "check"}
_SQLITE_KIND = (("UNIQUE", "unique"), ("PRIMARY KEY", "unique"), ("FOREIGN KEY", "foreign_key"),
                ("NOT NULL", "not_null"), ("CHECK", "check"))
_SQLITE_COLUMN = re.compile(r"constraint failed: \w+\.(\w+)")  # "UNIQUE constraint failed: user.username"
_PG_KEY = re.compile(r"Key \((\w+)\)")  # "Key (client)=(9) is not present in table ..."


def is_integrity_error(exc: BaseException) -> bool:
    """A unique, foreign key, not-null or check constraint refused the write."""
    return type(exc).__name__ in _INTEGRITY


def is_out_of_range(exc: BaseException) -> bool:
    """A value the column cannot hold (a number too large, text that is not a number)."""
    return isinstance(exc, OverflowError) or type(exc).__name__ in _OUT_OF_RANGE


def integrity_kind(exc: BaseException) -> str | None:
    """'unique', 'foreign_key', 'not_null' or 'check' (None when the engine does not say)."""
    name = type(exc).__name__
    if name in _PG_KIND:
        return _PG_KIND[name]
    text = str(exc)
    return next((kind for marker, kind in _SQLITE_KIND if marker in text), None)


def _column(exc: BaseException) -> str | None:
    column = getattr(exc, "column_name", None)
    if column:
        return column
    match = _PG_KEY.search(getattr(exc, "detail", None) or "") or _SQLITE_COLUMN.search(str(exc))
    return match.group(1) if match else None


@dataclass(frozen=True)
class Refusal:
    status_code: int
    field: str | None
    reason: str

    def body(self) -> dict:
        if self.status_code != 400:
            return {"status_code": self.status_code, "detail": self.reason}
        key = self.field or "body"
        return {"status_code": 400, "detail": f"Validation failed: {key}: {self.reason}",
                "extra": [{"key": key, "message": self.reason, "source": "body"}]}


def refusal(exc: BaseException) -> Refusal | None:
    """The plain-words answer to a database refusal, or None when `exc` is not one."""
    if type(exc).__name__ in _BAD_TEXT:
        return Refusal(400, None, "a text contains a character that cannot be stored (such as NUL)")
    if is_out_of_range(exc):
        return Refusal(400, None, "a value is too large or not of the right kind to be stored")
    if not is_integrity_error(exc):
        return None
    kind, column = integrity_kind(exc), _column(exc)
    if kind == "unique":
        what = f" with this {column}" if column else ""
        return Refusal(409, column, f"a record{what} already exists")
    if kind == "foreign_key":
        # Foreign key columns are `client`, `carer`...; the API calls the fields `client_id`...
        field = f"{column}_id" if column and not column.endswith("_id") else column
        return Refusal(400, field, "refers to a record that does not exist")
    if kind == "not_null":
        return Refusal(400, column, "is required")
    return Refusal(400, column, "is not an allowed value")
