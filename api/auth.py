"""Authentication and authorisation: argon2 password hashes, JWTs (python-jose), role guards.

An access token is short-lived; a refresh token lives longer and can only be exchanged for a
new pair. Each request re-reads the user so a deactivated account loses access at once.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from jose import JWTError, jwt
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from api.domain.tables import Carer, User
from api.settings import get_settings

ALGORITHM = "HS256"
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


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


def issue_tokens(user_id: int, role: str) -> dict:
    settings = get_settings()
    access_s = settings.access_token_minutes * 60
    return {
        "access_token": _encode(user_id, "access", access_s, {"role": role}),
        "refresh_token": _encode(user_id, "refresh", settings.refresh_token_days * 86400),
        "token_type": "Bearer",
        "expires_in": access_s,
    }


def decode_token(token: str, kind: str) -> int:
    """The user id in a valid token of the given kind; 401 for anything else."""
    try:
        claims = jwt.decode(token, get_settings().jwt_secret, algorithms=[ALGORITHM])
    except JWTError as exc:  # expired, tampered, malformed
        raise NotAuthorizedException(detail=f"invalid token: {exc}") from exc
    if claims.get("typ") != kind:
        raise NotAuthorizedException(detail=f"not an {kind} token")
    try:
        return int(claims["sub"])
    except (KeyError, ValueError) as exc:
        raise NotAuthorizedException(detail="invalid token subject") from exc


async def load_auth_user(user_id: int) -> AuthUser:
    row = await User.select().where(User.id == user_id).first()
    if row is None or not row["active"]:
        raise NotAuthorizedException(detail="account not found or inactive")
    carer = await Carer.select(Carer.id).where(Carer.user == user_id).first()
    return AuthUser(
        id=row["id"],
        username=row["username"],
        role=row["role"],
        display_name=row["display_name"],
        carer_id=carer["id"] if carer else None,
    )


class JWTAuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        header = connection.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            # EventSource cannot send headers: server-sent event routes accept ?token=.
            token = connection.query_params.get("access_token", "")
            if not token:
                raise NotAuthorizedException(detail="missing bearer token")
        user = await load_auth_user(decode_token(token.strip(), "access"))
        return AuthenticationResult(user=user, auth=token)


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
