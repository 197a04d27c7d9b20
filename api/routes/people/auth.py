"""Login, token refresh and who-am-I."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import JSONBody
from msgspec import Meta

from api.auth import decode_token, issue_tokens, load_auth_user
from api.domain.people.users import authenticate


class LoginIn(msgspec.Struct):
    username: Annotated[str, Meta(min_length=1, max_length=64)]
    password: Annotated[str, Meta(min_length=1, max_length=256)]


class RefreshIn(msgspec.Struct):
    refresh_token: Annotated[str, Meta(min_length=1)]


class Tokens(msgspec.Struct):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    user: dict


def _user_dict(user) -> dict:
    return {"id": user.id, "username": user.username, "role": user.role,
            "display_name": user.display_name, "carer_id": user.carer_id}


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post("/login", operation_id="login", opt={"exclude_from_auth": True}, status_code=200)
    async def login(self, data: JSONBody[LoginIn]) -> Tokens:
        user = await authenticate(data.username, data.password)
        return Tokens(**issue_tokens(user.id, user.role), user=_user_dict(user))

    @post("/refresh", operation_id="refreshToken", opt={"exclude_from_auth": True}, status_code=200)
    async def refresh(self, data: JSONBody[RefreshIn]) -> Tokens:
        user = await load_auth_user(decode_token(data.refresh_token, "refresh"))
        return Tokens(**issue_tokens(user.id, user.role), user=_user_dict(user))

    @get("/me", operation_id="me")
    async def me(self, request: Request) -> dict:
        return _user_dict(request.user)
