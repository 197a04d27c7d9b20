"""Plain SQL reads for the few queries every request makes (who is signing in, is a cached
answer still good), without the ORM's per-query cost.

Building a Piccolo query costs 1-3 ms of CPU (its column objects are copied and walked each
time), and on SQLite each query then hops to aiosqlite's thread and back. For a query that
the database answers in microseconds that was most of a carer's `GET /me/run`. Here:

- SQLite: a plain `sqlite3` connection per thread (`query_only`: it cannot write), queried on
  the event loop itself. In WAL mode a reader never waits for a writer, and these are single-row
  lookups by primary or unique key, so the loop is held for tens of microseconds.
- PostgreSQL: asyncpg connections of its own (a few per process and event loop), kept open and
  never reset: only these reads run on them, which leave no session state. A connection taken
  from the engine's pool is reset on its way back (`RESET ALL; UNLISTEN *; ...`), a second round
  trip that doubled each read. asyncpg prepares each statement once per connection.

Only for short keyed lookups outside transactions; everything else uses Piccolo. SQL is
written with `?` placeholders (numbered for PostgreSQL here) and must contain no literal `?`.
"""

from __future__ import annotations

import asyncio
import functools
import os
import sqlite3
import threading
import weakref
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


PG_CONNECTIONS = 4  # per process and event loop: a read takes well under a millisecond


class _PgReaders:
    """A few asyncpg connections for these reads only, on one event loop."""

    def __init__(self) -> None:
        self.idle: list = []
        self.slots = asyncio.Semaphore(PG_CONNECTIONS)

    async def fetch_one(self, db, sql: str, args: tuple):
        async with self.slots:
            connection = self.idle.pop() if self.idle else await db.get_new_connection()
            try:
                row = await connection.fetchrow(sql, *args)
            except BaseException:
                connection.terminate()  # a broken or cancelled read: do not reuse the connection
                raise
            self.idle.append(connection)
            return row

    async def close(self) -> None:
        idle, self.idle = self.idle, []
        for connection in idle:
            await connection.close()


_pg_readers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _readers() -> _PgReaders:
    loop = asyncio.get_running_loop()
    readers = _pg_readers.get(loop)
    if readers is None or getattr(readers, "pid", None) != os.getpid():
        readers = _pg_readers[loop] = _PgReaders()
        readers.pid = os.getpid()
    return readers


async def fetch_one(sql: str, *args) -> tuple | None:
    """The first row of a read (a tuple in the order of the SELECT), or None."""
    db = engine()
    if db.engine_type == "sqlite":
        return _sqlite_connection(db).execute(sql, args).fetchone()
    row = await _readers().fetch_one(db, _numbered(sql), args)
    return None if row is None else tuple(row)


async def close() -> None:
    """Close this event loop's PostgreSQL read connections (the server's shutdown)."""
    readers = _pg_readers.pop(asyncio.get_running_loop(), None)
    if readers is not None:
        await readers.close()
