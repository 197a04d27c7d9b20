"""Publications made before `published_assignment` existed get their rows from their snapshot,
so carers keep seeing the days already published. Data only; backwards leaves nothing behind
(the table itself goes with the previous migration)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-03T08:27:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "published assignments from earlier publications"

SQLITE = """
INSERT INTO published_assignment (publication, date, visit, carer, planned_start)
SELECT p.id, json_extract(s.value, '$.date'), CAST(s.key AS INTEGER),
       json_extract(a.value, '$[0]'), json_extract(a.value, '$[1]')
FROM rota_publication p, json_each(p.snapshot) s, json_each(s.value, '$.assignments') a
WHERE CAST(s.key AS INTEGER) IN (SELECT id FROM visit)
  AND json_extract(a.value, '$[0]') IN (SELECT id FROM carer)
  AND p.id NOT IN (SELECT publication FROM published_assignment)
"""
POSTGRES = """
INSERT INTO published_assignment (publication, date, visit, carer, planned_start)
SELECT p.id, (s.value ->> 'date')::date, s.key::int, (a.value ->> 0)::int, (a.value ->> 1)::int
FROM rota_publication p, json_each(p.snapshot::json) s, json_array_elements(s.value -> 'assignments') a(value)
WHERE s.key::int IN (SELECT id FROM visit)
  AND (a.value ->> 0)::int IN (SELECT id FROM carer)
  AND p.id NOT IN (SELECT publication FROM published_assignment)
"""


async def _copy() -> None:
    engine = engine_finder()
    await engine.run_ddl(POSTGRES if engine.engine_type == "postgres" else SQLITE)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_raw(_copy)
    return manager
