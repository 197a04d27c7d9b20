"""VROOM's plan as a start of the optimiser's search, when pyvroom is installed.

Our own starts limited the search, not the model: on the bench's small day without double-ups,
VROOM's plan read into our routing model and improved by 8 s of guided local search gave 565.9
km, below VROOM alone (574.2) and our own start searched as long (603.9). VROOM states all but a
few of our rules (``peer_vroom.dropped_rules``); what it breaks of them is repaired here before
the routing model reads the runs: calls whose runs break a rule the checker knows (breaks) or
the routing model's stricter view of breaks are taken out, then put back by our insertion.
A day with double-ups: our insertion places the double-ups alone on the empty day, and VROOM is
told each of their carers as a job fixed at that start (so VROOM can only give a double-up to
different carers starting together), with every single call free. VROOM planning each double-up
as one job first, then fixing its carers at VROOM's start, did worse than our own starts (the
medium day travel-only at 16 s: 2140-2218 km against 2079); this did better (1999-2000 km).
Days with links are not planned so: see ``usable``.
"""

from __future__ import annotations

import time
from typing import Callable

from . import peer_vroom
from .peer_vroom import solve_vroom
from .model import Plan, Problem
from .routes import Routes, model_breaks_ok
from .travel import TravelTable

# VROOM's wall time at exploration levels 0-5 as multiples of level 0's (the bench's medium day
# without double-ups, 2 threads, an idle machine: 0.95 s at level 0, 41 s at level 5)
_LEVEL_COST = (1.0, 2.5, 6.0, 13.0, 25.0, 45.0)
# The last VROOM run (the chosen mode's, or the only mode's) runs a level if its expected time
# is at most this many times the time left: VROOM's timeout then cuts it at 70% or more of its
# run, which still beat the level below (the medium full day, one break stated: level 0 190269 s
# of travel in 1.47 s; level 1 cut at 2.0 s 187086, whole in 2.8 s 183318; cut at 1.5 s
# 200421). Without the slack the medium day sat at level 1's edge: 16-s solves ended at
# 1918-1958 km with it, 2024-2029 without.
_CUT_SLACK = 1.4
# The level each mode is first planned at to choose between them: level 0 chose wrongly on the
# small bench day without double-ups (617.3 km repaired without breaks, 609.5 with; from level 1
# on, 582.6-584.5 without and 593.3-609.5 with)
_PROBE_LEVEL = 1


def usable(problem: Problem, double_ups: bool = False) -> bool:
    """Whether VROOM can plan a start for ``problem``: pyvroom installed, no links, and no
    double-ups unless ``double_ups`` (the solver allows them on a day it does not cluster: in
    the clusters of the large day the start came so late that the day's first plan waited 35 s)."""
    return (bool(problem.calls) and not problem.links and peer_vroom.available()
            and (double_ups or all(c.carers_required == 1 for c in problem.calls)))


def vroom_routes(problem: Problem, table: TravelTable, until: float, repair_until: float, *, threads: int,
                 only: set[str] | None = None, modes: tuple[bool, ...] = (False, True),
                 stop: Callable[[], bool] | None = None, wishes: bool | None = None) -> Routes | None:
    """VROOM's runs of ``problem`` (calls in ``only``, when given) keeping every rule of the
    routing model: VROOM stops by ``until`` (``time.perf_counter()``), the repair by
    ``repair_until``. None if not ``usable`` or no time is left. The runs may leave calls out
    (the search's other starts may hold them).

    ``modes``: the ways of telling VROOM the day, in the order tried: without breaks (False) or
    with one break a long shift (True, ``solve_vroom(breaks=True)``). Neither won everywhere,
    and each won at every level on its day (repaired, levels 1-5: the small day without
    double-ups 582.6-584.5 km without breaks, 593.3-609.5 with; medium, levels 0-3,
    1252-1330 without, 1221-1288 with): each mode is planned once at ``_PROBE_LEVEL``, and the
    rest of the time goes to the better one's highest level that fits. (Both modes at their own
    higher levels spent half the time on the losing one: the medium day then reached level 2
    at 18 s, 1254.8 km, where level 3 gave 1221.0.) ``stop`` is asked between VROOM's runs (a
    planner's Stop): once it says so, the best routes so far are returned."""
    if not usable(problem, double_ups=True) or until - time.perf_counter() < 0.05:
        return None
    how = _how(problem, table, only, wishes)  # the same for every VROOM run of the day
    if len(modes) == 1:
        routes, _ = _repaired(problem, table, until, repair_until, threads=threads, only=only, how=how,
                              breaks=modes[0], level=None, slack=_CUT_SLACK)
        return routes
    best, chosen, probed = None, modes[0], 0.0
    for k, breaks in enumerate(modes):
        left = until - time.perf_counter()
        if left < 0.05 or (stop is not None and stop()):
            return best
        # each probe gets its share of the time so far left: the later ones are not starved
        routes, seconds = _repaired(problem, table, time.perf_counter() + left / (len(modes) - k + 1), repair_until,
                                    threads=threads, only=only, how=how, breaks=breaks, level=_PROBE_LEVEL)
        probed += seconds
        if best is None or _cost(routes) < _cost(best):
            best, chosen = routes, breaks
    unit = probed / len(modes) / _LEVEL_COST[_PROBE_LEVEL]  # level 0's seconds, as the probes suggest
    left = until - time.perf_counter()
    level = _highest_level(unit, left, _CUT_SLACK)
    if level <= _PROBE_LEVEL or left < 0.05 or (stop is not None and stop()):
        return best
    routes, _ = _repaired(problem, table, until, repair_until, threads=threads, only=only, how=how,
                          breaks=chosen, level=level)
    return routes if _cost(routes) < _cost(best) else best


def _cost(routes: Routes) -> tuple[int, int]:
    """Carer-slots served (fewer is worse), then travel seconds."""
    plan = routes.to_plan()
    return -sum(len(r.stops) for r in plan.runs), plan.travel_seconds()


def _how(problem: Problem, table: TravelTable, only: set[str] | None, wishes: bool | None) -> dict:
    """What VROOM is told beyond the day (``solve_vroom``'s keywords): gender wishes as rules
    (``wishes``; None: if they are weighted), and a day's double-ups at our insertion's starts."""
    how = {"wishes": problem.weights.preference > 0 if wishes is None else wishes}
    if any(c.carers_required > 1 for c in problem.calls):
        starts = _double_up_starts(problem, table, only)
        # VROOM otherwise left out a double-up that only 4 carers may take (the large bench day:
        # one with hoist and catheter at 15:30-16:30), and nothing could put it back
        how |= {"double_ups": "split", "fixed_starts": starts, "priorities": dict.fromkeys(starts, 100)}
    return how


def _repaired(problem: Problem, table: TravelTable, until: float, repair_until: float, *, threads: int,
              only: set[str] | None, how: dict, breaks: bool, level: int | None,
              slack: float = 1.0) -> tuple[Routes, float]:
    """VROOM's plan (told ``how``, see ``_how``) made to keep our rules, and the seconds VROOM
    took: at ``level`` when given, else as ``_vroom_plan`` chooses (with ``slack``)."""
    t = time.perf_counter()
    if level is None:
        plan = _vroom_plan(problem, table, until, threads=threads, slack=slack, breaks=breaks, **how)
    else:
        plan = solve_vroom(problem, exploration=level, threads=threads, table=table, breaks=breaks,
                           timeout=max(0.01, until - t), **how).plan
    seconds = time.perf_counter() - t
    routes = Routes(problem, table)
    routes.model_breaks = True
    routes.load(plan, keep=only)
    for call_id in peer_vroom._apart(problem, routes.to_plan()):
        while routes.remove(call_id):
            pass
    peer_vroom._drop_until_checked(problem, routes, table)
    _drop_until_model_breaks(problem, routes, table)
    _put_back(problem, routes, repair_until, only)
    return routes, seconds


def _double_up_starts(problem: Problem, table: TravelTable, only: set[str] | None) -> dict[str, int]:
    """Where our insertion puts the double-ups on an empty day (their carers start together
    there): VROOM is then told each carer of a double-up as a job fixed at that start."""
    r = Routes(problem, table)
    r.model_breaks = True
    doubles = sorted((c for c in problem.calls if c.carers_required > 1 and (only is None or c.id in only)),
                     key=lambda c: (c.started_at is None, c.earliest, c.id))
    for call in doubles:
        r.insert(call, push=True)
    return {s.call.id: s.start for slots in r.runs.values() for s in slots}


def _vroom_plan(problem: Problem, table: TravelTable, until: float, *, threads: int, slack: float = 1.0,
                **how) -> Plan:
    """VROOM's plan by ``until``: at exploration level 0, then again at the highest level its
    time (level 0's times ``_LEVEL_COST``) leaves room for (times ``slack``), the better plan of
    the two. VROOM stopped by its timeout early in a level does worse than a lower level run to
    its end (medium without double-ups: level 5 stopped at 6 s, 1308 km; level 3 run to its end
    in 6 s, 1255 km)."""
    t = time.perf_counter()
    best = solve_vroom(problem, exploration=0, threads=threads, table=table, timeout=max(0.01, until - t), **how).plan
    unit = time.perf_counter() - t
    left = until - time.perf_counter()
    level = _highest_level(unit, left, slack)
    if level > 0:
        more = solve_vroom(problem, exploration=level, threads=threads, table=table, timeout=max(0.01, left), **how).plan
        if _rank(more) < _rank(best):
            best = more
    return best


def _highest_level(unit: float, left: float, slack: float) -> int:
    """The highest exploration level whose expected time (level 0's ``unit`` seconds times
    ``_LEVEL_COST``) is at most ``left`` seconds times ``slack``; 0 if none."""
    return max((lv for lv, cost in enumerate(_LEVEL_COST) if unit * cost <= left * slack), default=0)


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
