"""Re-plan with least disruption ("find cover") and the diff per carer.

The current plan is kept as it is wherever it is still valid; only what the change broke (the
calls of a carer now off, a new call, a moved call) is placed again, one call at a time, into the
runs that can take it most cheaply, preferring runs that already had to change. Nobody else's
calls move, except (one level deep, only when an orphan fits nowhere as things are) one
single-carer call moved from a run that could take the orphan to another run that can take it
(two for a double-up that needs two runs freed); ``plan.stats["moved_to_make_room"]`` lists those.

A double-up that lost one carer keeps the other when no partner can be found (and the whole
call fits nowhere else): it is left half-covered, listed in ``plan.unallocated`` with the carer
it still misses and why, and in ``plan.stats["half_covered"]``. That is the one hard rule a
cover plan may break (``carers_required``), and only for a call it reports.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Union

from . import rule_names
from .check import check, problem_table
from .explain import explain_all
from .model import Call, Options, Plan, Problem
from .objective import score
from .parts import collapse, expand, expand_plan
from .routes import Routes


@dataclass(frozen=True)
class CarerOff:
    """A carer off sick (or on leave) for the whole day."""

    carer_id: str


@dataclass(frozen=True)
class CallAdded:
    call: Call


@dataclass(frozen=True)
class CallMoved:
    """A call with a new window (and optionally a new duration)."""

    call_id: str
    earliest: int
    latest: int
    duration: int | None = None


@dataclass(frozen=True)
class CallCancelled:
    call_id: str


Change = Union[CarerOff, CallAdded, CallMoved, CallCancelled]


@dataclass
class CarerDiff:
    """What changed for one carer: call ids added, removed, and kept at another time."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    retimed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.retimed)


@dataclass
class CoverResult:
    plan: Plan
    diff: dict[str, CarerDiff]
    problem: Problem


def apply_change(problem: Problem, change: Change) -> Problem:
    """The problem after ``change``."""
    if isinstance(change, CarerOff):
        carers = [dataclasses.replace(c, absent=True) if c.id == change.carer_id else c for c in problem.carers]
        return problem.replace(carers=carers)
    if isinstance(change, CallAdded):
        return problem.replace(calls=list(problem.calls) + [change.call])
    if isinstance(change, CallMoved):
        calls = [
            dataclasses.replace(
                c,
                earliest=change.earliest,
                latest=change.latest,
                duration=c.duration if change.duration is None else change.duration,
            )
            if c.id == change.call_id
            else c
            for c in problem.calls
        ]
        return problem.replace(calls=calls)
    if isinstance(change, CallCancelled):
        return problem.replace(calls=[c for c in problem.calls if c.id != change.call_id])
    raise TypeError(f"unknown change {change!r}")


def cover(
    problem: Problem, current: Plan, changes: Change | list[Change], options: Options | None = None
) -> CoverResult:
    """Apply ``changes`` to ``problem`` and re-plan from ``current`` changing as little as possible."""
    for ch in changes if isinstance(changes, list) else [changes]:
        problem = apply_change(problem, ch)
    return replan(problem, current, options)


def replan(problem: Problem, current: Plan, options: Options | None = None, touch_cost: int = 6000) -> CoverResult:
    """Re-plan ``problem`` (already changed) keeping ``current`` wherever it stays valid.

    ``touch_cost`` is the price, in cost units, of changing one more carer's run: orphans go to
    runs that already changed when that is not much dearer in travel. Double-ups with parts are
    re-planned as their parts (api.solver.parts), as the optimiser plans them.
    """
    expanded, back = expand(problem)
    if not back:
        return _replan(problem, current, options, touch_cost)
    res = _replan(expanded, expand_plan(current, problem), options, touch_cost)
    plan = collapse(res.plan, back, problem)
    plan.stats["moved_to_make_room"] = sorted({back.get(c, (c, 0))[0] for c in plan.stats.get("moved_to_make_room", ())})
    plan.stats["half_covered"] = sorted({back.get(c, (c, 0))[0] for c in plan.stats.get("half_covered", ())})
    return CoverResult(plan, diff_plans(current, plan), problem)


def _replan(problem: Problem, current: Plan, options: Options | None, touch_cost: int) -> CoverResult:
    t0 = time.perf_counter()
    table = problem_table(problem)
    calls = problem._calls_by_id()
    keep = set(calls)
    # drop whatever in the current plan breaks a hard rule of the changed problem
    while True:
        routes = Routes(problem, table)
        routes.load(current, keep)
        trial = routes.to_plan()
        found = check(problem, trial, table)
        have = trial.assignments()
        partial = {  # half a double-up left by the change: keep it, its partner is found below
            cid for cid, cs in have.items() if len(set(cs)) == len(cs) < calls[cid].carers_required
        }
        bad = {v.call_id for v in found if v.call_id and not (v.rule == rule_names.CARERS_REQUIRED and v.call_id in partial)}
        carer_bad = {v.carer_id for v in found if not v.call_id and v.carer_id}
        for r in trial.runs:
            if r.carer_id in carer_bad:
                bad |= {s.call_id for s in r.stops}
        if not bad & keep:
            break
        keep -= bad
    routes.touched = set()
    served = routes.served()
    orphans = [c for c in problem.calls if len(served.get(c.id, ())) < c.carers_required]
    orphans.sort(key=lambda c: (c.started_at is None, not c.pinned, -c.carers_required, c.earliest, c.id))
    moved: list[str] = []
    half_covered: list[str] = []
    # first every orphan that fits as things are, then (one level deep) the rest by moving one
    # other call of a run that could take the orphan to another run
    for deep in (False, True):
        for call in orphans:
            have = len(routes.served().get(call.id, ()))
            if have >= call.carers_required:
                continue
            missing = call.carers_required - have
            ok = routes.insert(call, missing=missing, push=True, touch_cost=touch_cost)
            if not ok and deep:
                others = routes.insert_making_room(call, missing=missing, touch_cost=touch_cost)
                ok = others is not None
                if ok:
                    moved += others
            if not ok and have and deep:
                # No partner for the carer left on this double-up: try the whole call with two
                # other carers; failing that it stays half-covered (reported with its reason),
                # never silently emptied.
                saved = routes._snapshot()
                routes.remove(call.id)
                ok = routes.insert(call, push=True, touch_cost=touch_cost)
                if not ok:
                    others = routes.insert_making_room(call, touch_cost=touch_cost)
                    ok = others is not None
                    if ok:
                        moved += others
                if not ok:
                    routes._restore(saved)
                    half_covered.append(call.id)
    plan = routes.to_plan()
    explain_all(problem, plan, table)
    plan.objective = score(problem, plan)
    plan.stats = {
        "solver": "cover", "wall_s": round(time.perf_counter() - t0, 3), "orphans": len(orphans),
        "moved_to_make_room": moved, "half_covered": half_covered,
    }
    return CoverResult(plan, diff_plans(current, plan), problem)


def diff_plans(old: Plan, new: Plan) -> dict[str, CarerDiff]:
    """Per carer: calls added, removed and retimed between two plans (carers with no change omitted)."""
    def index(plan: Plan) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for r in plan.runs:
            for s in r.stops:
                out.setdefault(r.carer_id, {})[s.call_id] = s.start
        return out

    a, b = index(old), index(new)
    out: dict[str, CarerDiff] = {}
    for carer_id in sorted(set(a) | set(b)):
        x, y = a.get(carer_id, {}), b.get(carer_id, {})
        d = CarerDiff(
            added=sorted(set(y) - set(x)),
            removed=sorted(set(x) - set(y)),
            retimed=sorted(c for c in set(x) & set(y) if x[c] != y[c]),
        )
        if d:
            out[carer_id] = d
    return out
