"""The in-app inbox: a signed-in user reads their messages and marks them opened; staff record
that they told someone by phone instead."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody
from msgspec import Meta

from api.auth import planner_guard
from api.domain.notify import inbox


class ReadIn(msgspec.Struct):
    ids: Annotated[list[int], Meta(max_length=inbox.INBOX_SIZE)]


class InboxController(Controller):
    path = "/me/notifications"
    tags = ["notifications"]

    @get("/", operation_id="myNotifications")
    async def list_mine(self, request: Request) -> inbox.Inbox:
        """The newest messages to the signed-in user, and how many are still unread."""
        return await inbox.inbox(request.user.id)

    @post("/read", operation_id="markNotificationsRead", status_code=200)
    async def mark_read(self, request: Request, data: JSONBody[ReadIn]) -> inbox.Inbox:
        """The user has seen these messages (ids that are not theirs are ignored)."""
        return await inbox.mark_read(request.user.id, data.ids)


class NotificationStaffController(Controller):
    path = "/notifications"
    tags = ["notifications"]
    guards = [planner_guard]

    @post("/{notification_id:int}/told-by-phone", operation_id="markToldByPhone", status_code=200,
          raises=[NotFoundException])
    async def told_by_phone(self, request: Request, notification_id: FromPath[int]) -> dict:
        """Record that a staff member told the person by phone (shown beside the message's
        delivery outcomes; audited)."""
        return await inbox.mark_told_by_phone(notification_id, request.user.id)
