"""A rota for a date range, solved day by day, carrying weekly hours and continuity forward."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from typing import Callable

from .check import call_start
from .model import FixedCall, Options, Plan, Problem
from .solve import OnProgress, solve

DAY = 24 * 3600

DayPlanner = Callable[[Problem], Plan]


def solve_days(
    days: list[Problem],
    options: Options | None = None,
    on_progress: OnProgress | None = None,
    *,
    week_start: int = 0,
    regulars: int = 3,
    planner: DayPlanner | None = None,
) -> list[Plan]:
    """Plan consecutive days (up to 4 weeks) one after the other.

    Each day's ``Carer.worked_week`` is raised by what the earlier days of the same week planned
    (weeks start at day indices ``week_start``, ``week_start + 7``, ...), so weekly caps hold over
    the range. Continuity is learnt as the days go: a client's ``regulars`` most frequent carers so
    far count as regulars the next day. ``planner`` replaces :func:`solve` (e.g. the greedy
    baseline, which then sees the same carried hours). A link of a day naming a call of the day
    before (its id, not a call of this day nor already fixed) binds to that call as it was planned
    (a :class:`~api.solver.model.FixedCall`).
    """
    plan_day = planner or (lambda p: solve(p, options, on_progress))
    worked: dict[str, int] = defaultdict(int)
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    plans: list[Plan] = []
    for i, day in enumerate(days):
        if i > 0 and (i - week_start) % 7 == 0:
            worked.clear()
        regular_of: dict[str, set[str]] = defaultdict(set)
        for client, counts in seen.items():
            for carer_id, _ in counts.most_common(regulars):
                regular_of[carer_id].add(client)
        carers = [
            dataclasses.replace(
                c,
                worked_week=c.worked_week + worked[c.id],
                preferred_clients=tuple(sorted(set(c.preferred_clients) | regular_of[c.id])),
            )
            for c in day.carers
        ]
        fixed = list(day.fixed) + (_planned_before(day, days[i - 1], plans[i - 1]) if i > 0 else [])
        problem = day.replace(carers=carers, fixed=fixed)
        plan = plan_day(problem)
        plans.append(plan)
        for run in plan.runs:
            worked[run.carer_id] += run.work_seconds
            for s in run.stops:
                seen[s.client_id][run.carer_id] += 1
    return plans


def _planned_before(day: Problem, before: Problem, plan: Plan) -> list[FixedCall]:
    """The calls of the day before that ``day``'s links name, as ``plan`` has them."""
    mine = {c.id for c in day.calls} | {f.id for f in day.fixed}
    named = {x for link in day.links for x in (link.first, link.second)} - mine
    calls = before._calls_by_id()
    got: dict[str, tuple[int, set[str]]] = {}
    for run in plan.runs:
        for s in run.stops:
            if s.call_id in named and s.call_id in calls:
                t, carers = got.get(s.call_id, (call_start(calls[s.call_id], s), set()))
                got[s.call_id] = (min(t, call_start(calls[s.call_id], s)), carers | {run.carer_id})
    return [FixedCall(cid, calls[cid].client_id, t - DAY, tuple(sorted(c))) for cid, (t, c) in sorted(got.items())]


def distinct_carers_per_client(plans: list[Plan]) -> float:
    """Mean number of different carers each client saw over the plans (continuity, lower is better)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for plan in plans:
        for run in plan.runs:
            for s in run.stops:
                seen[s.client_id].add(run.carer_id)
    return sum(len(v) for v in seen.values()) / len(seen) if seen else 0.0
