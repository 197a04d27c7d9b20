"""``carerun bench``: seeded agencies of three sizes, solver against the greedy baseline.

Prints, per size, calls, carers, coverage %, travel km and hours, wall and CPU seconds and the
checker's violation count for the solver with its default weights, the solver with a
travel-only objective (the soft goals' weights at zero: what the goals cost in travel) and the
greedy baseline; the small agency's week for continuity (mean distinct carers per client); and a
cover re-plan for one sick carer on the medium day. ``--peer vroom`` adds VROOM (see
``peer_vroom``) on the same days: as stated for it, repaired to keep double-ups together, and on
the same days without double-ups beside our travel-only solve (``--peer-same-time``: also with
VROOM's wall time as the solver's budget; ``--peer-from FILE``: VROOM's figures from an earlier
``--json FILE`` rather than solving again). ``--json FILE`` writes the same figures, after each
size. The load average is printed with them: on a shared machine wall time says little.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from typing import Any, Callable

from .check import check
from .cover import CarerOff, cover
from .generate import SIZES, generate
from .greedy import greedy
from .model import Options, Plan, Problem
from .multiday import distinct_carers_per_client, solve_days
from .solve import solve
from . import peer_vroom
from .goal_costs import goal_costs, travel_only

TIME_LIMITS = {"small": 8.0, "medium": 16.0, "large": 48.0}  # search budget; overruns measured: medium +1.7 s, large +1.5 s (targets 20 s / 60 s wall)
WEEK_DAY_LIMIT = 4.0


def load_average() -> str:
    try:
        return " ".join(open("/proc/loadavg", encoding="ascii").read().split()[:3])
    except OSError:
        return "?"


def _cpu() -> float:
    """CPU seconds of this process, its threads and its waited-for children (the cluster workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], Plan]) -> tuple[Plan, float, float]:
    """``fn()``'s plan with its wall and CPU seconds."""
    t, c = time.perf_counter(), _cpu()
    plan = fn()
    return plan, time.perf_counter() - t, _cpu() - c


def figures(problem: Problem, plan: Plan, wall: float, cpu: float | None = None) -> dict[str, Any]:
    return {
        "coverage_pct": round(plan.coverage(problem), 2),
        "travel_km": round(plan.travel_metres() / 1000, 1),
        "travel_hours": round(plan.travel_seconds() / 3600, 1),
        "wall_s": round(wall, 2),
        "cpu_s": None if cpu is None else round(cpu, 2),
        # when the solver had its first plan of the whole day (seconds from its start)
        "first_s": plan.stats.get("first_s"),
        "violations": len(check(problem, plan)),
        "load": load_average(),
        "start": start_of(plan),
    }


def start_of(plan: Plan) -> str | None:
    """Where the solver's plan came from, in words (None for a plan not from the solver)."""
    st = plan.stats
    if st.get("greedy_kept"):
        return "the greedy baseline, kept"
    if st.get("whole_day_vroom"):
        return "VROOM's plan of the whole day"
    if "vroom_starts" in st:
        return f"VROOM's plan in {st['vroom_starts']} of {st.get('clusters', 1)} parts" if st["vroom_starts"] else "our own starts"
    return None


def solver_options(size: str, seed: int, solutions: int | None) -> Options:
    """The size's wall-time budget, or (``--solutions N``) the search that stops after N
    solutions (the same plan on any machine unless the search's 5 s safety limit cuts it short
    first, as it does on a loaded one)."""
    if solutions:
        return Options(time_limit=None, solution_limit=solutions, seed=seed)
    return Options(time_limit=TIME_LIMITS[size], seed=seed)


def bench_size(size: str, seed: int, out=sys.stdout, solutions: int | None = None) -> tuple[dict[str, Any], Problem, Plan]:
    problem = generate(SIZES[size][0], seed=seed).days[0]
    carers = sum(1 for c in problem.carers if c.shifts and not c.absent)
    opts = solver_options(size, seed, solutions)
    plan, s_wall, s_cpu = timed(lambda: solve(problem, opts))
    lean, l_wall, l_cpu = timed(lambda: solve(travel_only(problem), opts))
    base, g_wall, g_cpu = timed(lambda: greedy(problem))
    row = {
        "size": size,
        "calls": len(problem.calls),
        "carers": carers,
        "solver": figures(problem, plan, s_wall, s_cpu),
        "travel-only": figures(problem, lean, l_wall, l_cpu),
        "greedy": figures(problem, base, g_wall, g_cpu),
        "goal_costs": goal_costs(problem, plan, lean),
    }
    return row, problem, plan


PEER_DAYS = ("both", "full", "plain")


def bench_peer(size: str, problem: Problem, seed: int, solutions: int | None, threads: int,
               level: int = peer_vroom.EXPLORATION, days: str = "both", same_time: bool = False,
               kept: dict[str, Any] | None = None) -> dict[str, Any]:
    """VROOM beside the solver: the full day (as stated for VROOM, and repaired by us to keep
    double-ups together) and the same day without double-ups (both on travel only).

    ``days`` limits this to the full day or the plain one. ``same_time``: on the plain day the
    solver also gets VROOM's wall time as its budget (the issue's "at the same wall time").
    ``kept``: VROOM's figures from an earlier ``--json`` of the same size, seed and level, used
    instead of solving with VROOM again (level 5 takes minutes on medium)."""
    kept = kept or {}
    plain = peer_vroom.without_double_ups(problem)
    opts = solver_options(size, seed, solutions)
    out: dict[str, Any] = {"dropped": peer_vroom.dropped_rules(problem), "plain_calls": len(plain.calls),
                           "exploration": level, "threads": threads}

    def vroom(day: Problem, fn: Callable[[], Plan], stored: dict[str, Any] | None) -> dict[str, Any]:
        if stored is not None:
            return dict(stored, kept=True)  # VROOM's figures from the earlier run
        plan, wall, cpu = timed(fn)
        return figures(day, plan, wall, cpu)

    if days in ("both", "full"):
        out["vroom"] = vroom(problem, lambda: peer_vroom.solve_vroom(
            problem, threads=threads, exploration=level).plan, kept.get("vroom"))
        out["vroom repaired"] = vroom(problem, lambda: peer_vroom.vroom_repaired(
            problem, threads=threads, exploration=level).plan, kept.get("vroom repaired"))
    if days in ("both", "plain"):
        ours, o_wall, o_cpu = timed(lambda: solve(travel_only(plain), opts))
        out["plain"] = {"travel-only": figures(plain, ours, o_wall, o_cpu)}
        out["plain"]["vroom"] = vroom(plain, lambda: peer_vroom.solve_vroom(
            plain, threads=threads, exploration=level).plan, kept.get("plain", {}).get("vroom"))
        if same_time:
            budget = out["plain"]["vroom"]["wall_s"]
            same = Options(time_limit=budget, seed=seed)
            s, s_wall, s_cpu = timed(lambda: solve(travel_only(plain), same))
            out["plain"]["travel-only same wall"] = figures(plain, s, s_wall, s_cpu)
    return out


def kept_peer(path: str, size: str, seed: int, level: int, calls: int, carers: int) -> dict[str, Any] | None:
    """VROOM's figures for ``size`` from an earlier ``--json`` file, if it was the same day (size,
    seed, calls, carers) at the same exploration level; None if the file has none for it. (The
    generator hires carers by our own insertion: a change to it can change the day's carers.)"""
    with open(path, encoding="utf-8") as fh:
        earlier = json.load(fh)
    for row in earlier.get("sizes", []):
        peer = row.get("peer")
        if row.get("size") != size or not peer:
            continue
        if (earlier.get("seed"), row.get("calls"), row.get("carers"), peer.get("exploration")) != (seed, calls, carers, level):
            raise ValueError(f"--peer-from {path}: its {size} day was seed {earlier.get('seed')}, "
                             f"{row.get('calls')} calls, {row.get('carers')} carers, VROOM level {peer.get('exploration')}; "
                             f"this run is seed {seed}, {calls} calls, {carers} carers, level {level}")
        return peer
    return None


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


HEADER = (f"{'size':<7} {'who':<15} {'calls':>6} {'carers':>6} {'cover%':>7} {'travel_km':>9} {'travel_h':>8} "
          f"{'wall_s':>7} {'cpu_s':>7} {'first_s':>7} {'viol':>5}  load")


def _line(size: str, who: str, calls: int, carers: int, f: dict[str, Any], out) -> None:
    cpu = "-" if f.get("cpu_s") is None else f"{f['cpu_s']:.2f}"
    first = "-" if f.get("first_s") is None else f"{f['first_s']:.2f}"
    print(
        f"{size:<7} {who:<15} {calls:>6} {carers:>6} {f['coverage_pct']:>7.2f} {f['travel_km']:>9.1f} "
        f"{f['travel_hours']:>8.1f} {f['wall_s']:>7.2f} {cpu:>7} {first:>7} {f['violations']:>5}  {f.get('load', '')}",
        file=out,
    )


def _print_row(row: dict[str, Any], out) -> None:
    for who in ("solver", "travel-only", "greedy"):
        _line(row["size"], who, row["calls"], row["carers"], row[who], out)
    s, t, g = row["solver"], row["travel-only"], row["greedy"]
    if g["travel_km"]:
        print(f"{'':<7} travel {100 * (1 - s['travel_km'] / g['travel_km']):.1f}% lower than greedy", file=out)
    if t["travel_km"]:
        print(f"{'':<7} the soft goals cost {100 * (s['travel_km'] / t['travel_km'] - 1):+.1f}% travel "
              f"(default weights {s['travel_km']} km, travel-only {t['travel_km']} km): "
              + "; ".join(row["goal_costs"]["lines"]), file=out)


def _print_peer(row: dict[str, Any], peer: dict[str, Any], out) -> None:
    size = row["size"]
    kept = lambda f: " (kept from --peer-from)" if f.get("kept") else ""  # noqa: E731
    for who in ("vroom", "vroom repaired"):
        if who in peer:
            _line(size, who, row["calls"], row["carers"], peer[who], out)
    plain = peer.get("plain", {})
    for who in ("travel-only", "travel-only same wall", "vroom"):
        if who in plain:
            label = {"travel-only same wall": "same wall -dbl"}.get(who, f"{who} -dbl")
            _line(size, label, peer["plain_calls"], row["carers"], plain[who], out)
    if "vroom repaired" in peer and peer["vroom repaired"]["travel_km"]:
        rep = peer["vroom repaired"]
        print(f"{'':<7} full day: solver {row['solver']['travel_km'] / rep['travel_km']:.3f}x, "
              f"travel-only {row['travel-only']['travel_km'] / rep['travel_km']:.3f}x VROOM repaired"
              f"{kept(rep)}", file=out)
    if plain.get("vroom", {}).get("travel_km"):
        v = plain["vroom"]
        line = f"without double-ups: travel-only solver {plain['travel-only']['travel_km'] / v['travel_km']:.3f}x VROOM"
        if "travel-only same wall" in plain:
            s = plain["travel-only same wall"]
            line += (f"; with VROOM's {v['wall_s']:.1f} s of wall: {s['travel_km'] / v['travel_km']:.3f}x "
                     f"({s['travel_km']} km against {v['travel_km']} km, CPU s {s['cpu_s']} against {v['cpu_s']})")
        print(f"{'':<7} {line}{kept(v)}", file=out)
    print(f"{'':<7} not stated for VROOM (level {peer['exploration']}, {peer['threads']} threads): "
          + "; ".join(peer["dropped"]), file=out)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``carerun bench``; returns the process exit code."""
    ap = argparse.ArgumentParser(prog="carerun bench", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="small,medium,large", help="comma-separated: small,medium,large")
    ap.add_argument("--json", dest="json_file", default=None, help="also write the figures to this file")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--peer", choices=["vroom"], default=None,
                    help="also solve each day with VROOM (pyvroom, a pinned dependency)")
    ap.add_argument("--peer-threads", type=int, default=2, help="VROOM's threads (default 2, the machine's cores)")
    ap.add_argument("--peer-level", type=int, default=peer_vroom.EXPLORATION, choices=range(6),
                    help="VROOM's exploration level, 0-5 (default 5; medium takes many minutes on a loaded machine)")
    ap.add_argument("--peer-days", choices=PEER_DAYS, default="both",
                    help="VROOM on the full days, on the days without double-ups (plain), or both (default)")
    ap.add_argument("--peer-same-time", action="store_true",
                    help="on the days without double-ups, also give the travel-only solver VROOM's wall time")
    ap.add_argument("--peer-from", default=None, metavar="FILE",
                    help="VROOM's figures from an earlier --json FILE (same seed and level) instead of solving again")
    ap.add_argument("--solutions", type=int, default=None,
                    help="deterministic search stopping after N solutions instead of the time budgets")
    ap.add_argument("--no-extras", action="store_true", help="skip the week's continuity and the cover re-plan")
    args = ap.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    bad = [s for s in sizes if s not in SIZES]
    if bad:
        ap.error(f"unknown size(s): {', '.join(bad)}")
    if (args.peer_same_time or args.peer_from) and args.peer != "vroom":
        ap.error("--peer-same-time and --peer-from need --peer vroom")
    if args.peer_from and not os.path.isfile(args.peer_from):
        ap.error(f"--peer-from: no such file: {args.peer_from}")
    if args.peer == "vroom" and not peer_vroom.available():
        print(peer_vroom.INSTALL_HINT, file=sys.stderr)
        return 2
    out = sys.stdout
    print(f"load average at start: {load_average()} ({os.cpu_count()} cores)", file=out)
    print(HEADER, file=out)
    result: dict[str, Any] = {"seed": args.seed, "sizes": []}
    cover_day = None
    for size in sizes:
        row, problem, plan = bench_size(size, args.seed, solutions=args.solutions)
        result["sizes"].append(row)
        _print_row(row, out)
        out.flush()
        if args.peer == "vroom":
            try:
                kept = kept_peer(args.peer_from, size, args.seed, args.peer_level, row["calls"], row["carers"]) if args.peer_from else None
            except ValueError as exc:
                print(exc, file=sys.stderr)
                return 2
            row["peer"] = bench_peer(size, problem, args.seed, args.solutions, args.peer_threads, args.peer_level,
                                     days=args.peer_days, same_time=args.peer_same_time, kept=kept)
            _print_peer(row, row["peer"], out)
            out.flush()
        _write(args.json_file, result)
        if size == "medium" or cover_day is None:
            cover_day = (size, problem, plan)
    if args.no_extras:
        cover_day = None
    if ("small" in sizes or not sizes) and not args.no_extras:
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
    _write(args.json_file, result)
    return 0


def _write(path: str | None, result: dict[str, Any]) -> None:
    """The figures so far to ``--json`` (after each size: a long peer run stopped later keeps them)."""
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=2)


if __name__ == "__main__":
    raise SystemExit(main())
