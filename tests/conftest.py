"""Shared fixtures: a real database (SQLite file by default, PostgreSQL when DATABASE_URL
points at it), migrated once per session and emptied before each test, and the app under
Litestar's test client. Tests talk to the app through its HTTP API."""

from __future__ import annotations

import os
import tempfile

_tmp = tempfile.mkdtemp(prefix="carerun-test-")
os.environ.setdefault("CARERUN_VAR_DIR", _tmp)
os.environ.setdefault("CARERUN_ROLLING_SCHEDULER", "off")  # tests start the daily roll themselves
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/test.sqlite"

import pytest  # noqa: E402
from litestar.testing import TestClient  # noqa: E402

import api  # noqa: E402,F401
from api.app import create_app  # noqa: E402
from api.domain.notify.endpoint_policy import ALLOW_LOOPBACK_ENV  # noqa: E402
from api.domain.shared.db import engine, migrate_backwards, migrate_forwards  # noqa: E402
from api.domain.tables import ALL_TABLES  # noqa: E402

from tests.support.factories import Factory  # noqa: E402
from tests.support.push_receiver import PushReceiver  # noqa: E402


async def _fresh_schema() -> None:
    # PostgreSQL is shared between runs: undo whatever an earlier run left, then migrate.
    if engine().engine_type == "postgres":
        await engine().run_ddl("DROP SCHEMA public CASCADE")
        await engine().run_ddl("CREATE SCHEMA public")
    await migrate_forwards()


async def _empty_tables() -> None:
    # One transaction: on SQLite one commit instead of one per table (about 3x faster).
    async with engine().transaction():
        for table in reversed(ALL_TABLES):
            await table.delete(force=True)


@pytest.fixture(scope="session")
def client():
    with TestClient(app=create_app(), raise_server_exceptions=False) as test_client:
        test_client.blocking_portal.call(_fresh_schema)
        yield test_client


@pytest.fixture
def run(client):
    """Run an async domain function on the app's event loop (for setting up data)."""

    def _run(fn, *args, **kwargs):
        return client.blocking_portal.call(lambda: fn(*args, **kwargs))

    return _run


@pytest.fixture(autouse=True)
def _clean_db(request):
    if "client" in request.fixturenames or "factory" in request.fixturenames:
        client = request.getfixturevalue("client")
        client.blocking_portal.call(_empty_tables)
    yield


@pytest.fixture
def empty_tables(run):
    """Empty every table again in the middle of a test (as before each test)."""

    def _empty():
        run(_empty_tables)

    return _empty


@pytest.fixture
def factory(client, run) -> Factory:
    return Factory(client, run)


@pytest.fixture
def loopback_push_allowed(monkeypatch):
    """Let push endpoints be http on loopback for this test (a test-only setting; servers refuse
    them as request forgery)."""
    monkeypatch.setenv(ALLOW_LOOPBACK_ENV, "1")


@pytest.fixture
def receiver(loopback_push_allowed):
    """A local Web Push service on loopback that decrypts what it receives."""
    r = PushReceiver()
    yield r
    r.close()


@pytest.fixture(scope="session")
def migrations_roundtrip():
    """Undo then redo every migration (used by the migration test)."""

    def _roundtrip(portal):
        portal.call(migrate_backwards)
        portal.call(migrate_forwards)

    return _roundtrip
