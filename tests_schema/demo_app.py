"""The app for the schema run: its own database (a temporary SQLite file unless DATABASE_URL
says otherwise), migrated and holding a small demo agency when the app starts. Imported before
anything of api/ so that the settings see this database."""

from __future__ import annotations

import os
import tempfile

_tmp = tempfile.mkdtemp(prefix="carerun-schema-")
os.environ.setdefault("CARERUN_VAR_DIR", _tmp)
os.environ.setdefault("CARERUN_ROLLING_SCHEDULER", "off")  # no daily roll during the run
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/schema.sqlite"

from api.app import create_app  # noqa: E402
from api.domain.setup.demo import build_demo  # noqa: E402
from api.domain.shared.db import engine, migrate_forwards  # noqa: E402

PASSWORD = "schema-run-password"  # synthetic demo users only


_prepared = False


async def _demo_database() -> None:
    # A startup hook: it runs on the app's own event loop, so connections belong to it. The
    # app may be started more than once in a run; the database is prepared on the first.
    global _prepared
    if _prepared:
        return
    _prepared = True
    if engine().engine_type == "postgres":
        await engine().run_ddl("DROP SCHEMA public CASCADE")
        await engine().run_ddl("CREATE SCHEMA public")
    await migrate_forwards()
    await build_demo(seed=1, clients=12, carers=4, password=PASSWORD)


APP = create_app()
APP.on_startup.append(_demo_database)
