"""``carerun bench --mankowska A1,B3,...``: the home-care benchmark of Mankowska et al. (2014).

Mankowska, Meisel & Bierwirth, "The home health care routing and scheduling problem with
interdependent services", Health Care Manag Sci 17:15-30. Each instance (files in
shared/benchdata/hhc/mankowska2014, the format of the gecco2020-brkga mirror) has patients with
one service or two (a double service: both at once, or the second between ``mind`` and ``maxd``
after the first), nurses qualified for some of the six service types, time windows whose end may
be passed (soft: tardiness is penalised), and a Euclidean distance matrix that is also the travel
time. Every nurse leaves the depot at 0 and comes back to it. Objective, as published:
(total distance + total tardiness + maximum tardiness) / 3, tardiness counted per service.

Stated exactly in Carerun's model:
- a patient with one service: a call needing that service's skill;
- both at once: a double-up whose two parts need their own skill (and last their own time);
- one after the other: two calls linked by a gap of ``mind``..``maxd`` and different carers;
- tardiness: no hard end to the window (``max_lateness``), lateness paid per unit late, as a
  unit of distance (the published weight).
Times and distances are scaled by 100 to whole units; travel times are rounded up, so a plan
feasible here is feasible with the exact distances. The maximum tardiness is scored, not searched.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
import time
from dataclasses import dataclass
from typing import Any

from .check import check
from .model import (
    DIFFERENT_CARERS,
    GAP,
    Call,
    Carer,
    Link,
    Options,
    Part,
    Plan,
    Problem,
    Rules,
    Shift,
    Weights,
)
from .travel import Matrix

SCALE = 100  # instance time/distance units -> model units
FAR = 10**7  # no shift end, no limit on lateness (model units)
# Lateness at its published weight: a unit late costs as a unit of distance (per model minute:
# 60 units). Before the optimiser's ruin and recreate (api.solver.lns), two searches of half the
# time each were run, at this weight and 10 times it, and the better kept; one search at this
# weight has the whole time (README: the figures of both).
LATE_PER_MINUTE = (60,)
DATA = os.environ.get("CARERUN_BENCHDATA", "/work/shared/benchdata")
# the sets as the mirror labels them: patients per instance and file prefix
SETS = {"A": (10, "CPLEX"), "B": (25, "CPLEX"), "C": (50, "CPLEX"), "D": (75, "CPLEX"),
        "E": (100, "VNS"), "F": (200, "VNS"), "H": (300, "VNS")}


@dataclass
class Instance:
    name: str
    nodes: int  # depot, patients 1..nodes-2, the depot again
    vehicles: int
    services: int
    needs: list[list[int]]  # node x service: 1 if needed
    double: list[int]  # nodes with a double service (0-based)
    qualified: list[list[int]]  # vehicle x service
    dist: list[list[float]]
    proc: list[list[float]]  # node x service (the first vehicle's row: they are all the same)
    mind: list[float]
    maxd: list[float]
    e: list[float]
    l: list[float]

    def patients(self) -> range:
        return range(1, self.nodes - 1)

    def simultaneous(self, i: int) -> bool:
        return self.mind[i] <= 0.001


def read(path: str) -> Instance:
    """Parse one instance file (sections named on their own line, as in the mirror)."""
    sections: dict[str, list[list[str]]] = {}
    cur = None
    names = {"nbNodes", "nbVehi", "nbServi", "r", "DS", "a", "x", "y", "d", "p", "mind", "maxd", "e", "l"}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            s = line.strip()
            if s in names:
                cur = s
                sections[cur] = []
            elif s and cur is not None:
                sections[cur].append(s.split())
    n = int(sections["nbNodes"][0][0])
    v = int(sections["nbVehi"][0][0])
    k = int(sections["nbServi"][0][0])
    p_rows = [[float(x) for x in row] for row in sections["p"]]

    def flat(name: str) -> list[float]:
        return [float(x) for row in sections[name] for x in row]

    return Instance(
        name=os.path.splitext(os.path.basename(path))[0],
        nodes=n,
        vehicles=v,
        services=k,
        needs=[[int(x) for x in row] for row in sections["r"]],
        double=sorted(int(x) - 1 for row in sections.get("DS", []) for x in row),  # 1-based in the file
        qualified=[[int(x) for x in row] for row in sections["a"]],
        dist=[[float(x) for x in row] for row in sections["d"]],
        proc=[p_rows[i * v] for i in range(n)],
        mind=flat("mind"),
        maxd=flat("maxd"),
        e=flat("e"),
        l=flat("l"),
    )


def _units(x: float) -> int:
    return int(round(x * SCALE))


def to_problem(inst: Instance, late_per_minute: int = LATE_PER_MINUTE[0]) -> Problem:
    """The instance as a Carerun problem (see the module's docstring for the mapping)."""
    calls: list[Call] = []
    links: list[Link] = []
    double = set(inst.double)
    for i in inst.patients():
        svc = [s for s in range(inst.services) if inst.needs[i][s]]
        common = dict(client_id=f"p{i}", location=i, earliest=_units(inst.e[i]), latest=_units(inst.l[i]), max_lateness=FAR)
        if i not in double:
            s = svc[0]
            calls.append(Call(f"n{i}", duration=_units(inst.proc[i][s]), skills=(f"s{s}",), **common))
        elif inst.simultaneous(i):
            parts = tuple(Part(skills=(f"s{s}",), duration=_units(inst.proc[i][s])) for s in svc)
            calls.append(Call(f"n{i}", duration=parts[0].duration, carers_required=2, parts=parts, **common))
        else:
            a, b = svc
            calls.append(Call(f"n{i}a", duration=_units(inst.proc[i][a]), skills=(f"s{a}",), **common))
            calls.append(Call(f"n{i}b", duration=_units(inst.proc[i][b]), skills=(f"s{b}",), **common))
            links.append(Link(GAP, f"n{i}a", f"n{i}b", _units(inst.mind[i]), _units(inst.maxd[i])))
            links.append(Link(DIFFERENT_CARERS, f"n{i}a", f"n{i}b"))
    carers = [
        Carer(f"v{k}", (Shift(0, FAR),), 0, skills=tuple(f"s{s}" for s in range(inst.services) if inst.qualified[k][s]))
        for k in range(inst.vehicles)
    ]
    travel = Matrix(
        seconds=[[math.ceil(d * SCALE - 1e-9) for d in row] for row in inst.dist],
        metres=[[_units(d) for d in row] for row in inst.dist],
    )
    return Problem(
        calls=calls,
        carers=carers,
        travel=travel,
        rules=Rules(break_after=FAR, break_duration=0, max_lateness=FAR),
        weights=Weights(travel=1, late_per_minute=late_per_minute, continuity=0, preference=0, stability=0, hours=0),
        links=links,
    )


def score(inst: Instance, problem: Problem, plan: Plan) -> dict[str, float]:
    """The published objective of a plan: distance with the exact distances, tardiness per service."""
    calls = problem._calls_by_id()
    dist = tard = tmax = 0.0
    for run in plan.runs:
        prev = 0
        for s in run.stops:
            node = calls[s.call_id].location
            dist += inst.dist[prev][node]
            late = max(0.0, s.start / SCALE - inst.l[node])
            tard += late
            tmax = max(tmax, late)
            prev = node
        dist += inst.dist[prev][0]
    return {"distance": dist, "tardiness": tard, "max_tardiness": tmax, "cost": (dist + tard + tmax) / 3}


def path_of(label: str) -> str:
    """``"B3"`` -> the file of the third instance of set B."""
    family, number = label[:1].upper(), label[1:]
    if family not in SETS or not number.isdigit():
        raise ValueError(f"unknown Mankowska instance {label!r} (sets {', '.join(SETS)}, numbers 1-10)")
    patients, prefix = SETS[family]
    return os.path.join(DATA, "hhc", "mankowska2014", f"Instanz{prefix}_HCSRP_{patients}_{number}.txt")


def best_known() -> dict[str, dict[str, Any]]:
    """Label -> the best-known row of shared/benchdata (Kummer et al. 2020, best of 15 runs)."""
    out = {}
    with open(os.path.join(DATA, "hhc", "mankowska2014_best_known.tsv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out[row["family"]] = row
    return out


def labels_of(spec: str) -> list[str]:
    """``"A1,B3"`` or whole sets ``"A,B"`` (all ten of each)."""
    out = []
    for item in (x.strip().upper() for x in spec.split(",") if x.strip()):
        out.extend(f"{item}{k}" for k in range(1, 11)) if len(item) == 1 else out.append(item)
    return out


def run_one(label: str, seconds: float, seed: int = 0) -> dict[str, Any]:
    from .solve import solve  # noqa: PLC0415 - keeps the parser importable without OR-Tools loaded

    inst = read(path_of(label))
    t, c = time.perf_counter(), time.process_time()
    best = None
    for late in LATE_PER_MINUTE:
        problem = to_problem(inst, late)
        plan = solve(problem, Options(time_limit=seconds / len(LATE_PER_MINUTE), seed=seed))
        got = score(inst, problem, plan)
        if best is None or got["cost"] < best[2]["cost"]:
            best = (problem, plan, got, late)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    problem, plan, got, late = best
    return {
        "instance": label,
        "services": sum(c.carers_required for c in problem.calls),
        "coverage_pct": round(plan.coverage(problem), 2),
        "violations": len(check(problem, plan)),
        **{k: round(v, 3) for k, v in got.items()},
        "late_weight": late // 60,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="carerun bench --mankowska", description=__doc__.splitlines()[0])
    ap.add_argument("--mankowska", required=True, help="instances, e.g. A1,B3 (or whole sets: A,B)")
    ap.add_argument("--seconds", type=float, default=30.0, help="search time per instance")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    try:
        labels = labels_of(args.mankowska)
        for x in labels:
            path_of(x)
    except ValueError as exc:
        ap.error(str(exc))
    best = best_known()
    out = sys.stdout
    print(f"load average {open('/proc/loadavg').read().split()[:3] if os.path.exists('/proc/loadavg') else '?'}; {args.seconds:g} s per instance", file=out)
    print(f"{'inst':<5} {'svc':>4} {'cover%':>7} {'viol':>4} {'dist':>9} {'tard':>8} {'tmax':>7} {'cost':>9} {'best':>9} {'gap%':>6} {'late':>4} {'wall':>5} {'cpu':>5}", file=out)
    gaps: dict[str, list[float]] = {}
    for label in labels:
        row = run_one(label, args.seconds, args.seed)
        ref = best.get(label)
        bk = float(ref["best_cost"]) if ref else float("nan")
        gap = 100 * (row["cost"] - bk) / bk if ref else float("nan")
        gaps.setdefault(label[0], []).append(gap)
        print(
            f"{label:<5} {row['services']:>4} {row['coverage_pct']:>7.2f} {row['violations']:>4} {row['distance']:>9.2f} "
            f"{row['tardiness']:>8.2f} {row['max_tardiness']:>7.2f} {row['cost']:>9.3f} {bk:>9.3f} {gap:>6.1f} "
            f"{row['late_weight']:>4} {row['wall_s']:>5.1f} {row['cpu_s']:>5.1f}",
            file=out,
        )
        out.flush()
    for family, gs in gaps.items():
        print(f"set {family}: mean gap to best known {sum(gs) / len(gs):.1f}% over {len(gs)} instance(s)", file=out)
    print(f"load average after: {open('/proc/loadavg').read().split()[:3] if os.path.exists('/proc/loadavg') else '?'}", file=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
