"""Piccolo configuration: the engine comes from DATABASE_URL (SQLite file by default)."""

from piccolo.conf.apps import AppRegistry

from api.settings import default_database_url
import os


def _engine():
    url = os.environ.get("DATABASE_URL") or default_database_url()
    if url.startswith(("postgres://", "postgresql://")):
        from piccolo.engine.postgres import PostgresEngine

        return PostgresEngine(config={"dsn": url})
    from piccolo.engine.sqlite import SQLiteEngine

    path = url.removeprefix("sqlite:///")
    # A busy timeout lets the API, a CLI command and a worker share the file safely.
    return SQLiteEngine(path=path, timeout=30)


DB = _engine()

APP_REGISTRY = AppRegistry(apps=["api.piccolo_app"])
