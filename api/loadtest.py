"""`carerun loadtest`: drive a running server at fixed request rates and print its latency.

Open loop: request i of a step is sent at start + i/rate whatever the earlier ones are doing,
and its latency counts from that planned moment, so a slow server cannot slow the test down
and hide its own queueing (coordinated omission). Each step prints p50/p95/p99, the answers
that were not 2xx (503s, the shed load, on their own) and the machine's load average, which
matters on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from dataclasses import dataclass, field

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


async def run_step(http: httpx.AsyncClient, path: str, tokens: list[str], rate: int, duration: float) -> StepResult:
    result = StepResult(rate=rate, load_before=os.getloadavg()[0])
    total = max(1, int(rate * duration))
    start = time.perf_counter() + 0.05

    async def one(i: int, planned: float) -> None:
        try:
            answer = await http.get(path, headers={"Authorization": f"Bearer {tokens[i % len(tokens)]}"})
            status = answer.status_code
        except httpx.HTTPError as exc:
            result.errors[type(exc).__name__] = result.errors.get(type(exc).__name__, 0) + 1
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
    limits = httpx.Limits(max_connections=args.connections, max_keepalive_connections=args.connections)
    async with httpx.AsyncClient(base_url=args.url, limits=limits, timeout=60.0) as http:
        try:
            tokens = await _tokens(http, [u for u in args.users.split(",") if u], args.password)
        except httpx.ConnectError:
            raise SystemExit(f"--url: no server answers at {args.url} (start one: carerun serve)") from None
        if args.warmup > 0:
            await run_step(http, args.path, tokens, args.rates[0], args.warmup)
        print(f"GET {args.path} on {args.url}, {args.duration:g} s per rate, {len(tokens)} users, "
              f"{os.cpu_count()} cores")
        print(HEADER, flush=True)
        results = []
        for rate in args.rates:
            step = await run_step(http, args.path, tokens, rate, args.duration)
            print(step.line(), flush=True)
            results.append(step)
        return results


def main(args: argparse.Namespace) -> int:
    results = asyncio.run(run(args))
    return 0 if all(not r.errors for r in results) else 1
