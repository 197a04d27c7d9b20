"""Row locks for "check, then write" on a call, so a carer's check-in and the office's cancel
or move cannot both pass their checks before either writes.

Call inside `write_transaction()`. On PostgreSQL the call's row is locked (`SELECT … FOR
UPDATE`) until the transaction ends; on SQLite the transaction already holds the database's
write lock from its first statement (BEGIN IMMEDIATE), which serialises writers as a whole.
"""

from __future__ import annotations

from api.domain.shared.db import is_postgres
from api.domain.tables import Visit


async def locked_visit(visit_id: int) -> dict | None:
    """The call as it is now, held against other writers until the transaction ends."""
    query = Visit.select().where(Visit.id == visit_id)
    if is_postgres():
        query = query.lock_rows("update")
    return await query.first()


async def lock_visits(visit_ids: list[int]) -> None:
    """Hold many calls against other writers until the transaction ends (in id order, so two
    such transactions cannot deadlock). Nothing to do on SQLite (see above)."""
    if is_postgres() and visit_ids:
        await Visit.select(Visit.id).where(Visit.id.is_in(visit_ids)).order_by(Visit.id).lock_rows("update")
