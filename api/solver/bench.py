"""``carerun bench``: seeded agencies of three sizes, solver against the greedy baseline.

Prints, per size, calls, carers, coverage %, travel km and hours, wall seconds and the checker's
violation count for both; the small agency's week for continuity (mean distinct carers per
client); and a cover re-plan for one sick carer on the medium day. ``--json FILE`` writes the
same figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from .check import check
from .cover import CarerOff, cover
from .generate import SIZES, generate
from .greedy import greedy
from .model import Options, Plan, Problem
from .multiday import distinct_carers_per_client, solve_days
from .solve import solve

TIME_LIMITS = {"small": 8.0, "medium": 16.0, "large": 48.0}  # search budget; overruns measured: medium +1.7 s, large +1.5 s (targets 20 s / 60 s wall)
WEEK_DAY_LIMIT = 4.0


def figures(problem: Problem, plan: Plan, wall: float) -> dict[str, Any]:
    return {
        "coverage_pct": round(plan.coverage(problem), 2),
        "travel_km": round(plan.travel_metres() / 1000, 1),
        "travel_hours": round(plan.travel_seconds() / 3600, 1),
        "wall_s": round(wall, 2),
        "violations": len(check(problem, plan)),
    }


def bench_size(size: str, seed: int, out=sys.stdout) -> tuple[dict[str, Any], Problem, Plan]:
    problem = generate(SIZES[size][0], seed=seed).days[0]
    carers = sum(1 for c in problem.carers if c.shifts and not c.absent)
    t = time.perf_counter()
    plan = solve(problem, Options(time_limit=TIME_LIMITS[size], seed=seed))
    s_wall = time.perf_counter() - t
    t = time.perf_counter()
    base = greedy(problem)
    g_wall = time.perf_counter() - t
    row = {
        "size": size,
        "calls": len(problem.calls),
        "carers": carers,
        "solver": figures(problem, plan, s_wall),
        "greedy": figures(problem, base, g_wall),
    }
    return row, problem, plan


def bench_cover(problem: Problem, plan: Plan) -> dict[str, Any]:
    load: dict[str, int] = {}
    for r in plan.runs:
        load[r.carer_id] = load.get(r.carer_id, 0) + len(r.stops)
    sick = max(sorted(load), key=lambda k: load[k])
    orphans = {s.call_id for r in plan.runs if r.carer_id == sick for s in r.stops}
    t = time.perf_counter()
    res = cover(problem, plan, CarerOff(sick))
    wall = time.perf_counter() - t
    needing = {sick} | {k for k, d in res.diff.items() if set(d.added) & orphans}
    moved = set(res.plan.stats.get("moved_to_make_room", ()))
    # runs that changed only to take a call moved out of the way of an orphan (counted apart)
    made_room = {k for k, d in res.diff.items() if k not in needing and set(d.added) & moved}
    return {
        "wall_s": round(wall, 3),
        "sick_carer": sick,
        "orphaned_calls": len(orphans),
        "orphans_covered": len(orphans & set(res.plan.assignments())),
        "runs_changed": len(res.diff),
        "runs_needing_change": len(needing),
        "runs_changed_to_make_room": len(made_room),
        "calls_moved_to_make_room": len(moved),
        "violations": len(check(res.problem, res.plan)),
        "coverage_pct": round(res.plan.coverage(res.problem), 2),
    }


def bench_week(seed: int) -> dict[str, Any]:
    week = generate(SIZES["small"][0], seed=seed, days=7)
    t = time.perf_counter()
    plans = solve_days(week.days, Options(time_limit=WEEK_DAY_LIMIT, seed=seed))
    s_wall = time.perf_counter() - t
    base = solve_days(week.days, planner=greedy)
    return {
        "solver": round(distinct_carers_per_client(plans), 2),
        "greedy": round(distinct_carers_per_client(base), 2),
        "solver_coverage_pct": round(sum(p.coverage(d) for p, d in zip(plans, week.days)) / 7, 2),
        "greedy_coverage_pct": round(sum(p.coverage(d) for p, d in zip(base, week.days)) / 7, 2),
        "solver_violations": sum(len(check(d, p)) for p, d in zip(plans, week.days)),
        "greedy_violations": sum(len(check(d, p)) for p, d in zip(base, week.days)),
        "wall_s": round(s_wall, 1),
    }


def _print_row(row: dict[str, Any], out) -> None:
    for who in ("solver", "greedy"):
        f = row[who]
        print(
            f"{row['size']:<7} {who:<7} {row['calls']:>6} {row['carers']:>6} {f['coverage_pct']:>7.2f} "
            f"{f['travel_km']:>9.1f} {f['travel_hours']:>8.1f} {f['wall_s']:>7.2f} {f['violations']:>5}",
            file=out,
        )
    s, g = row["solver"], row["greedy"]
    if g["travel_km"]:
        print(f"{'':<7} travel {100 * (1 - s['travel_km'] / g['travel_km']):.1f}% lower than greedy", file=out)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``carerun bench``; returns the process exit code."""
    ap = argparse.ArgumentParser(prog="carerun bench", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="small,medium,large", help="comma-separated: small,medium,large")
    ap.add_argument("--json", dest="json_file", default=None, help="also write the figures to this file")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    bad = [s for s in sizes if s not in SIZES]
    if bad:
        ap.error(f"unknown size(s): {', '.join(bad)}")
    out = sys.stdout
    print(f"{'size':<7} {'who':<7} {'calls':>6} {'carers':>6} {'cover%':>7} {'travel_km':>9} {'travel_h':>8} {'wall_s':>7} {'viol':>5}", file=out)
    result: dict[str, Any] = {"sizes": []}
    cover_day = None
    for size in sizes:
        row, problem, plan = bench_size(size, args.seed)
        result["sizes"].append(row)
        _print_row(row, out)
        out.flush()
        if size == "medium" or cover_day is None:
            cover_day = (size, problem, plan)
    if "small" in sizes or not sizes:
        cont = bench_week(args.seed)
        result["continuity"] = cont
        print(
            f"continuity (small agency, 7 days): mean distinct carers per client: solver {cont['solver']}, "
            f"greedy {cont['greedy']} (coverage {cont['solver_coverage_pct']}% / {cont['greedy_coverage_pct']}%, "
            f"violations {cont['solver_violations']} / {cont['greedy_violations']})",
            file=out,
        )
    if cover_day is not None:
        size, problem, plan = cover_day
        cv = bench_cover(problem, plan)
        cv["size"] = size
        result["cover"] = cv
        print(
            f"cover ({size} day, {cv['sick_carer']} off sick, {cv['orphaned_calls']} calls): {cv['wall_s']} s, "
            f"{cv['orphans_covered']} covered, runs changed {cv['runs_changed']} "
            f"(needing change {cv['runs_needing_change']}, taking a call moved to make room "
            f"{cv['runs_changed_to_make_room']}), violations {cv['violations']}",
            file=out,
        )
    if args.json_file:
        with open(args.json_file, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
