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
    args = ap.parse_args()
    with httpx.Client(base_url=args.url, timeout=120) as client:
        token = client.post("/auth/login", json={"username": args.user, "password": args.password}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}", "Accept-Encoding": "gzip"}
        times, sent, raw, body = [], 0, 0, None
        for _ in range(args.runs):
            started = time.perf_counter()
            with client.stream("GET", f"{args.path}?date={args.date}", headers=headers) as r:
                r.raise_for_status()
                wire = b"".join(r.iter_raw())
            times.append((time.perf_counter() - started) * 1000)
            sent = len(wire)
            text = gzip.decompress(wire) if r.headers.get("content-encoding") == "gzip" else wire
            raw, body = len(text), json.loads(text)
    if isinstance(body, dict):
        calls = sum(len(c["calls"]) for c in body.get("carers", [])) + len(body.get("unallocated", []))
    else:
        calls = len(body)
    print(f"{args.path} {args.date}: {calls} call blocks; median {statistics.median(times):.0f} ms, "
          f"worst {max(times):.0f} ms over {args.runs}; {sent / 1024:.0f} KB sent "
          f"({r.headers.get('content-encoding') or 'not compressed'}), {raw / 1024:.0f} KB as JSON")


if __name__ == "__main__":
    main()
