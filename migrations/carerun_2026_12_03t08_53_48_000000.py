"""Issue 10 #1 #9: a carer's run is now built from the published rota's rows, the agency setting
for days never published, and what each day is (leave, standing availability and its
exceptions), so changes to those tables raise the `rota` data version too (the triggers of
migration 2026-12-03T08:34:20 for five more tables; the PostgreSQL function is that one's)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-03T08:53:48:000000"
VERSION = "1.38.0"
DESCRIPTION = "data_version triggers: published rota, settings, leave, availability"

TOPIC = "rota"
TABLES = ("published_assignment", "agency_setting", "leave", "availability", "availability_exception")
KINDS = ("INSERT", "UPDATE", "DELETE")

SQLITE_TRIGGER = """
CREATE TRIGGER data_version_{topic}_{table}_{name} AFTER {kind} ON "{table}"
BEGIN
  INSERT INTO data_version (topic, version)
  VALUES ('{topic}', CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER))
  ON CONFLICT (topic) DO UPDATE SET version = version + 1;
END
"""

PG_TRIGGER = """
CREATE CONSTRAINT TRIGGER data_version_{topic} AFTER INSERT OR UPDATE OR DELETE ON "{table}"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_raise('{topic}')
"""


async def _create() -> None:
    engine = engine_finder()
    for table in TABLES:
        if engine.engine_type == "postgres":
            await engine.run_ddl(PG_TRIGGER.format(topic=TOPIC, table=table))
        else:
            for kind in KINDS:
                await engine.run_ddl(SQLITE_TRIGGER.format(topic=TOPIC, table=table, kind=kind, name=kind.lower()))


async def _drop() -> None:
    engine = engine_finder()
    for table in TABLES:
        if engine.engine_type == "postgres":
            await engine.run_ddl(f'DROP TRIGGER IF EXISTS data_version_{TOPIC} ON "{table}"')
        else:
            for kind in KINDS:
                await engine.run_ddl(f"DROP TRIGGER IF EXISTS data_version_{TOPIC}_{table}_{kind.lower()}")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_raw(_create)
    manager.add_raw_backwards(_drop)
    return manager
