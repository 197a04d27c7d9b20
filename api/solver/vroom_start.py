"""VROOM's plan as a start of the optimiser's search, when pyvroom is installed.

Our own starts limited the search, not the model: on the bench's small day without double-ups,
VROOM's plan read into our routing model and improved by 8 s of guided local search gave 565.9
km, below VROOM alone (574.2) and our own start searched as long (603.9). VROOM states all but a
few of our rules (``peer_vroom.dropped_rules``); what it breaks of them is repaired here, as
``peer_vroom.vroom_repaired`` does, before the routing model reads the runs:
- a double-up is planned as one job, then each of its carers is a job fixed at that start (a
  second VROOM pass), so VROOM itself gives it to different carers starting together;
- calls whose runs break a rule the checker knows (breaks) or the routing model's stricter view
  of breaks are taken out, and with every call still out put back by our insertion.
Days with links between calls (parts of a double-up, gaps) are not stated for VROOM: None.
"""

from __future__ import annotations

import time

from . import peer_vroom
from .model import Plan, Problem
from .routes import Routes, model_breaks_ok
from .travel import TravelTable

# VROOM's share of the time it is given when a day has double-ups: the rest is its second pass
_FIRST_PASS = 0.6
# VROOM's wall time at exploration levels 0-5 as multiples of level 0's (the bench's medium day
# without double-ups, 2 threads, an idle machine: 0.95 s at level 0, 41 s at level 5)
_LEVEL_COST = (1.0, 2.5, 6.0, 13.0, 25.0, 45.0)


def usable(problem: Problem) -> bool:
    """Whether VROOM can plan ``problem`` as a start: pyvroom installed and no links."""
    return bool(problem.calls) and not problem.links and peer_vroom.available()


def vroom_routes(problem: Problem, table: TravelTable, until: float, repair_until: float, *, threads: int,
                 only: set[str] | None = None) -> Routes | None:
    """VROOM's runs of ``problem`` (calls in ``only``, when given) keeping every rule of the
    routing model: VROOM stops by ``until`` (``time.perf_counter()``), the repair by
    ``repair_until``. None if not ``usable`` or no time is left. The runs may leave calls out
    (the search's other starts may hold them)."""
    if not usable(problem) or until - time.perf_counter() < 0.05:
        return None
    doubles = any(c.carers_required > 1 for c in problem.calls)
    left = until - time.perf_counter()
    first = _vroom_plan(problem, table, time.perf_counter() + left * (_FIRST_PASS if doubles else 1.0),
                        threads=threads, double_ups="single" if doubles else "split")
    plan = first
    if doubles and until - time.perf_counter() > 0.05:
        starts = {s.call_id: s.start for r in first.runs for s in r.stops}
        fixed = {c.id: starts[c.id] for c in problem.calls if c.carers_required > 1 and c.id in starts}
        plan = _vroom_plan(problem, table, until, threads=threads, double_ups="split", fixed_starts=fixed)
    routes = Routes(problem, table)
    routes.model_breaks = True
    routes.load(plan, keep=only)
    for call_id in peer_vroom._apart(problem, routes.to_plan()):
        while routes.remove(call_id):
            pass
    peer_vroom._drop_until_checked(problem, routes, table)
    _drop_until_model_breaks(problem, routes, table)
    _put_back(problem, routes, repair_until, only)
    return routes


def _vroom_plan(problem: Problem, table: TravelTable, until: float, *, threads: int, **how) -> Plan:
    """VROOM's plan by ``until``: at exploration level 0, then again at the highest level its
    time (level 0's times ``_LEVEL_COST``) leaves room for, the better plan of the two. VROOM
    stopped by its timeout mid-way through a level does worse than a lower level run to its end
    (medium without double-ups: level 5 stopped at 6 s, 1308 km; level 3 run to its end in 6 s,
    1255 km)."""
    t = time.perf_counter()
    best = peer_vroom.solve_vroom(problem, exploration=0, threads=threads, table=table, breaks=True,
                                  timeout=max(0.01, until - t), **how).plan
    took, left = time.perf_counter() - t, until - time.perf_counter()
    level = max((lv for lv, cost in enumerate(_LEVEL_COST) if took * cost <= left), default=0)
    if level > 0:
        more = peer_vroom.solve_vroom(problem, exploration=level, threads=threads, table=table, breaks=True,
                                      timeout=left, **how).plan
        if _rank(more) < _rank(best):
            best = more
    return best


def _rank(plan: Plan) -> tuple[int, int]:
    """Carer-slots left out, then travel: VROOM's own order of preference."""
    return sum(u.missing for u in plan.unallocated), plan.travel_seconds()


def _drop_until_model_breaks(problem: Problem, routes: Routes, table: TravelTable) -> None:
    """Take the stop reached by the longest journey out of each run the routing model's break
    rule refuses, until it accepts the run (it would refuse the whole start otherwise)."""
    rules = problem.rules
    for key, slots in routes.runs.items():
        carer = routes.carers[key[0]]
        while slots and not model_breaks_ok(
            [(s.call, s.start) for s in slots], carer, table, rules.break_after, rules.break_duration
        ):
            worst = peer_vroom._longest_reach(routes, key)
            if worst.call.carers_required > 1 or worst.call.started_at is not None:
                worst = next((s for s in slots if s.call.carers_required == 1 and s.call.started_at is None), worst)
            while routes.remove(worst.call.id):
                pass


def _put_back(problem: Problem, routes: Routes, until: float, only: set[str] | None) -> None:
    """Double-ups first, then every call still out, by our insertion (pushing later calls, then
    moving another carer's call to make room), while there is time."""
    served = routes.served()
    order = sorted(
        (c for c in problem.calls if only is None or c.id in only),
        key=lambda c: (c.started_at is None, -c.carers_required, c.earliest, c.id),
    )
    for call in order:
        if time.perf_counter() > until:
            return
        missing = call.carers_required - len(served.get(call.id, ()))
        if missing <= 0:
            continue
        if routes.insert(call, missing=missing, push=True) or routes.insert_making_room(call, missing=missing, until=until) is not None:
            served = routes.served()
            continue
        if missing < call.carers_required:  # half a double-up: out, then whole at any time
            while routes.remove(call.id):
                pass
            routes.insert(call, push=True)
        served = routes.served()
