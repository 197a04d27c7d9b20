"""Kept conflicts stored before `sync_conflict` existed (audit events `sync_conflict` with
entity_id "<visit id>:<client uuid>") are copied into it, so the office still sees them under
the call's logs. Data only; backwards leaves them in the audit trail, where they still are."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-03T06:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "copy kept conflicts from the audit trail"

SQLITE = """
INSERT OR IGNORE INTO sync_conflict
  (client_uuid, visit, carer, actor, kind, reason, explanation, submitted, received_at)
SELECT uid, visit_id,
       (SELECT id FROM carer WHERE id = json_extract(after, '$.carer_id')),
       actor, action, COALESCE(json_extract(after, '$.reason'), ''),
       COALESCE(json_extract(after, '$.explanation'), ''),
       COALESCE(json_extract(after, '$.submitted'), '{}'), at
FROM (SELECT *, substr(entity_id, instr(entity_id, ':') + 1) AS uid,
             CAST(substr(entity_id, 1, instr(entity_id, ':') - 1) AS INTEGER) AS visit_id
      FROM audit_event WHERE entity = 'sync_conflict')
WHERE visit_id IN (SELECT id FROM visit)
"""
POSTGRES = """
INSERT INTO sync_conflict
  (client_uuid, visit, carer, actor, kind, reason, explanation, submitted, received_at)
SELECT uid, visit_id,
       (SELECT id FROM carer WHERE id = (after::jsonb ->> 'carer_id')::int),
       actor, action, COALESCE(after::jsonb ->> 'reason', ''), COALESCE(after::jsonb ->> 'explanation', ''),
       COALESCE((after::jsonb -> 'submitted')::text, '{}')::json, at
FROM (SELECT *, split_part(entity_id, ':', 2) AS uid, split_part(entity_id, ':', 1)::int AS visit_id
      FROM audit_event WHERE entity = 'sync_conflict') AS kept
WHERE visit_id IN (SELECT id FROM visit)
ON CONFLICT (client_uuid) DO NOTHING
"""


async def _copy() -> None:
    engine = engine_finder()
    await engine.run_ddl(POSTGRES if engine.engine_type == "postgres" else SQLITE)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="carerun", description=DESCRIPTION)
    manager.add_raw(_copy)
    return manager
