"""Web Push subscriptions: the app registers its browser's subscription here."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, delete, get, post
from litestar.params import FromQuery, JSONBody
from litestar.response import Response
from msgspec import Meta

from api.domain.shared.common import ConflictException
from api.domain.notify.push import subscribe, unsubscribe
from api.settings import get_settings


class SubscriptionKeys(msgspec.Struct):
    p256dh: Annotated[str, Meta(min_length=16, max_length=255)]
    auth: Annotated[str, Meta(min_length=8, max_length=255)]


class SubscriptionIn(msgspec.Struct):
    endpoint: Annotated[str, Meta(min_length=8, max_length=2000)]
    keys: SubscriptionKeys
    expirationTime: int | float | None = None  # noqa: N815 - the browser's field name


class PushController(Controller):
    path = "/push"
    tags = ["push"]

    @get("/public-key", operation_id="pushPublicKey", opt={"exclude_from_auth": True})
    async def public_key(self) -> dict:
        return {"public_key": get_settings().vapid_public_key}

    @post("/subscriptions", operation_id="subscribePush", raises=[ConflictException])
    async def subscribe(self, request: Request, data: JSONBody[SubscriptionIn]) -> Response[dict]:
        created = await subscribe(request.user.id, data.endpoint, data.keys.p256dh, data.keys.auth)
        return Response({"endpoint": data.endpoint, "created": created}, status_code=201 if created else 200)

    @delete("/subscriptions", operation_id="unsubscribePush", status_code=204)
    async def unsubscribe(self, request: Request, endpoint: FromQuery[str]) -> None:
        await unsubscribe(request.user.id, endpoint)
