"""Insert once per client-made UUID: the offline outbox's guarantee, in one place.

A phone that lost our answer sends the same action again; two copies may even race. The
first copy is stored, every later one gets the stored record back (a replay). The table's
unique key on `client_uuid` decides a race; the loser answers as a replay too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from api.domain.shared.common import ConflictException
from api.domain.shared.db_errors import is_integrity_error

T = TypeVar("T")


def uuid_reused(uid: str) -> ConflictException:
    """The answer when a UUID comes back with a different action or from someone else."""
    return ConflictException(
        detail=f"client_uuid {uid} was already used for a different record; make a new UUID",
        extra={"reason": "uuid_reused"},
    )


async def stored_by_uuid(table, uid: str) -> dict | None:
    return await table.select().where(table.client_uuid == uid).first()


async def insert_once(
    table,
    uid: str,
    insert: Callable[[], Awaitable[T]],
    replay: Callable[[dict], Awaitable[T]],
) -> T:
    """`replay(stored)` when `uid` is already stored, else `insert()`.

    `insert` does its own checks and writes; if another copy of the same UUID committed
    first, its unique-key error becomes `replay` of the winner. `replay` decides whether
    the stored record really is the same action (and raises `uuid_reused` when not).
    """
    stored = await stored_by_uuid(table, uid)
    if stored is not None:
        return await replay(stored)
    try:
        return await insert()
    except Exception as exc:
        if not is_integrity_error(exc):
            raise
        stored = await stored_by_uuid(table, uid)
        if stored is None:
            raise
        return await replay(stored)
