"""Database lifecycle: apply or undo migrations, open and close the connection pool."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.backwards import run_backwards
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.finder import engine_finder

APP_NAME = "carerun"


async def migrate_forwards(quiet: bool = True) -> None:
    if engine().engine_type == "sqlite":
        await engine().enable_wal()
    out = io.StringIO()
    with contextlib.redirect_stdout(out) if quiet else contextlib.nullcontext():
        result = await run_forwards(app_name=APP_NAME, migration_id="all")
    if not result.success:
        raise RuntimeError(f"migrations failed: {result.message}\n{out.getvalue()}")
    if engine().engine_type == "postgres":
        from api.domain.rostering.job_queue import ensure_queue_schema

        await ensure_queue_schema()


async def migrate_backwards(quiet: bool = True) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out) if quiet else contextlib.nullcontext():
        result = await run_backwards(app_name=APP_NAME, migration_id="all", auto_agree=True)
    if not result.success:
        raise RuntimeError(f"migrations failed: {result.message}\n{out.getvalue()}")


def engine():
    return engine_finder()


def is_postgres() -> bool:
    return engine().engine_type == "postgres"


async def open_pool() -> None:
    if is_postgres():
        await engine().start_connection_pool(max_size=10)
    else:
        engine().start_reuse()


async def close_pool() -> None:
    if is_postgres():
        from api.domain.shared import fast_read

        await fast_read.close()
        await engine().close_connection_pool()
    else:
        await engine().close_idle()


async def ping() -> bool:
    try:
        await engine().run_ddl("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - health reports any failure as unreachable
        return False


def write_transaction():
    """A transaction for writes: on SQLite take the write lock up front (BEGIN IMMEDIATE)
    so concurrent writers wait for each other instead of failing mid-way."""
    db = engine()
    if db.engine_type == "sqlite":
        from piccolo.engine.sqlite import TransactionType

        return db.transaction(transaction_type=TransactionType.immediate)
    return db.transaction()
