"""Plain SQL reads for the few queries every request makes (who is signing in, is a cached
answer still good), without the ORM's per-query cost.

Building a Piccolo query costs 1-3 ms of CPU (its column objects are copied and walked each
time), and on SQLite each query then hops to aiosqlite's thread and back. For a query that
the database answers in microseconds that was most of a carer's `GET /me/run`. Here:

- SQLite: a plain `sqlite3` connection per thread (`query_only`: it cannot write), queried on
  the event loop itself. In WAL mode a reader never waits for a writer, and these are single-row
  lookups by primary or unique key, so the loop is held for tens of microseconds.
- PostgreSQL: asyncpg straight from the engine's pool (it prepares each statement once per
  connection).

Only for short keyed lookups outside transactions; everything else uses Piccolo. SQL is
written with `?` placeholders (numbered for PostgreSQL here) and must contain no literal `?`.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from urllib.parse import quote

from api.domain.shared.db import engine

_local = threading.local()


@functools.lru_cache(maxsize=256)
def _numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, ...`."""
    parts = sql.split("?")
    return "".join(p + (f"${i}" if i < len(parts) else "") for i, p in enumerate(parts, 1))


def _sqlite_connection(db) -> sqlite3.Connection:
    """This thread's read-only connection to the engine's file (reopened after a fork). Opened
    `mode=rw` (never creates the file) with `query_only`: a `mode=ro` connection cannot open a
    WAL file that no writer has open."""
    key = (db.path, os.getpid())
    if getattr(_local, "key", None) != key:
        kwargs = db.connection_kwargs
        connection = sqlite3.connect(
            f"file:{quote(os.path.abspath(db.path))}?mode=rw", uri=True, timeout=kwargs.get("timeout", 5.0),
            detect_types=kwargs.get("detect_types", 0), isolation_level=None,
        )
        connection.execute("PRAGMA query_only = 1")
        _local.connection, _local.key = connection, key
    return _local.connection


async def fetch_one(sql: str, *args) -> tuple | None:
    """The first row of a read (a tuple in the order of the SELECT), or None."""
    db = engine()
    if db.engine_type == "sqlite":
        return _sqlite_connection(db).execute(sql, args).fetchone()
    if db.pool is not None:
        async with db.pool.acquire() as connection:
            row = await connection.fetchrow(_numbered(sql), *args)
    else:  # a CLI command or a test without the server's pool
        connection = await db.get_new_connection()
        try:
            row = await connection.fetchrow(_numbered(sql), *args)
        finally:
            await connection.close()
    return None if row is None else tuple(row)
