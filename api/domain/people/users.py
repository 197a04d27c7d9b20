"""User accounts: create, authenticate, change password."""

from __future__ import annotations

from litestar.exceptions import NotAuthorizedException

from api.auth import AuthUser, hash_password, hash_password_sync, load_auth_user, verify_password
from api.domain.people import login_limit
from api.domain.people.sessions import end_all_sessions
from api.domain.shared.choices import Role
from api.domain.shared.common import ConflictException, invalid
from api.domain.tables import User

MIN_PASSWORD_LENGTH = 10  # ASVS 2.1.1: at least 12 recommended, 8 the floor; 10 for carers' phones
MAX_PASSWORD_LENGTH = 256

# Verifying against a real hash when the user does not exist keeps response times alike,
# so a caller cannot tell unknown usernames from wrong passwords.
_DUMMY_HASH = hash_password_sync("not-a-real-password")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise invalid("password", f"must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise invalid("password", f"must be at most {MAX_PASSWORD_LENGTH} characters")


async def create_user(username: str, password: str, role: str, display_name: str = "") -> int:
    if role not in set(Role):
        raise invalid("role", f"must be one of {', '.join(Role)}")
    if not username or len(username) > 64:
        raise invalid("username", "must be 1 to 64 characters")
    check_password(password)
    if await User.exists().where(User.username == username):
        raise ConflictException(detail=f"username '{username}' is taken")
    rows = await User.insert(
        User(
            username=username,
            password_hash=await hash_password(password),
            role=role,
            display_name=display_name or username,
        )
    ).returning(User.id)
    return rows[0]["id"]


async def set_password(user_id: int, password: str) -> None:
    """A new password ends every session the user had."""
    check_password(password)
    await User.update({User.password_hash: await hash_password(password)}).where(User.id == user_id)
    await end_all_sessions(user_id)


async def authenticate(username: str, password: str, address: str) -> AuthUser:
    """The user for a right user name and password; 429 when guessing, 401 otherwise."""
    await login_limit.check(username, address)
    row = await User.select(User.id, User.password_hash, User.active).where(
        User.username == username
    ).first()
    if row is None:
        await verify_password(_DUMMY_HASH, password)
        await login_limit.record_failure(username, address)
        raise NotAuthorizedException(detail="wrong username or password")
    if not await verify_password(row["password_hash"], password) or not row["active"]:
        await login_limit.record_failure(username, address)
        raise NotAuthorizedException(detail="wrong username or password")
    await login_limit.record_success(username)
    return await load_auth_user(row["id"])
