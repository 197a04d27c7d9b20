"""Send several requests to the app at the same moment: one event loop (the app's own), one
task per request, so their database work interleaves as it would under real load."""

from __future__ import annotations

import asyncio

import httpx


def post_together(client, requests: list[tuple[str, dict, dict]]) -> list[httpx.Response]:
    """POST each (path, json body, headers) concurrently; the answers in the same order."""

    async def send_all() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await asyncio.gather(*(http.post(path, json=body, headers=headers)
                                          for path, body, headers in requests))

    return client.blocking_portal.call(send_all)
