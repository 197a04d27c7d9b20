"""Piccolo's SQLite engine with reused connections and the file in WAL mode.

Piccolo opens a new aiosqlite connection (a new thread, a file open, a PRAGMA) for every query
outside a transaction; under load that was most of a request's cost. Here those queries borrow
an idle connection instead. The connections run in autocommit mode (isolation_level=None), so
one left idle holds no lock and no snapshot. Transactions keep Piccolo's own connection.

Only a server reuses connections, between its startup and shutdown (start_reuse / close_idle):
an idle connection keeps a non-daemon thread alive, which would stop a CLI command or a
solver worker from exiting. The free list is a plain list, not an asyncio queue, so it works
from any event loop.
"""

from __future__ import annotations

import os

import aiosqlite
from piccolo.engine.sqlite import SQLiteEngine, dict_factory

IDLE_CONNECTIONS = 8


class PooledSQLiteEngine(SQLiteEngine):
    def __init__(self, path: str, busy_timeout_s: float, **kwargs) -> None:
        super().__init__(path=path, timeout=busy_timeout_s, **kwargs)
        self._idle: list[aiosqlite.Connection] = []
        self._pid = os.getpid()
        self._reuse = False

    def start_reuse(self) -> None:
        self._reuse = True

    async def _borrow(self) -> aiosqlite.Connection:
        if self._pid != os.getpid():  # a forked child must not share its parent's connections
            self._idle, self._pid = [], os.getpid()
        if self._idle:
            return self._idle.pop()
        connection = await aiosqlite.connect(**self.connection_kwargs)
        connection.row_factory = dict_factory
        await connection.execute("PRAGMA foreign_keys = 1")
        return connection

    async def _give_back(self, connection: aiosqlite.Connection) -> None:
        if self._reuse and len(self._idle) < IDLE_CONNECTIONS and not connection.in_transaction:
            self._idle.append(connection)
        else:
            await connection.close()

    async def _run_in_new_connection(self, query, args=None, query_type="generic", table=None):
        connection = await self._borrow()
        try:
            async with connection.execute(query, args or []) as cursor:
                rows = await cursor.fetchall()
        except BaseException:
            await connection.close()  # a failed statement may leave state behind: do not reuse
            raise
        await self._give_back(connection)
        return rows

    async def enable_wal(self) -> None:
        """WAL lets readers go on while one writer writes; it is a property of the file, set once."""
        await self.run_ddl("PRAGMA journal_mode=WAL")

    async def close_idle(self) -> None:
        self._reuse = False
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.close()

