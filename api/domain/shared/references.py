"""Ids in request bodies that must name an existing row: checked before the write, so a wrong
id is a 400 naming the field (not a 404 for the request's own resource, nor the database's
foreign key error)."""

from __future__ import annotations

from api.domain.shared.common import invalid


async def require_row(table, row_id: int | None, field: str, what: str) -> None:
    """Refuse `row_id` unless a row of `table` has it (None passes: the field is optional)."""
    if row_id is None:
        return
    if not await table.exists().where(table.id == row_id):
        raise invalid(field, f"no {what} has id {row_id}")
