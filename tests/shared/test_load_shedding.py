"""Overload is refused at once (503 + Retry-After) instead of queued, driven without timing:
a limit of one and a request held open inside its handler."""

import asyncio

import httpx
from litestar import get

from api.app import create_app


def _app_with_a_held_route(limit: int):
    entered, release = asyncio.Event(), asyncio.Event()

    @get("/test/hold", opt={"exclude_from_auth": True}, include_in_schema=False)
    async def hold() -> dict:
        entered.set()
        await release.wait()
        return {"held": True}

    return create_app(extra_handlers=[hold], max_in_flight=limit), entered, release


def test_a_request_over_the_in_flight_limit_gets_503_with_retry_after_and_the_slot_comes_back():
    async def scenario():
        app, entered, release = _app_with_a_held_route(limit=1)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
            first = asyncio.create_task(http.get("/test/hold"))
            await entered.wait()  # the only slot is taken
            busy = await http.get("/auth/me")
            release.set()
            held = await first
            after = await http.get("/auth/me")  # the slot was given back
        return busy, held, after

    # No database here: this loop is not the app's, and a PostgreSQL pool must stay on its own.
    busy, held, after = asyncio.run(scenario())
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == "1"
    assert "busy" in busy.json()["detail"]
    assert held.status_code == 200 and held.json() == {"held": True}
    assert after.status_code == 401  # let through to authentication again
