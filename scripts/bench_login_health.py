"""Benchmark: does /health stay quick while wrong sign-ins are being checked?

Starts its own server (one worker, a fresh demo agency in a temporary folder) unless --url is
given, then, for each round, sends N wrong sign-ins at once (distinct unknown user names, so the
per-user limit does not cut them short; keep N under the per-address limit, 30 by default) and
at the same moment asks /health every few milliseconds until the sign-ins have all answered.
Prints the /health latencies (median, worst) and how long the sign-ins took. Figures only; the
test suite checks the behaviour (tests/people/test_password_hashing.py).

    .venv/bin/python scripts/bench_login_health.py [--url http://127.0.0.1:8000] [--logins 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server() -> tuple[subprocess.Popen, str]:
    var = tempfile.mkdtemp(prefix="carerun-bench-login-")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CARERUN_VAR_DIR"] = var
    log = open(Path(var) / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "up", "--port", str(port), "--workers", "1"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not start; see " + str(Path(var) / "server.log"))


async def _round(base: str, logins: int, round_no: int) -> tuple[list[float], float]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        started = time.perf_counter()
        sign_ins = [asyncio.create_task(http.post("/auth/login", json={
            "username": f"bench{round_no}x{i}", "password": "wrong-password"})) for i in range(logins)]
        health_ms = []
        while not all(t.done() for t in sign_ins):
            t0 = time.perf_counter()
            await http.get("/health")
            health_ms.append((time.perf_counter() - t0) * 1000)
            await asyncio.sleep(0.005)
        await asyncio.gather(*sign_ins)
        return health_ms, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (else one is started)")
    parser.add_argument("--logins", type=int, default=20, help="concurrent wrong sign-ins per round")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    proc, base = (None, args.url) if args.url else _start_server()
    try:
        for n in range(args.rounds):
            health_ms, took = asyncio.run(_round(base, args.logins, n))
            print(f"{args.logins} wrong sign-ins answered in {took:.2f} s; /health asked "
                  f"{len(health_ms)} times meanwhile: median {statistics.median(health_ms):.1f} ms, "
                  f"worst {max(health_ms):.1f} ms; load average {os.getloadavg()[0]:.1f}")
    finally:
        if proc:
            proc.terminate()
            proc.wait(20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
