"""Benchmark: how long the planner's day board takes to answer, and how big it is.

Against a running server (`--url`), signed in as a planner: asks `GET /planner/day?date=D`
N times one after another and prints the median and worst time, the answer's size as sent
(gzip asked for, as browsers do) and uncompressed, and the number of calls on the board.
Build the agency first, e.g.

    CARERUN_VAR_DIR=/tmp/big carerun demo --seed 1 --clients 600 --carers 160
    CARERUN_VAR_DIR=/tmp/big carerun serve --port 8731 --workers 1
    .venv/bin/python scripts/bench_board.py --url http://127.0.0.1:8731 [--date 2026-12-03] [--runs 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import statistics
import time

import httpx


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--date", default=dt.date.today().isoformat())
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--user", default="planner")
    ap.add_argument("--password", default="carerun-demo")
    ap.add_argument("--path", default="/planner/day", help="also try /calls/uncovered")
    ap.add_argument("--pid", type=int, help="the server's process id (one worker): also print its CPU time per request")
    args = ap.parse_args()
    with httpx.Client(base_url=args.url, timeout=120) as client:
        token = client.post("/auth/login", json={"username": args.user, "password": args.password}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}", "Accept-Encoding": "gzip"}
        times, sent, raw, body = [], 0, 0, None
        cpu_before = _cpu_seconds(args.pid)
        for _ in range(args.runs):
            started = time.perf_counter()
            with client.stream("GET", f"{args.path}?date={args.date}", headers=headers) as r:
                r.raise_for_status()
                wire = b"".join(r.iter_raw())
            times.append((time.perf_counter() - started) * 1000)
            sent = len(wire)
            text = gzip.decompress(wire) if r.headers.get("content-encoding") == "gzip" else wire
            raw, body = len(text), json.loads(text)
        cpu = (_cpu_seconds(args.pid) - cpu_before) / args.runs * 1000 if args.pid else None
    if isinstance(body, dict):
        calls = sum(len(c["calls"]) for c in body.get("carers", [])) + len(body.get("unallocated", []))
    else:
        calls = len(body)
    print(f"{args.path} {args.date}: {calls} call blocks; median {statistics.median(times):.0f} ms, "
          f"worst {max(times):.0f} ms over {args.runs}; {sent / 1024:.0f} KB sent "
          f"({r.headers.get('content-encoding') or 'not compressed'}), {raw / 1024:.0f} KB as JSON"
          + (f"; server CPU {cpu:.0f} ms per request" if cpu is not None else ""))


def _cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process (and its finished children), from /proc: on a shared
    machine this is steadier than wall time."""
    if not pid:
        return 0.0
    import os

    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
