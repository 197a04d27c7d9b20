"""Carerun: rostering and visits for domiciliary care agencies."""

import os

# Piccolo finds its engine through this module; set before any table is used.
os.environ.setdefault("PICCOLO_CONF", "api.piccolo_conf")

# The SQLite file (and so its WAL files) is created owner-only before any engine opens it.
from api.settings import default_database_url as _default_database_url  # noqa: E402
from api.settings import secure_sqlite_file as _secure_sqlite_file  # noqa: E402

_secure_sqlite_file(os.environ.get("DATABASE_URL") or _default_database_url())
