"""Who was ever on a call: a unique (visit, carer) key on assignment_history, filled by triggers
on every insert into `assignment` and every change of its carer, so no way of assigning (the
optimiser, a move, a cover, an import) can miss it. Existing assignments are copied in.

Raw SQL only (no change to Piccolo's table state); SQLite and PostgreSQL each get their own.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-03T06:10:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "assignment_history unique key and triggers"

UNIQUE = ("CREATE UNIQUE INDEX assignment_history_visit_carer "
          "ON assignment_history (visit, carer)")
BACKFILL = ("INSERT INTO assignment_history (visit, carer, first_assigned_at) "
            "SELECT DISTINCT visit, carer, CURRENT_TIMESTAMP FROM assignment")

SQLITE_FORWARDS = [
    UNIQUE,
    BACKFILL,
    """CREATE TRIGGER assignment_history_on_insert AFTER INSERT ON assignment BEGIN
         INSERT OR IGNORE INTO assignment_history (visit, carer, first_assigned_at)
         VALUES (NEW.visit, NEW.carer, CURRENT_TIMESTAMP); END""",
    """CREATE TRIGGER assignment_history_on_update AFTER UPDATE OF visit, carer ON assignment BEGIN
         INSERT OR IGNORE INTO assignment_history (visit, carer, first_assigned_at)
         VALUES (NEW.visit, NEW.carer, CURRENT_TIMESTAMP); END""",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS assignment_history_on_update",
    "DROP TRIGGER IF EXISTS assignment_history_on_insert",
    "DROP INDEX IF EXISTS assignment_history_visit_carer",
]
POSTGRES_FORWARDS = [
    UNIQUE,
    BACKFILL,
    """CREATE FUNCTION remember_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO assignment_history (visit, carer, first_assigned_at)
         VALUES (NEW.visit, NEW.carer, now()) ON CONFLICT (visit, carer) DO NOTHING;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER assignment_history_on_write AFTER INSERT OR UPDATE OF visit, carer
       ON assignment FOR EACH ROW EXECUTE FUNCTION remember_assignment()""",
]
POSTGRES_BACKWARDS = [
    "DROP TRIGGER IF EXISTS assignment_history_on_write ON assignment",
    "DROP FUNCTION IF EXISTS remember_assignment()",
    "DROP INDEX IF EXISTS assignment_history_visit_carer",
]


def _runner(sqlite: list[str], postgres: list[str]):
    async def run() -> None:
        engine = engine_finder()
        for statement in postgres if engine.engine_type == "postgres" else sqlite:
            await engine.run_ddl(statement)

    return run


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_raw(_runner(SQLITE_FORWARDS, POSTGRES_FORWARDS))
    manager.add_raw_backwards(_runner(SQLITE_BACKWARDS, POSTGRES_BACKWARDS))
    return manager
