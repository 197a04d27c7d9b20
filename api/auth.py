"""Authentication and authorisation: argon2 password hashes, JWTs (python-jose), role guards.

An access token is short-lived and carries the user's token version; each request re-reads the
user row, so a deactivated account, or one whose version was raised (password or role change),
loses access at once. Refresh tokens are opaque and kept server-side (api.domain.people.sessions).
Event-stream routes, which browsers open without headers, take a short-lived stream ticket in
the query string instead (`?ticket=`), good for that one path only.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
import weakref
from dataclasses import dataclass

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from jose import JWTError, jwt
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from api.domain.shared import data_version
from api.domain.shared.fast_read import fetch_one
from api.settings import get_settings

ALGORITHM = "HS256"
STREAM_TICKET_SECONDS = 60
EVENT_STREAM = "event_stream"  # route opt: this route streams events and accepts ?ticket=
_hasher = PasswordHasher()
# Argon2 takes ~64 MiB and a core per hash: at most one hash per core at a time, in threads,
# so the event loop keeps serving while sign-ins are checked. One limiter per event loop (the
# server has one; tests and CLI commands may run several in turn).
_hash_slots: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _slots() -> anyio.CapacityLimiter:
    loop = asyncio.get_running_loop()
    if loop not in _hash_slots:
        _hash_slots[loop] = anyio.CapacityLimiter(os.cpu_count() or 2)
    return _hash_slots[loop]


def hash_password_sync(password: str) -> str:
    """For scripts and the demo builder, which run outside a server."""
    return _hasher.hash(password)


def _verify_sync(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password, limiter=_slots())


async def verify_password(password_hash: str, password: str) -> bool:
    return await anyio.to_thread.run_sync(_verify_sync, password_hash, password, limiter=_slots())


@dataclass(frozen=True)
class AuthUser:
    id: int
    username: str
    role: str
    display_name: str
    carer_id: int | None


def _encode(user_id: int, kind: str, lifetime_s: int, extra: dict | None = None) -> str:
    now = int(time.time())
    claims = {
        "sub": str(user_id),
        "typ": kind,
        "iat": now,
        "exp": now + lifetime_s,
        "jti": uuid.uuid4().hex,
        **(extra or {}),
    }
    return jwt.encode(claims, get_settings().jwt_secret, algorithm=ALGORITHM)


def issue_access_token(user_id: int, role: str, token_version: int) -> str:
    lifetime_s = get_settings().access_token_minutes * 60
    return _encode(user_id, "access", lifetime_s, {"role": role, "ver": token_version})


def issue_stream_ticket(user_id: int, token_version: int, path: str) -> str:
    """A ticket that opens one event stream (`path`) for a minute, and nothing else."""
    return _encode(user_id, "stream", STREAM_TICKET_SECONDS, {"ver": token_version, "path": path})


# Tokens whose signature and claims were checked, by (secret, kind, token): a phone sends the
# same access token for 15 minutes, and python-jose's parsing and HMAC check were a third of a
# cached GET /me/run. Only the exact string that was verified hits; expiry is checked on every
# use, and the token version against the database by load_auth_user as before.
_VERIFIED_MAX = 10_000
_verified: dict[tuple[str, str, str], dict] = {}


def decode_token(token: str, kind: str) -> dict:
    """The claims of a valid token of the given kind; 401 for anything else."""
    secret = get_settings().jwt_secret
    key = (secret, kind, token)
    claims = _verified.get(key)
    if claims is not None:
        if claims["exp"] < int(time.time()):
            _verified.pop(key, None)
            raise NotAuthorizedException(detail="invalid token: Signature has expired.")
        return dict(claims)
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM])
    except JWTError as exc:  # expired, tampered, malformed
        raise NotAuthorizedException(detail=f"invalid token: {exc}") from exc
    if claims.get("typ") != kind:
        raise NotAuthorizedException(detail=f"not an {kind} token")
    try:
        claims["sub"] = int(claims["sub"])
        claims["ver"] = int(claims["ver"])
        int(claims["exp"])
    except (KeyError, ValueError, TypeError) as exc:
        raise NotAuthorizedException(detail="invalid token claims") from exc
    if len(_verified) >= _VERIFIED_MAX:
        del _verified[next(iter(_verified))]  # the oldest
    _verified[key] = claims
    return dict(claims)


# One keyed lookup on every authenticated request: the user, for a carer their carer id, and
# the data versions that cached answers are checked against (data_version), in one round trip.
# Plain SQL (fast_read): through the ORM the user and carer queries were a fifth of a GET /me/run.
_AUTH_USER_SQL = (
    'SELECT u.id, u.username, u.role, u.display_name, u.active, u.token_version, '
    '(SELECT min(c.id) FROM carer c WHERE c."user" = u.id), '
    f"{data_version.VERSION_COLUMNS} FROM app_user u WHERE u.id = ?"
)


async def _load(user_id: int, token_version: int | None) -> tuple[AuthUser, tuple]:
    row = await fetch_one(_AUTH_USER_SQL, user_id)
    if row is None or not row[4]:
        raise NotAuthorizedException(detail="account not found or inactive")
    if token_version is not None and token_version != row[5]:
        raise NotAuthorizedException(detail="this session has ended; sign in again")
    user = AuthUser(id=row[0], username=row[1], role=row[2], display_name=row[3], carer_id=row[6])
    return user, row[7:]


async def load_auth_user(user_id: int, token_version: int | None = None) -> AuthUser:
    """The active user; with `token_version`, only if the token is still of the user's version.
    Read from the database on every request, so a revoked session ends at once."""
    return (await _load(user_id, token_version))[0]


def _stream_claims(connection: ASGIConnection) -> dict:
    """An event-stream route opened by a browser's EventSource, which sends no headers."""
    handler = connection.scope.get("route_handler")
    ticket = connection.query_params.get("ticket", "")
    if not ticket or handler is None or not handler.opt.get(EVENT_STREAM):
        raise NotAuthorizedException(detail="missing bearer token")
    claims = decode_token(ticket, "stream")
    if claims.get("path") != connection.scope["path"]:
        raise NotAuthorizedException(detail="this stream ticket is for another stream")
    return claims


class JWTAuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        header = connection.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            claims = decode_token(token.strip(), "access")
        else:
            claims = _stream_claims(connection)
        user, versions = await _load(claims["sub"], claims["ver"])
        data_version.remember(connection.scope, versions)
        return AuthenticationResult(user=user, auth=claims)


def requires_role(*roles: str):
    """Guard: the user must hold one of `roles` (admin passes every guard)."""

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        if connection.scope.get("method") == "OPTIONS":
            return  # Litestar answers OPTIONS itself (Allow header); no data, no login needed
        user: AuthUser = connection.user
        if user.role != "admin" and user.role not in roles:
            raise PermissionDeniedException(
                detail=f"role '{user.role}' may not do this; needs one of {', '.join(roles)}"
            )

    return guard


STAFF = ("planner", "manager", "admin")
planner_guard = requires_role("planner", "manager")
manager_guard = requires_role("manager")
admin_guard = requires_role("admin")
