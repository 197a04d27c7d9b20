"""The baseline planners compare with: each call in time order to the nearest feasible free carer."""

from __future__ import annotations

import time

from .check import problem_table
from .explain import explain_all
from .model import Plan, Problem
from .objective import score
from .routes import Routes
from .travel import TravelTable


def greedy(problem: Problem, table: TravelTable | None = None) -> Plan:
    """Allocate calls one by one in order of start window to the nearest carer who is free.

    No look-ahead, no reordering: a call goes at the end of the run of the closest carer who can
    still reach it in its window (both closest free carers at a common start for a double-up).
    """
    t0 = time.perf_counter()
    table = table or problem_table(problem)
    routes = Routes(problem, table)
    order = sorted(
        problem.calls,
        key=lambda c: (c.started_at if c.started_at is not None else c.earliest, c.latest, c.id),
    )
    for call in order:
        routes.insert(call, push=False, append_only=True, nearest=True)
    plan = routes.to_plan()
    explain_all(problem, plan, table)
    plan.objective = score(problem, plan)
    plan.stats = {"solver": "greedy", "wall_s": round(time.perf_counter() - t0, 3)}
    return plan
