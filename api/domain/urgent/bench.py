"""How long "Who can be there soonest" takes: `carerun bench --urgent [--demo C,K] [--repeat N]`.

On the demo agency (built in a throwaway SQLite file): the whole answer as the API gives it
(reading the day through the planner's adapter, then ranking), and the ranking alone. On the
solver benchmark's large day (generated, greedy working plan): the ranking alone. Prints the
median and the slowest of N runs.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import tempfile
import time


def _figures(label: str, seconds: list[float], extra: str = "") -> None:
    print(f"{label:<44} median {1000 * statistics.median(seconds):7.1f} ms   "
          f"slowest {1000 * max(seconds):7.1f} ms{extra}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="carerun bench --urgent")
    ap.add_argument("--urgent", action="store_true", required=True)
    ap.add_argument("--demo", default="60,16", help="CLIENTS,CARERS of the demo agency (default 60,16)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-large", action="store_true", help="skip the benchmark's large day")
    args = ap.parse_args(argv)
    clients, carers = (int(x) for x in args.demo.split(","))
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='carerun-urgent-')}/demo.sqlite"
    asyncio.run(_demo(clients, carers, args.seed, args.repeat))
    if not args.no_large:
        _large(args.seed, args.repeat)
    return 0


async def _demo(clients: int, carers: int, seed: int, repeat: int) -> None:
    from api.domain.setup.demo import build_demo
    from api.domain.shared.db import migrate_forwards
    from api.domain.tables import Client
    from api.domain.urgent import ranking
    from api.domain.urgent.requests import UrgentIn, load, log_request

    await migrate_forwards()
    await build_demo(seed=seed, clients=clients, carers=carers)
    client = await Client.select(Client.id).where(Client.status == "active").first()
    request = await load(await log_request(UrgentIn(need="fall_no_injury", what_happened="benchmark",
                                                    client_id=client["id"]), None))
    whole, alone = [], []
    answer = None
    for _ in range(repeat):
        t = time.perf_counter()
        answer = await ranking.rank(request)
        whole.append(time.perf_counter() - t)
    local = ranking._now_local(None)
    now_s = (local.hour * 60 + local.minute) * 60
    day = await ranking.load_day(request, local.date(), now_s)
    call = ranking.urgent_call(request, now_s)
    for _ in range(repeat):
        t = time.perf_counter()
        ranking.rank_day(day, call, now_s)
        alone.append(time.perf_counter() - t)
    print(f"demo agency {clients} clients, {carers} carers; today {len(day.problem.calls)} calls")
    _figures("whole answer (read the day + rank)", whole,
             f"   {len(answer.candidates)} could go, {len(answer.cannot_go)} cannot")
    _figures("ranking alone", alone)


def _large(seed: int, repeat: int) -> None:
    from api.solver import greedy
    from api.solver.generate import SIZES, generate
    from api.domain.urgent import ranking

    problem = generate(SIZES["large"][0], seed=seed).days[0]
    plan = greedy(problem)
    now_s = 10 * 3600
    lat = statistics.mean(c.location[0] for c in problem.calls)
    lon = statistics.mean(c.location[1] for c in problem.calls)
    day = ranking.Day(problem, plan, [], set(), {}, {c.id: c.id for c in problem.carers}, {}, set(), 30 * 60)
    call = ranking.urgent_call({"client": None, "lat": lat, "lon": lon, "respond_within_minutes": 60,
                                "duration_minutes": 45, "required_skills": []}, now_s)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        answer = ranking.rank_day(day, call, now_s)
        times.append(time.perf_counter() - t)
    print(f"benchmark large day: {len(problem.calls)} calls, {len(problem.carers)} carers (greedy plan, 10:00)")
    _figures("ranking alone", times, f"   {len(answer.candidates)} could go")
