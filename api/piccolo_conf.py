"""Piccolo configuration: the engine comes from DATABASE_URL (SQLite file by default)."""

from piccolo.conf.apps import AppRegistry

from api.settings import default_database_url
import os


def _engine():
    url = os.environ.get("DATABASE_URL") or default_database_url()
    if url.startswith(("postgres://", "postgresql://")):
        from piccolo.engine.postgres import PostgresEngine

        return PostgresEngine(config={"dsn": url})
    from api.domain.shared.sqlite_engine import PooledSQLiteEngine

    path = url.removeprefix("sqlite:///")
    # A busy timeout lets the API workers, a CLI command and a solver worker share the file:
    # a writer waits this long for another's write lock before giving up.
    busy_timeout_s = float(os.environ.get("CARERUN_SQLITE_BUSY_TIMEOUT_S") or 10)
    return PooledSQLiteEngine(path=path, busy_timeout_s=busy_timeout_s)


DB = _engine()

APP_REGISTRY = AppRegistry(apps=["api.piccolo_app"])
