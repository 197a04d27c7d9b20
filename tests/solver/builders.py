"""Tiny hand-made problems on a line: place i is i * 10 minutes (i * 5 km) from place 0."""

from __future__ import annotations

import dataclasses

from api.solver import Call, Carer, Matrix, Options, Plan, Problem, Rules, Shift
from api.solver.check import problem_table
from api.solver.routes import build_plan

H = 3600
M = 60
N = 12  # places 0..11


def line_matrix() -> Matrix:
    return Matrix(
        seconds=[[600 * abs(i - j) for j in range(N)] for i in range(N)],
        metres=[[5000 * abs(i - j) for j in range(N)] for i in range(N)],
    )


def det(limit: int = 40) -> Options:
    """Deterministic search: a solution limit, no wall time."""
    return Options(time_limit=None, solution_limit=limit)


def base() -> Problem:
    """Two hoist carers A and B (A also has medication), two single calls and one double-up."""
    return Problem(
        calls=[
            Call("c1", "cl1", 1, 9 * H, 9 * H + 30 * M, 30 * M, skills=("medication",)),
            Call("c2", "cl2", 2, 10 * H, 10 * H + 30 * M, 30 * M),
            Call("d", "cl3", 3, 11 * H, 11 * H + 30 * M, 30 * M, carers_required=2, skills=("hoist",)),
        ],
        carers=[
            Carer("A", (Shift(8 * H, 14 * H),), 0, skills=("hoist", "medication")),
            Carer("B", (Shift(8 * H, 14 * H),), 0, skills=("hoist",)),
        ],
        travel=line_matrix(),
        rules=Rules(),
    )


def long_day_needing_a_break(window: int = 60 * M) -> Problem:
    """Seven calls of 55 minutes an hour apart (each may start up to ``window`` late), two carers
    of 10-hour shifts, and a 30-minute break due after 3 hours: nobody can take them all."""
    calls = [Call(f"c{i}", f"cl{i}", 1, (8 + i) * H, (8 + i) * H + window, 55 * M) for i in range(7)]
    return Problem(
        calls=calls,
        carers=[Carer("A", (Shift(7 * H, 17 * H),), 1), Carer("B", (Shift(7 * H, 17 * H),), 1)],
        travel=line_matrix(),
        rules=Rules(break_after=3 * H, break_duration=30 * M),
    )


def plan_of(problem: Problem, runs: dict[tuple[str, int], list[tuple[str, int]]]) -> Plan:
    """A plan from ``{(carer, shift): [(call id, start), ...]}`` (call ids may be unknown)."""
    calls = problem._calls_by_id()
    fake = {cid: Call(cid, "x", 0, 0, 10**6, 60) for seq in runs.values() for cid, _ in seq if cid not in calls}
    everything = problem.replace(calls=list(problem.calls) + list(fake.values()))
    table = problem_table(everything)
    return build_plan(
        everything, table, {k: [(everything.call(cid), t) for cid, t in seq] for k, seq in runs.items()}
    )


def valid_runs() -> dict[tuple[str, int], list[tuple[str, int]]]:
    return {
        ("A", 0): [("c1", 9 * H), ("c2", 10 * H), ("d", 11 * H)],
        ("B", 0): [("d", 11 * H)],
    }


def with_call(problem: Problem, call_id: str, **changes) -> Problem:
    return problem.replace(calls=[dataclasses.replace(c, **changes) if c.id == call_id else c for c in problem.calls])


def with_carer(problem: Problem, carer_id: str, **changes) -> Problem:
    return problem.replace(carers=[dataclasses.replace(c, **changes) if c.id == carer_id else c for c in problem.carers])
