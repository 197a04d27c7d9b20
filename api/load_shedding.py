"""Shed load: answer 503 with Retry-After at once when too many requests are being worked on.

Without this an overloaded server queues every request and answers all of them seconds late;
with it the excess is refused in microseconds and the phones retry, while the requests let in
keep their normal latency. A request holds its slot until its answer starts (so a long event
stream holds none once it is open). The limit is per process: `carerun serve --workers N`
allows N times as many.
"""

from __future__ import annotations

import os

from litestar.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_MAX_IN_FLIGHT = 32
RETRY_AFTER_S = 1
_BUSY_BODY = b'{"status_code":503,"detail":"the server is busy; try again in a moment"}'


def max_in_flight_from_env() -> int:
    raw = os.environ.get("CARERUN_MAX_IN_FLIGHT")
    return int(raw) if raw else DEFAULT_MAX_IN_FLIGHT


class InFlight:
    """The count of requests being worked on, shared by every route's middleware instance
    (Litestar builds a middleware stack per route)."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("the in-flight limit must be at least 1")
        self.limit = limit
        self.count = 0


class ConcurrencyLimit:
    """Pure ASGI middleware (outermost, before authentication: refusing must cost nothing)."""

    def __init__(self, app: ASGIApp, gate: InFlight, exempt_paths: tuple[str, ...] = ("/health",)) -> None:
        self.app = app
        self.gate = gate
        self.exempt_paths = exempt_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        gate = self.gate
        if scope["type"] != "http" or scope["path"] in self.exempt_paths:
            await self.app(scope, receive, send)
            return
        if gate.count >= gate.limit:
            await _busy(send)
            return
        gate.count += 1
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                gate.count -= 1

        async def send_and_release(message: Message) -> None:
            if message["type"] == "http.response.start":
                release()
            await send(message)

        try:
            await self.app(scope, receive, send_and_release)
        finally:
            release()


async def _busy(send: Send) -> None:
    await send({
        "type": "http.response.start",
        "status": 503,
        "headers": [
            (b"content-type", b"application/json"),
            (b"retry-after", str(RETRY_AFTER_S).encode()),
            (b"content-length", str(len(_BUSY_BODY)).encode()),
        ],
    })
    await send({"type": "http.response.body", "body": _BUSY_BODY})
