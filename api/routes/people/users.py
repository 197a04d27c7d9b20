"""User accounts and roles (admins)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody
from msgspec import UNSET, Meta, UnsetType

from api.auth import admin_guard
from api.domain.shared import audit
from api.domain.shared.choices import Role
from api.domain.shared.common import Page, invalid, not_found, paged, struct_values
from api.domain.tables import User
from api.domain.people.sessions import end_all_sessions
from api.domain.people.users import MIN_PASSWORD_LENGTH, create_user, set_password
from api.routes.shared.params import Limit, Offset


# Where the notify facility sends e-mail (when the agency has an SMTP server); empty: none.
Email = Annotated[str, Meta(max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class UserIn(msgspec.Struct):
    username: Annotated[str, Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
    password: Annotated[str, Meta(min_length=MIN_PASSWORD_LENGTH, max_length=256)]
    role: Role
    display_name: Annotated[str, Meta(max_length=128)] = ""
    email: Email = ""


class UserUpdate(msgspec.Struct):
    role: Role | UnsetType = UNSET
    display_name: Annotated[str, Meta(max_length=128)] | UnsetType = UNSET
    active: bool | UnsetType = UNSET
    email: Email | UnsetType = UNSET
    password: Annotated[str, Meta(min_length=MIN_PASSWORD_LENGTH, max_length=256)] | UnsetType = UNSET


class UserOut(msgspec.Struct):
    id: int
    username: str
    role: str
    display_name: str
    active: bool
    email: str = ""


async def _get(user_id: int) -> UserOut:
    row = await User.select(User.id, User.username, User.role, User.display_name, User.active, User.email).where(
        User.id == user_id).first()
    if row is None:
        raise not_found("user", user_id)
    return UserOut(**row)


class UserController(Controller):
    path = "/users"
    tags = ["users"]
    guards = [admin_guard]

    @get("/", operation_id="listUsers")
    async def list_users(self, limit: Limit = 50, offset: Offset = 0, role: FromQuery[Role | None] = None) -> Page[UserOut]:
        query = User.select(User.id, User.username, User.role, User.display_name, User.active, User.email).order_by(User.username)
        count = User.count()
        if role:
            query, count = query.where(User.role == role), count.where(User.role == role)
        rows, total = await paged(query, count, limit, offset)
        return Page([UserOut(**r) for r in rows], total, limit, offset)

    @post("/", operation_id="createUser")
    async def create(self, request: Request, data: JSONBody[UserIn]) -> UserOut:
        user_id = await create_user(data.username, data.password, data.role, data.display_name)
        if data.email:
            await User.update({User.email: data.email}).where(User.id == user_id)
        created = await _get(user_id)
        await audit.record(request.user.id, "user", user_id, "create", None, msgspec.to_builtins(created))
        return created

    @patch("/{user_id:int}", operation_id="updateUser", raises=[NotFoundException])
    async def update(self, request: Request, user_id: FromPath[int], data: JSONBody[UserUpdate]) -> UserOut:
        before = await _get(user_id)
        values = struct_values(data, skip=())
        if user_id == request.user.id and (values.get("active") is False or values.get("role", "admin") != "admin"):
            raise invalid("role", "you cannot demote or deactivate your own account")
        password = values.pop("password", None)
        if values:
            await User.update({getattr(User, k): v for k, v in values.items()}).where(User.id == user_id)
        if password is not None:
            await set_password(user_id, password)  # ends the user's sessions
        after = await _get(user_id)
        if after.role != before.role or (before.active and not after.active):
            await end_all_sessions(user_id)  # tokens of the old role or status stop working
        await audit.record(request.user.id, "user", user_id, "update", msgspec.to_builtins(before),
                           {**msgspec.to_builtins(after), "password_changed": password is not None})
        return after
