"""Sign-in, token refresh, sign-out, stream tickets and who-am-I."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.exceptions import NotAuthorizedException, TooManyRequestsException
from litestar.params import JSONBody
from msgspec import Meta

from api.auth import STREAM_TICKET_SECONDS, issue_stream_ticket
from api.domain.people import sessions
from api.domain.people.users import authenticate

class LoginIn(msgspec.Struct):
    username: Annotated[str, Meta(min_length=1, max_length=64)]
    password: Annotated[str, Meta(min_length=1, max_length=256)]


class RefreshIn(msgspec.Struct):
    refresh_token: Annotated[str, Meta(min_length=1, max_length=256)]


class StreamTicketIn(msgspec.Struct):
    path: Annotated[str, Meta(min_length=1, max_length=256, pattern=r"^/[A-Za-z0-9/_.-]*$")]


class StreamTicket(msgspec.Struct):
    ticket: str
    expires_in: int


class Tokens(msgspec.Struct):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    user: dict


def _user_dict(user) -> dict:
    return {"id": user.id, "username": user.username, "role": user.role,
            "display_name": user.display_name, "carer_id": user.carer_id}


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post("/login", operation_id="login", opt={"exclude_from_auth": True}, status_code=200,
          raises=[NotAuthorizedException, TooManyRequestsException])
    async def login(self, request: Request, data: JSONBody[LoginIn]) -> Tokens:
        """Sign in. Repeated failures for one user name or one address answer 429 with
        Retry-After until the window passes."""
        user = await authenticate(data.username, data.password, _address(request))
        return Tokens(**await sessions.start_session(user), user=_user_dict(user))

    @post("/refresh", operation_id="refreshToken", opt={"exclude_from_auth": True}, status_code=200,
          raises=[NotAuthorizedException])
    async def refresh(self, data: JSONBody[RefreshIn]) -> Tokens:
        """A new pair for a refresh token, which is then spent: keep the new refresh token.
        Presenting a spent one ends that sign-in everywhere."""
        user, tokens = await sessions.rotate(data.refresh_token)
        return Tokens(**tokens, user=_user_dict(user))

    @post("/logout", operation_id="logout", opt={"exclude_from_auth": True}, status_code=204)
    async def logout(self, data: JSONBody[RefreshIn]) -> None:
        """Sign out: the refresh token (and any it was exchanged from or for) stops working."""
        await sessions.end_session(data.refresh_token)

    @post("/stream-ticket", operation_id="streamTicket", status_code=201)
    async def stream_ticket(self, request: Request, data: JSONBody[StreamTicketIn]) -> StreamTicket:
        """A one-minute ticket for one event stream (`?ticket=` on that path only), since a
        browser's EventSource cannot send the Authorization header."""
        version = request.auth["ver"]
        return StreamTicket(issue_stream_ticket(request.user.id, version, data.path),
                            STREAM_TICKET_SECONDS)

    @get("/me", operation_id="me")
    async def me(self, request: Request) -> dict:
        return _user_dict(request.user)
