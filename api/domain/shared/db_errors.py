"""One reading of database errors for every area and both engines (sqlite3 and asyncpg).

Matched by class name so that neither driver has to be importable: SQLite raises
`IntegrityError` for unique and foreign keys alike, asyncpg names each violation.
"""

from __future__ import annotations

_INTEGRITY = frozenset({"IntegrityError", "UniqueViolationError", "ForeignKeyViolationError"})
# SQLite raises OverflowError, asyncpg a DataError or one of its kinds, for a value the column
# cannot hold.
_OUT_OF_RANGE = frozenset({"DataError", "NumericValueOutOfRangeError", "InvalidTextRepresentationError"})


def is_integrity_error(exc: BaseException) -> bool:
    """A unique or foreign key constraint refused the write."""
    return type(exc).__name__ in _INTEGRITY


def is_out_of_range(exc: BaseException) -> bool:
    """A value the column cannot hold (a number too large, text that is not a number)."""
    return isinstance(exc, OverflowError) or type(exc).__name__ in _OUT_OF_RANGE
