"""Files: var/, the SQLite database and its WAL files are owner-only, whatever the umask."""

import os
import stat
import subprocess
import sys
import textwrap

from api.settings import PROJECT_ROOT

START_AND_WRITE = textwrap.dedent("""
    import asyncio, os
    import api
    from api.domain.shared.db import migrate_forwards
    from api.domain.tables import User
    from api.settings import get_settings

    async def main():
        await migrate_forwards()
        await User.insert(User(username="someone", password_hash="x", display_name="Someone"))

    get_settings()
    asyncio.run(main())
    os._exit(0)  # leave pooled database connections behind without waiting on them
""")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_var_dir_database_and_wal_files_are_owner_only(tmp_path):
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CARERUN_VAR_DIR"] = str(var)
    subprocess.run([sys.executable, "-c", f"import os; os.umask(0o022); exec({START_AND_WRITE!r})"],
                   env=env, cwd=PROJECT_ROOT, check=True, timeout=300)
    assert _mode(var) == 0o700
    database = var / "carerun.sqlite"
    assert _mode(database) == 0o600
    for extra in ("carerun.sqlite-wal", "carerun.sqlite-shm", "jwt_secret", "vapid_private.pem"):
        if (var / extra).exists():
            assert _mode(var / extra) == 0o600, extra
    assert (var / "jwt_secret").exists()


def test_an_existing_database_is_tightened(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    var.chmod(0o755)
    database = var / "carerun.sqlite"
    database.touch()
    database.chmod(0o644)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CARERUN_VAR_DIR"] = str(var)
    subprocess.run([sys.executable, "-c", "import api"], env=env, cwd=PROJECT_ROOT, check=True, timeout=120)
    assert _mode(var) == 0o700 and _mode(database) == 0o600
