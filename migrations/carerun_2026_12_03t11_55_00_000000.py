"""visit_attendance: each carer's first check-in, last check-out and time woken (a sleep-in) per call, kept by a trigger on
visit_log inserts and filled from the existing logs. The reports join it instead of grouping the
whole log: a year at 2,000 calls a day is 1.46 M logs, 730,000 of these rows."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-03T11:55:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "visit_attendance kept from visit_log by a trigger"

CHECKS = "kind IN ('check_in', 'check_out') AND visit IS NOT NULL AND carer IS NOT NULL"
FIRST_IN = "CASE WHEN kind = 'check_in' THEN COALESCE(device_time, server_time) END"
LAST_OUT = "CASE WHEN kind = 'check_out' THEN COALESCE(device_time, server_time) END"

POSTGRES = [
    """CREATE TABLE visit_attendance (
        id SERIAL PRIMARY KEY,
        visit INTEGER NOT NULL REFERENCES visit (id) ON DELETE CASCADE ON UPDATE CASCADE,
        carer INTEGER NOT NULL REFERENCES carer (id) ON DELETE CASCADE ON UPDATE CASCADE,
        first_in TIMESTAMPTZ NULL, last_out TIMESTAMPTZ NULL, woken_minutes INTEGER NOT NULL DEFAULT 0)""",
    "CREATE UNIQUE INDEX visit_attendance_visit_carer ON visit_attendance (visit, carer)",
    """CREATE FUNCTION visit_attendance_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO visit_attendance AS t (visit, carer, first_in, last_out, woken_minutes)
        VALUES (NEW.visit, NEW.carer,
                CASE WHEN NEW.kind = 'check_in' THEN COALESCE(NEW.device_time, NEW.server_time) END,
                CASE WHEN NEW.kind = 'check_out' THEN COALESCE(NEW.device_time, NEW.server_time) END,
                CASE WHEN NEW.kind = 'check_out' THEN COALESCE(NEW.woken_minutes, 0) ELSE 0 END)
        ON CONFLICT (visit, carer) DO UPDATE SET
            first_in = LEAST(t.first_in, EXCLUDED.first_in), last_out = GREATEST(t.last_out, EXCLUDED.last_out),
            woken_minutes = GREATEST(t.woken_minutes, EXCLUDED.woken_minutes);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER visit_attendance_keep AFTER INSERT ON visit_log FOR EACH ROW
        WHEN (NEW.kind IN ('check_in', 'check_out') AND NEW.visit IS NOT NULL AND NEW.carer IS NOT NULL)
        EXECUTE FUNCTION visit_attendance_keep()""",
]

SQLITE = [
    """CREATE TABLE visit_attendance (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        visit INTEGER NOT NULL REFERENCES visit (id) ON DELETE CASCADE ON UPDATE CASCADE,
        carer INTEGER NOT NULL REFERENCES carer (id) ON DELETE CASCADE ON UPDATE CASCADE,
        first_in TIMESTAMPTZ NULL, last_out TIMESTAMPTZ NULL, woken_minutes INTEGER NOT NULL DEFAULT 0)""",
    "CREATE UNIQUE INDEX visit_attendance_visit_carer ON visit_attendance (visit, carer)",
    # Timestamps are UTC text here: compare them as moments (julianday), NULL meaning none yet.
    """CREATE TRIGGER visit_attendance_keep AFTER INSERT ON visit_log
    WHEN NEW.kind IN ('check_in', 'check_out') AND NEW.visit IS NOT NULL AND NEW.carer IS NOT NULL
    BEGIN
        INSERT INTO visit_attendance (visit, carer, first_in, last_out, woken_minutes)
        VALUES (NEW.visit, NEW.carer,
                CASE WHEN NEW.kind = 'check_in' THEN COALESCE(NEW.device_time, NEW.server_time) END,
                CASE WHEN NEW.kind = 'check_out' THEN COALESCE(NEW.device_time, NEW.server_time) END,
                CASE WHEN NEW.kind = 'check_out' THEN COALESCE(NEW.woken_minutes, 0) ELSE 0 END)
        ON CONFLICT (visit, carer) DO UPDATE SET
            woken_minutes = max(woken_minutes, excluded.woken_minutes),
            first_in = CASE WHEN first_in IS NULL OR julianday(excluded.first_in) < julianday(first_in)
                            THEN COALESCE(excluded.first_in, first_in) ELSE first_in END,
            last_out = CASE WHEN last_out IS NULL OR julianday(excluded.last_out) > julianday(last_out)
                            THEN COALESCE(excluded.last_out, last_out) ELSE last_out END;
    END""",
]

WOKEN = "CASE WHEN kind = 'check_out' THEN COALESCE(woken_minutes, 0) ELSE 0 END"  # a sleep-in's, told at check-out
FILL = (f"INSERT INTO visit_attendance (visit, carer, first_in, last_out, woken_minutes) SELECT visit, carer,"
        f" MIN({FIRST_IN}), MAX({LAST_OUT}), MAX({WOKEN}) FROM visit_log WHERE {CHECKS} GROUP BY visit, carer")


async def _create() -> None:
    db = engine_finder()
    for statement in (POSTGRES if db.engine_type == "postgres" else SQLITE) + [FILL]:
        await db.run_ddl(statement)


async def _drop() -> None:
    db = engine_finder()
    await db.run_ddl("DROP TRIGGER IF EXISTS visit_attendance_keep" + (" ON visit_log" if db.engine_type == "postgres" else ""))
    if db.engine_type == "postgres":
        await db.run_ddl("DROP FUNCTION IF EXISTS visit_attendance_keep()")
    await db.run_ddl("DROP TABLE IF EXISTS visit_attendance")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_raw(_create)
    manager.add_raw_backwards(_drop)
    return manager
