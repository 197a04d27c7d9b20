"""`carerun loadtest`: drive a running server at fixed request rates and print its latency.

Open loop: request i of a step is sent at start + i/rate whatever the earlier ones are doing,
and its latency counts from that planned moment, so a slow server cannot slow the test down
and hide its own queueing (coordinated omission). Each step prints p50/p95/p99, the answers
that were not 2xx (503s, the shed load, on their own) and the machine's load average, which
matters on a shared machine.

The requests go over a small HTTP/1.1 keep-alive client of its own (asyncio streams, on uvloop
when installed): the client shares the server's cores, and httpx spent about as much CPU per
request as the server did, so the figures measured the client as much as the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

MAX_RATE = 2000  # requests/s: a bound so the command cannot be pointed at a server as a flood
MAX_DURATION_S = 120


@dataclass
class StepResult:
    rate: int
    sent: int = 0
    latencies_ms: list[float] = field(default_factory=list)  # of 2xx answers
    shed: int = 0  # 503: refused quickly by the server's in-flight limit
    errors: dict[str, int] = field(default_factory=dict)  # other statuses and failures
    first_error: str = ""
    load_before: float = 0.0
    load_after: float = 0.0

    def percentile(self, p: float) -> float | None:
        if not self.latencies_ms:
            return None
        if len(self.latencies_ms) == 1:
            return self.latencies_ms[0]
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[int(p) - 1]

    def line(self) -> str:
        def ms(p):
            v = self.percentile(p)
            return "-" if v is None else f"{v:.1f}"

        errors = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors.items())) or "0"
        return (f"{self.rate:>6} {self.sent:>6} {len(self.latencies_ms):>6} {ms(50):>8} {ms(95):>8} "
                f"{ms(99):>8} {self.shed:>6}  {self.load_before:.2f}/{self.load_after:.2f}  {errors}")


HEADER = f"{'rate/s':>6} {'sent':>6} {'ok':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'503':>6}  load 1m before/after  errors"


def parse_rates(text: str) -> list[int]:
    try:
        rates = [int(r) for r in text.split(",") if r.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("--rates: a comma-separated list of whole numbers") from None
    if not rates or any(r < 1 or r > MAX_RATE for r in rates):
        raise argparse.ArgumentTypeError(f"--rates: each rate must be between 1 and {MAX_RATE}")
    return rates


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--url", default="http://127.0.0.1:8000", help="a running server (loopback)")
    p.add_argument("--path", default="/me/run", help="the GET route to drive")
    p.add_argument("--users", default="carer01,carer02,carer03,carer04,carer05,carer06,carer07,carer08",
                   help="comma-separated user names; requests rotate over their tokens")
    p.add_argument("--password", default="carerun-demo")
    p.add_argument("--rates", type=parse_rates, default=[50, 100, 150, 300], help="requests/s, e.g. 150,300")
    p.add_argument("--duration", type=float, default=10.0, help=f"seconds per rate (at most {MAX_DURATION_S})")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds at the first rate, not reported")
    p.add_argument("--connections", type=int, default=256, help="most open connections")


def _loopback_only(url: str) -> None:
    host = httpx.URL(url).host
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"--url: the load test drives a server on loopback only, not {host}")


async def _tokens(http: httpx.AsyncClient, users: list[str], password: str) -> list[str]:
    tokens = []
    for name in users:
        answer = await http.post("/auth/login", json={"username": name, "password": password})
        if answer.status_code != 200:
            raise SystemExit(f"cannot sign in as {name}: {answer.status_code} {answer.text[:200]}")
        tokens.append(answer.json()["access_token"])
    return tokens


class HTTPError(Exception):
    """The server closed or garbled an answer."""


class Connections:
    """Keep-alive HTTP/1.1 connections to one server, at most `limit` open; a request waits
    for a free one (that wait counts in its latency)."""

    def __init__(self, url: str, limit: int) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.limit = limit
        self.opened = 0
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.free = asyncio.Condition()

    async def _take(self, fresh: bool = False):
        async with self.free:
            while not (self.idle and not fresh) and self.opened >= self.limit:
                await self.free.wait()
            if self.idle and not fresh:
                return self.idle.pop(), True
            self.opened += 1
        try:
            return await asyncio.open_connection(self.host, self.port), False
        except OSError:
            await self._lost()
            raise

    async def _give_back(self, connection) -> None:
        async with self.free:
            self.idle.append(connection)
            self.free.notify()

    async def _lost(self) -> None:
        async with self.free:
            self.opened -= 1
            self.free.notify()

    async def get(self, path: str, token: str) -> int:
        """GET `path` with a bearer token; the answer's status (its body is read and dropped).
        A kept-alive connection the server has closed meanwhile (uvicorn closes idle ones after
        5 s) is retried once on a new connection, as browsers do."""
        request = (f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                   f"Authorization: Bearer {token}\r\n\r\n").encode()
        connection, reused = await self._take()
        while True:
            reader, writer = connection
            try:
                writer.write(request)
                status, keep = await _read_answer(reader)
                break
            except (OSError, asyncio.IncompleteReadError, HTTPError, ValueError) as exc:
                writer.close()
                await self._lost()
                stale = isinstance(exc, (ConnectionError, asyncio.IncompleteReadError)) and reused
                if not stale or (isinstance(exc, asyncio.IncompleteReadError) and exc.partial):
                    raise HTTPError(f"{type(exc).__name__}: {exc}") from None
                connection, reused = await self._take(fresh=True)
        if keep:
            await self._give_back(connection)
        else:
            writer.close()
            await self._lost()
        return status

    async def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle = []


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one HTTP/1.1 answer: (status, whether the connection stays open)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise HTTPError(f"not an HTTP answer: {lines[0][:80]!r}")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        raise HTTPError("an answer without a length")
    return int(parts[1]), headers.get("connection", "").lower() != "close"


async def run_step(http: Connections, path: str, tokens: list[str], rate: int, duration: float) -> StepResult:
    result = StepResult(rate=rate, load_before=os.getloadavg()[0])
    total = max(1, int(rate * duration))
    start = time.perf_counter() + 0.05

    async def one(i: int, planned: float) -> None:
        try:
            status = await http.get(path, tokens[i % len(tokens)])
        except (HTTPError, OSError) as exc:
            result.errors[type(exc).__name__] = result.errors.get(type(exc).__name__, 0) + 1
            result.first_error = result.first_error or str(exc)[:120]
            return
        if 200 <= status < 300:
            result.latencies_ms.append((time.perf_counter() - planned) * 1000)
        elif status == 503:
            result.shed += 1
        else:
            result.errors[str(status)] = result.errors.get(str(status), 0) + 1

    tasks = []
    for i in range(total):
        planned = start + i / rate
        delay = planned - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, planned)))
        result.sent += 1
    await asyncio.gather(*tasks)
    result.load_after = os.getloadavg()[0]
    return result


async def run(args: argparse.Namespace) -> list[StepResult]:
    _loopback_only(args.url)
    if not 0 < args.duration <= MAX_DURATION_S:
        raise SystemExit(f"--duration: between 0 and {MAX_DURATION_S} seconds")
    async with httpx.AsyncClient(base_url=args.url, timeout=60.0) as http:
        try:
            tokens = await _tokens(http, [u for u in args.users.split(",") if u], args.password)
        except httpx.ConnectError:
            raise SystemExit(f"--url: no server answers at {args.url} (start one: carerun serve)") from None
    connections = Connections(args.url, args.connections)
    try:
        if args.warmup > 0:
            await run_step(connections, args.path, tokens, args.rates[0], args.warmup)
        print(f"GET {args.path} on {args.url}, {args.duration:g} s per rate, {len(tokens)} users, "
              f"{os.cpu_count()} cores")
        print(HEADER, flush=True)
        results = []
        for rate in args.rates:
            step = await run_step(connections, args.path, tokens, rate, args.duration)
            print(step.line(), flush=True)
            if step.first_error:
                print(f"       first error: {step.first_error}", flush=True)
            results.append(step)
        return results
    finally:
        await connections.close()


def main(args: argparse.Namespace) -> int:
    try:
        import uvloop  # the server's own event loop (uvicorn[standard]); the client is cheaper on it
    except ImportError:
        results = asyncio.run(run(args))
    else:
        results = uvloop.run(run(args))
    return 0 if all(not r.errors for r in results) else 1
