"""The solver benchmark on a demo agency: `carerun bench --demo CLIENTS,CARERS`.

Builds the demo agency of that size in a throwaway SQLite file, turns today's calls into a
solver Problem through the same adapter the app uses, and compares the solver with the
greedy baseline on it. The generator in api/solver/generate.py drives the main benchmark; this
one shows the figures on the app's own data.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import tempfile
import time


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="carerun bench --demo")
    ap.add_argument("--demo", required=True, help="CLIENTS,CARERS, e.g. 240,64")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=20.0, help="solver search time")
    args = ap.parse_args(argv)
    try:
        clients, carers = (int(x) for x in args.demo.split(","))
    except ValueError:
        ap.error("--demo wants CLIENTS,CARERS, e.g. 240,64")
    # The engine is chosen when the tables are first used: point it at a fresh file first.
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='carerun-bench-')}/demo.sqlite"
    return asyncio.run(_run(clients, carers, args.seed, args.seconds))


async def _run(clients: int, carers: int, seed: int, seconds: float) -> int:
    from api.domain.shared.common import server_today
    from api.domain.shared.db import migrate_forwards
    from api.domain.setup.demo import build_demo
    from api.domain.rostering.planning import build_problem
    from api.solver import Options, greedy, solve
    from api.solver.bench import figures

    await migrate_forwards()
    await build_demo(seed=seed, clients=clients, carers=carers)
    problem, _ = await build_problem(server_today())
    print(f"demo agency: {clients} clients, {carers} carers; today {len(problem.calls)} calls")
    t = time.perf_counter()
    plan = solve(problem, Options(time_limit=seconds, seed=seed))
    solver = figures(problem, plan, time.perf_counter() - t)
    t = time.perf_counter()
    base = greedy(problem)
    baseline = figures(problem, base, time.perf_counter() - t)
    for who, f in (("solver", solver), ("greedy", baseline)):
        print(f"{who:<7} cover {f['coverage_pct']:6.2f}%  travel {f['travel_km']:7.1f} km "
              f"{f['travel_hours']:5.1f} h  wall {f['wall_s']:6.2f} s  violations {f['violations']}")
    return 0
