"""User accounts: create, authenticate."""

from __future__ import annotations

from litestar.exceptions import NotAuthorizedException

from api.auth import AuthUser, hash_password, load_auth_user, verify_password
from api.domain.shared.common import ConflictException, invalid
from api.domain.shared.choices import Role
from api.domain.tables import User

# Verifying against a real hash when the user does not exist keeps response times alike,
# so a caller cannot tell unknown usernames from wrong passwords.
_DUMMY_HASH = hash_password("not-a-real-password")


async def create_user(username: str, password: str, role: str, display_name: str = "") -> int:
    if role not in set(Role):
        raise invalid("role", f"must be one of {', '.join(Role)}")
    if not username or len(username) > 64:
        raise invalid("username", "must be 1 to 64 characters")
    if len(password) < 4:
        raise invalid("password", "must be at least 4 characters")
    if await User.exists().where(User.username == username):
        raise ConflictException(detail=f"username '{username}' is taken")
    rows = await User.insert(
        User(
            username=username,
            password_hash=hash_password(password),
            role=role,
            display_name=display_name or username,
        )
    ).returning(User.id)
    return rows[0]["id"]


async def authenticate(username: str, password: str) -> AuthUser:
    row = await User.select(User.id, User.password_hash, User.active).where(
        User.username == username
    ).first()
    if row is None:
        verify_password(_DUMMY_HASH, password)
        raise NotAuthorizedException(detail="wrong username or password")
    if not verify_password(row["password_hash"], password) or not row["active"]:
        raise NotAuthorizedException(detail="wrong username or password")
    return await load_auth_user(row["id"])
