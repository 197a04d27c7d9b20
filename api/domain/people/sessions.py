"""Sessions: refresh tokens kept server-side, rotated on use, revocable.

A refresh token is a random string; only its SHA-256 is stored. Signing in starts a family;
each refresh marks the token used and issues the next one in the same family. A token that is
presented again after use was copied: the whole family is revoked (the thief and the owner
must both sign in again), unless it comes back within seconds: two parts of one app racing.
Ending every session of a user raises their token version, which
also voids their access tokens on the next request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid

from litestar.exceptions import NotAuthorizedException

from api.auth import AuthUser, issue_access_token, load_auth_user
from api.domain.tables import RefreshToken, User
from api.settings import get_settings


REUSE_GRACE_SECONDS = 20


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


async def _new_refresh_token(user_id: int, family: str) -> str:
    token = secrets.token_urlsafe(32)
    expires = _now() + dt.timedelta(days=get_settings().refresh_token_days)
    await RefreshToken.insert(RefreshToken(
        user=user_id, token_hash=_digest(token), family=family, expires_at=expires))
    return token


async def _token_version(user_id: int) -> int:
    row = await User.select(User.token_version).where(User.id == user_id).first()
    return row["token_version"] if row else 0


async def _pair(user: AuthUser, family: str) -> dict:
    settings = get_settings()
    return {
        "access_token": issue_access_token(user.id, user.role, await _token_version(user.id)),
        "refresh_token": await _new_refresh_token(user.id, family),
        "token_type": "Bearer",
        "expires_in": settings.access_token_minutes * 60,
    }


async def start_session(user: AuthUser) -> dict:
    """The tokens of a new sign-in (a new refresh token family)."""
    return await _pair(user, uuid.uuid4().hex)


async def _revoke_family(family: str) -> None:
    await RefreshToken.update({RefreshToken.revoked: True}).where(RefreshToken.family == family)


async def _within_grace(token_id: int) -> bool:
    """The page and the service worker of one phone may both refresh with the same token at
    once: a second use this soon after the first is that race, not a copied token."""
    row = await RefreshToken.select(RefreshToken.used_at, RefreshToken.revoked).where(
        RefreshToken.id == token_id).first()
    grace = dt.timedelta(seconds=REUSE_GRACE_SECONDS)
    return bool(row and not row["revoked"] and row["used_at"] and _now() - row["used_at"] <= grace)


async def rotate(refresh_token: str) -> tuple[AuthUser, dict]:
    """Exchange a refresh token for a new pair; a reused token revokes its family."""
    row = await RefreshToken.select().where(RefreshToken.token_hash == _digest(refresh_token)).first()
    if row is None or row["revoked"]:
        raise NotAuthorizedException(detail="refresh token not recognised; sign in again")
    if row["expires_at"] <= _now():
        raise NotAuthorizedException(detail="refresh token expired; sign in again")
    # Claim the token in one statement: of two concurrent uses exactly one gets it.
    claimed = await RefreshToken.update({RefreshToken.used_at: _now()}).where(
        (RefreshToken.id == row["id"]) & RefreshToken.used_at.is_null()
        & (RefreshToken.revoked == False)  # noqa: E712 - a column comparison, not a bool test
    ).returning(RefreshToken.id)
    if not claimed:
        if not await _within_grace(row["id"]):
            await _revoke_family(row["family"])
            raise NotAuthorizedException(detail="refresh token already used; every session of this "
                                                "sign-in has ended, sign in again")
    user = await load_auth_user(row["user"])
    return user, await _pair(user, row["family"])


async def end_session(refresh_token: str) -> None:
    """Sign out: the token's whole family stops working (unknown tokens are ignored)."""
    row = await RefreshToken.select(RefreshToken.family).where(
        RefreshToken.token_hash == _digest(refresh_token)).first()
    if row is not None:
        await _revoke_family(row["family"])


async def end_all_sessions(user_id: int) -> None:
    """After a password, role or status change: every token of the user stops working."""
    await User.update({User.token_version: User.token_version + 1}).where(User.id == user_id)
    await RefreshToken.update({RefreshToken.revoked: True}).where(RefreshToken.user == user_id)
