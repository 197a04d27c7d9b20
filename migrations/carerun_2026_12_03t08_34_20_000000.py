"""Issue 9 #14: triggers that raise the `rota` data version on every change to the tables a
carer's run is built from (api.domain.shared.data_version.TOPICS lists them; a table added
there needs a migration like this one).

SQLite: a row trigger per table and statement kind, in the writer's transaction. PostgreSQL: a
deferred constraint trigger, so the counter row is locked only from the commit's start to its
end (a transaction holding it waits for nothing else: no deadlock) and raised once per
transaction. A counter missing (emptied) is recreated at the time in microseconds."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-03T08:34:20:000000"
VERSION = "1.38.0"
DESCRIPTION = "data_version triggers for the rota topic"

TOPIC = "rota"
TABLES = ("assignment", "visit", "client", "carer", "rota_publication")
KINDS = ("INSERT", "UPDATE", "DELETE")

SQLITE_TRIGGER = """
CREATE TRIGGER data_version_{topic}_{table}_{name} AFTER {kind} ON "{table}"
BEGIN
  INSERT INTO data_version (topic, version)
  VALUES ('{topic}', CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER))
  ON CONFLICT (topic) DO UPDATE SET version = version + 1;
END
"""

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION data_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('carerun.raised_' || TG_ARGV[0], true) IS DISTINCT FROM 'y' THEN
    INSERT INTO data_version (topic, version)
    VALUES (TG_ARGV[0], (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
    ON CONFLICT (topic) DO UPDATE SET version = data_version.version + 1;
    PERFORM set_config('carerun.raised_' || TG_ARGV[0], 'y', true);
  END IF;
  RETURN NULL;
END
$$
"""

PG_TRIGGER = """
CREATE CONSTRAINT TRIGGER data_version_{topic} AFTER INSERT OR UPDATE OR DELETE ON "{table}"
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_raise('{topic}')
"""


SEED = {
    "sqlite": "INSERT INTO data_version (topic, version) VALUES ('{topic}', "
              "CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) ON CONFLICT (topic) DO NOTHING",
    "postgres": "INSERT INTO data_version (topic, version) VALUES ('{topic}', "
                "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint) ON CONFLICT (topic) DO NOTHING",
}


async def _create() -> None:
    engine = engine_finder()
    await engine.run_ddl(SEED[engine.engine_type].format(topic=TOPIC))  # answers cache from the start
    if engine.engine_type == "postgres":
        await engine.run_ddl(PG_FUNCTION)
        for table in TABLES:
            await engine.run_ddl(PG_TRIGGER.format(topic=TOPIC, table=table))
    else:
        for table in TABLES:
            for kind in KINDS:
                await engine.run_ddl(SQLITE_TRIGGER.format(topic=TOPIC, table=table, kind=kind, name=kind.lower()))


async def _drop() -> None:
    engine = engine_finder()
    if engine.engine_type == "postgres":
        for table in TABLES:
            await engine.run_ddl(f'DROP TRIGGER IF EXISTS data_version_{TOPIC} ON "{table}"')
        await engine.run_ddl("DROP FUNCTION IF EXISTS data_version_raise()")
    else:
        for table in TABLES:
            for kind in KINDS:
                await engine.run_ddl(f"DROP TRIGGER IF EXISTS data_version_{TOPIC}_{table}_{kind.lower()}")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_raw(_create)
    manager.add_raw_backwards(_drop)
    return manager
