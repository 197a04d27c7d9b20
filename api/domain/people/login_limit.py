"""Slowing password guessing: failed sign-ins counted per user name and per address.

The counts live in the database (table login_failure), so every API worker process sees the
same ones. Over the limit, sign-in answers 429 with Retry-After before any password is checked,
so a flood of guesses costs no hashing either.
"""

from __future__ import annotations

import math
import time

from litestar.exceptions import TooManyRequestsException

from api.domain.tables import LoginFailure
from api.settings import get_settings


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    limit = get_settings().login_limit
    return [(f"user:{username.strip().lower()}", limit.per_username),
            (f"addr:{address}", limit.per_address)]


async def check(username: str, address: str) -> None:
    """429 with Retry-After when this user name or this address failed too often lately."""
    window = get_settings().login_limit.window_seconds
    now = time.time()
    for key, allowed in _keys(username, address):
        rows = await LoginFailure.select(LoginFailure.at).where(
            (LoginFailure.key == key) & (LoginFailure.at > now - window)
        ).order_by(LoginFailure.at, ascending=False).limit(allowed)
        if len(rows) >= allowed:
            # The oldest of the last `allowed` failures leaving the window lets one more try.
            retry_after = max(1, math.ceil(rows[-1]["at"] + window - now))
            what = "user name" if key.startswith("user:") else "address"
            raise TooManyRequestsException(
                detail=f"too many failed sign-ins for this {what}; try again in {retry_after} s",
                headers={"Retry-After": str(retry_after)},
            )


async def record_failure(username: str, address: str) -> None:
    now = time.time()
    window = get_settings().login_limit.window_seconds
    keys = [key for key, _ in _keys(username, address)]
    await LoginFailure.insert(*(LoginFailure(key=key, at=now) for key in keys))
    await LoginFailure.delete().where(LoginFailure.at < now - window)  # forget old failures


async def record_success(username: str) -> None:
    """A right password clears the user name's count (not the address's)."""
    key, _ = _keys(username, "")[0]
    await LoginFailure.delete().where(LoginFailure.key == key)
