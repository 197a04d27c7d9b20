"""Where a GET's CPU goes: call the ASGI app directly (no client, no sockets) and profile it.

    python scripts/profile_route.py [--path /me/run] [--user carer01] [--requests 2000] [--top 30]

Uses the database of DATABASE_URL / CARERUN_VAR_DIR (build one with `carerun demo`). Prints the
mean wall time per request in one process (the machine's load shows in it: say what it was),
then, with --top, cProfile's heaviest functions by cumulative and by own time. A figure for a
person to read, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import time


async def _call(app, path: str, query: str, token: str) -> tuple[int, bytes]:
    status, body = 0, []
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", b"127.0.0.1"), (b"authorization", f"Bearer {token}".encode())],
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "state": {},
    }

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(body)


async def main(args: argparse.Namespace) -> None:
    from api.app import create_app
    from api.auth import issue_access_token
    from api.domain.shared.db import close_pool, open_pool
    from api.domain.tables import User

    app = create_app()
    await open_pool()
    try:
        user = await User.select().where(User.username == args.user).first()
        if user is None:
            raise SystemExit(f"no user {args.user}: build the demo first (carerun demo)")
        token = issue_access_token(user["id"], user["role"], user["token_version"])
        path, _, query = args.path.partition("?")
        status, body = await _call(app, path, query, token)
        if status != 200:
            raise SystemExit(f"GET {args.path} answered {status}: {body[:300]!r}")
        for _ in range(50):  # warm caches and connections
            await _call(app, path, query, token)
        profiler = cProfile.Profile() if args.top else None
        load = os.getloadavg()[0]
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        for _ in range(args.requests):
            await _call(app, path, query, token)
        if profiler:
            profiler.disable()
        per_request = (time.perf_counter() - started) / args.requests * 1000
        print(f"GET {args.path} as {args.user}: {per_request:.2f} ms per request over {args.requests}"
              f"{' (profiled: slower)' if profiler else ''}, {len(body)} bytes, load {load:.2f}")
        if profiler:
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
    finally:
        await close_pool()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/me/run")
    parser.add_argument("--user", default="carer01")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=0, help="profile and print this many functions")
    asyncio.run(main(parser.parse_args()))
