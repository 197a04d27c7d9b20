"""The optimiser: OR-Tools' routing library, one vehicle per carer shift, one node per carer-slot.

Hard rules are constraints of the model (time windows, shifts, skills and exclusions through the
allowed vehicles of each node, double-ups through equal start times and shared activity, breaks,
caps); soft costs are arc costs per carer (travel + continuity + gender preference + stability),
lateness as a soft upper bound and the distance to each carer's target hours. Every node may be
dropped at a high price, so the model is never infeasible.

Search: a first plan from our own insertion heuristic (which places double-ups as pairs, something
OR-Tools' first-solution heuristics fail at), then guided local search from it, then a last
insertion pass for anything still out. Large days are split into geographic clusters. On a day
with links between calls, where one-node moves hardly move a tied call, ruin and recreate
(``lns.py``) takes most of the time, in rounds each polished by guided local search.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import time
from typing import Callable

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from .check import check, problem_table
from .cluster import cluster_count, split, split_by_runs
from .explain import explain_all
from .goal_costs import travel_only
from .greedy import greedy
from .link_model import add_links
from .lns import ruin_recreate
from .model import NIGHT_KINDS, Call, Carer, Options, Plan, Problem, Progress
from .objective import score
from .parts import collapse, expand
from .routes import Key, Routes, build_plan
from .travel import TravelTable
from .vroom_start import usable as vroom_usable, vroom_routes

OnProgress = Callable[[Progress], None]

_ROOM_TRIES = 40  # calls tried to move out of the way of a double-up in the relaxed start's repair
_SOFT_CAPACITY = 10**12  # the Soft dimension's bound: above any run's summed soft costs
# With links between calls, the share of the search's time given to guided local search; ruin and
# recreate (api.solver.lns) has the rest (OR-Tools' one-node moves hardly move a tied call).
_TIED_GLS_SHARE = 0.05
# ... then rounds of ruin and recreate, each followed by guided local search for this share of the
# round (Mankowska F at 30 s, load 4-6: F5 4.1% -> -2.3%, F6 6.8% -> 0.0% with a polish of 0.2;
# two rounds did a little better than one on F3 and F9)
_TIED_ROUNDS = 2
_TIED_POLISH = 0.25
# When pyvroom is installed, the share of the budget VROOM gets to plan a start (api.solver.vroom_start).
# 0.6 against 0.5, two solves each (2026-12-04, VROOM choosing its mode at level 1): the medium
# day without double-ups at 16 s 1216.7 km against 1235.3, the full day's default weights
# 1898.4-1902.8 against 1897.8-1939.9 (travel-only 1847.3 both); at 0.7 the full day's default
# weights cost 1928.6-1928.7
_VROOM_SHARE = 0.6
_WATCHED_VROOM_SECONDS = 3.0
# ... and of a large day's whole budget, when it plans the whole day before the clusters
_WHOLE_DAY_SHARE = 0.6
# The share of a day's time planned for travel alone before the soft goals (_travel_first): the
# medium bench day's goals at their defaults cost 2.5-4.8% more travel at 0.7 (five solves),
# 4.8-5.9% at 0.6 and 5.2-5.4% planned with the goals from the start (VROOM's start, then the
# search); at 0.5 VROOM's share was cut and the goals cost 6.8-12.6%
_TRAVEL_FIRST_SHARE = 0.7


def solve(problem: Problem, options: Options | None = None, on_progress: OnProgress | None = None) -> Plan:
    """Plan ``problem``; never raises for infeasibility (what cannot be done is unallocated)."""
    # double-ups whose parts differ are searched as linked single calls (api.solver.parts)
    expanded, back = expand(problem)
    return collapse(_solve(expanded, options, on_progress), back, problem)


def _solve(problem: Problem, options: Options | None, on_progress: OnProgress | None) -> Plan:
    options = options or Options()
    t0 = time.perf_counter()
    n_calls = len(problem.calls)
    # the time limit covers everything below, from the travel table to the plan's explanations
    deadline = None if options.time_limit is None else t0 + options.time_limit - min(_finish_seconds(n_calls), options.time_limit / 4)
    table = problem_table(problem)
    clock = _Clock(t0, options, on_progress)
    workers = _workers(options, on_progress, n_calls)
    watched = on_progress is not None or options.should_stop is not None
    # the whole day's greedy baseline: planned first when VROOM plans the whole day (its first
    # plan, 20 s and more on the large day, would come too late), else while the clusters search
    baseline: list[Plan] = []
    greedy_first = False
    greedy_at = None  # when the baseline was planned, if it was planned first
    given = None
    if n_calls > options.cluster_calls and not watched and _whole_day_usable(problem, options, deadline):
        baseline, greedy_first = _valid_greedy(problem, table), True
        greedy_at = time.perf_counter() if baseline else None
        given = _whole_day_vroom(problem, table, options, deadline)
    if given is not None:
        parts = split_by_runs(problem, given.timed_runs(), cluster_count(n_calls, options, workers), options.seed)
    else:
        parts = split(problem, table, options, workers) if n_calls > options.cluster_calls else [problem]
    start_plan = None if given is None else given.to_plan()
    routes = Routes(problem, table)
    # vroom_starts: the parts whose search started from VROOM's plan (api.solver.vroom_start)
    stats: dict = {"clusters": len(parts), "workers": workers if len(parts) > 1 else 1, "vroom_starts": 0,
                   "whole_day_vroom": given is not None}

    def plan_baseline() -> None:
        if not greedy_first:
            baseline[:] = _valid_greedy(problem, table)

    subs = (_solve_parallel(parts, table, options, deadline, workers, plan_baseline, start_plan)
            if workers > 1 and len(parts) > 1 else None)
    first_at: list[float] = []  # when each part had its first plan
    if subs is not None:
        for sub in subs:
            clock.solutions += sub.stats.get("solutions", 0)
            stats["vroom_starts"] += bool(sub.stats.get("vroom_start"))
            if sub.stats.get("first_at") is not None:
                first_at.append(sub.stats["first_at"])
            routes.load(sub)
    else:
        stats["workers"] = 1
        for i, part in enumerate(parts):
            part_deadline = None
            if deadline is not None:
                now = time.perf_counter()
                part_deadline = now + max(0.0, deadline - now) / (len(parts) - i)
            clock.first_at = None
            sub = _solve_flat(part, table, options, part_deadline, clock, start_plan, clustered=len(parts) > 1)
            if clock.first_at is not None:
                first_at.append(clock.first_at)
            stats["vroom_starts"] += bool(sub.stats.get("vroom_start"))
            if "ruin_recreate" in sub.stats:
                stats["ruin_recreate"] = sub.stats["ruin_recreate"]
            routes.load(sub)
            if clock.stopped:
                break
    searched = time.perf_counter()  # what follows is kept back for by _finish_seconds
    # making room in the last pass stops in time for the explanations and the score
    last_until = None if options.time_limit is None else t0 + options.time_limit - 0.2 - 0.0005 * n_calls
    stats["repaired"] = _repair(problem, routes, table)
    # last pass: anything still out, across the whole day, without moving anyone else's calls
    served = routes.served()
    moved = []
    cleared = 0  # calls placed only by emptying greedy's runs near their time
    for call in sorted(problem.calls, key=lambda c: (c.started_at is None, not c.pinned, -c.carers_required, c.earliest)):
        have = len(served.get(call.id, ()))
        if have >= call.carers_required:
            continue
        missing = call.carers_required - have
        if not routes.insert(call, missing=missing, push=True):
            # one level of "move another carer's call to make room"
            others = routes.insert_making_room(call, missing=missing, until=last_until)
            if others is None and baseline:
                # a call the clusters left out that greedy placed: free the runs greedy put it
                # in, as the clusters' joined plan has them, of all their calls near its time
                others = routes.insert_clearing(call, _runs_with(baseline[0], call.id), missing=missing, until=last_until)
                cleared += others is not None
            if others is not None:
                moved += others
    stats["moved_to_make_room"] = len(moved)
    stats["placed_by_clearing"] = cleared
    plan = routes.to_plan()
    explain_all(problem, plan, table)
    plan.objective = score(problem, plan)
    if baseline and baseline[0].objective["total"] < plan.objective["total"]:
        # the clusters' plans joined cost more than the greedy baseline (seen at load 6-7, the
        # search getting a quarter of a core: 5273 km against greedy's 5063 km, travel-only)
        plan = baseline[0]
        stats["greedy_kept"] = True
    stats.update(
        # a first plan of the whole day exists once every part has one, or greedy's planned first
        first_s=_first_seconds(first_at, greedy_at, t0),
        solutions=clock.solutions,
        wall_s=round(time.perf_counter() - t0, 3),
        # the search's end to the plan's (repair, last pass, explanations): over _finish_seconds
        # it is what overran the time limit
        finish_s=round(time.perf_counter() - searched, 3),
        stopped=clock.stopped,
    )
    plan.stats = stats
    return plan


def _first_seconds(first_at: list[float], greedy_at: float | None, t0: float) -> float | None:
    """Seconds to the day's first whole plan: every part's first plan, or greedy's if sooner."""
    times = ([max(first_at)] if first_at else []) + ([greedy_at] if greedy_at is not None else [])
    return round(min(times) - t0, 3) if times else None


def _whole_day_usable(problem: Problem, options: Options, deadline: float | None) -> bool:
    return (deadline is not None and options.vroom_start and bool(problem.carers)
            and vroom_usable(problem, double_ups=True))


def _whole_day_vroom(problem: Problem, table: TravelTable, options: Options, deadline: float) -> Routes | None:
    """A large day: VROOM plans it whole first (``_WHOLE_DAY_SHARE`` of the time, one break a
    long shift stated; double-ups as in ``vroom_start``: their carers fixed where our insertion
    puts them), the clusters are its runs grouped by place, and each cluster's search starts
    from its runs. On the large bench day without double-ups VROOM's level 0 gave 2744 km in
    20.5 s (breaks stated; 2714 km in 31.9 s without), where the clusters' own starts and search
    ended at 2913 km; on the full day, travel-only, 4261 km repaired in 21 s, where the clusters'
    own starts and search ended at 4352 km. Not while someone watches (a planner's progress and
    Stop): VROOM reports no progress and cannot be stopped before its time is up."""
    until = time.perf_counter() + _WHOLE_DAY_SHARE * max(0.0, deadline - time.perf_counter())
    return vroom_routes(problem, table, until, deadline, threads=min(2, os.cpu_count() or 1), modes=(True,))


def _runs_with(plan: Plan, call_id: str) -> list[Key]:
    """The runs of ``plan`` (carer, shift) that serve ``call_id``."""
    return [(r.carer_id, r.shift) for r in plan.runs if any(s.call_id == call_id for s in r.stops)]


def _valid_greedy(problem: Problem, table: TravelTable) -> list[Plan]:
    """The greedy baseline's plan of the whole day if the checker passes it (else none)."""
    plan = greedy(problem, table)
    return [plan] if not check(problem, plan, table) else []


def _finish_seconds(n_calls: int) -> float:
    """Time kept back from the search for what follows it (checking, the last insertion pass,
    explaining, scoring) and for OR-Tools' own overrun of its limit: measured on the bench days
    with all calls placed, checking took 0.06 s (medium) and 0.3 s (large) at load 8-11; with
    0.3 s + 0.5 ms a call kept back, medium took 16.18 s for 16 and large 49.34 s for 48 at load
    11-12 (OR-Tools overran), hence 0.5 s + 1 ms a call; never more than a quarter of the budget
    (a small day given 1.3 s, VROOM's time for it, would have searched for half of it)."""
    return 0.5 + 0.001 * n_calls


def _workers(options: Options, on_progress: OnProgress | None, n_calls: int) -> int:
    """Processes for the clusters of a large day: only with a wall-time budget and no callbacks
    (progress and stop requests live in this process), never more than the machine's cores."""
    if options.time_limit is None or on_progress is not None or options.should_stop is not None:
        return 1
    if n_calls <= options.cluster_calls:
        return 1
    want = options.workers if options.workers is not None else 2
    return max(1, min(want, os.cpu_count() or 1))


_FORKED: dict = {}


def _solve_lane(lane: list[tuple[int, float]]) -> list[tuple[int, dict]]:
    """One process's clusters, each with the deadline of its round: the first plans of all of
    them before the search of any (the day's first plan waited for the second round: 27 s of
    the large day's 48 at load 4-5)."""
    parts, table, options, start_plan = _FORKED["args"]
    ready = []
    for i, deadline in lane:
        clock = _Clock(time.perf_counter(), options, None)
        model = _Model(parts[i], table, start_plan) if parts[i].calls else None
        if model is not None:
            model.threads = 1  # the other process searches on the other core
            model.clustered = True
            model.prepare(options, deadline, clock)
        ready.append((i, deadline, model, clock))
    out = []
    for i, deadline, model, clock in ready:
        plan = Plan() if model is None else model.improve(deadline, clock)
        plan.stats["solutions"] = clock.solutions
        plan.stats["first_at"] = clock.first_at
        out.append((i, plan.to_dict()))
    return out


def _solve_parallel(parts, table, options: Options, deadline: float, workers: int,
                    meanwhile: Callable[[], None] = lambda: None, start_plan: Plan | None = None) -> list[Plan] | None:
    """Clusters solved side by side in forked processes (each round ends at its share of the time
    left); None when processes cannot be used here, and the caller solves them one after the other."""
    try:
        ctx = mp.get_context("fork")
    except ValueError:
        return None
    now = time.perf_counter()  # the monotonic clock, the same in the forked processes
    _FORKED["args"] = (parts, table, options, start_plan)
    try:
        with ctx.Pool(workers) as pool:
            lanes = _lanes([len(p.calls) for p in parts], workers, now, deadline)
            pending = pool.map_async(_solve_lane, lanes, chunksize=1)
            meanwhile()  # this process would only wait
            done = dict(pair for lane in pending.get() for pair in lane)
    except Exception:  # noqa: BLE001 - e.g. no fork or no /dev/shm: solve in this process instead
        return None
    finally:
        _FORKED.clear()
    return [Plan.from_dict(done[i]) for i in range(len(parts))]


def _lanes(sizes: list[int], workers: int, now: float, deadline: float) -> list[list[tuple[int, float]]]:
    """Each process's clusters with their deadlines: the biggest cluster first to the process
    with the fewest calls so far, and each cluster's share of its process's time in proportion
    to its calls (alike shares gave a cluster of 753 calls the time of one of 292)."""
    lanes: list[list[int]] = [[] for _ in range(workers)]
    load = [0] * workers
    for i in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        w = load.index(min(load))
        lanes[w].append(i)
        load[w] += sizes[i]
    left = max(0.0, deadline - now)
    out = []
    for w, lane in enumerate(lanes):
        done, timed = 0, []
        for i in lane:
            done += sizes[i]
            timed.append((i, now + left * done / max(1, load[w])))
        out.append(timed)
    return out


def _repair(problem: Problem, routes: Routes, table: TravelTable) -> int:
    """Take out calls until the checker is satisfied; returns how many were taken out.

    The routing model's break constraint lets a break overlap travel, which our rule does not
    count as a break; the few runs where that happens lose a call here and the insertion pass
    that follows puts it back where it fits.
    """
    removed = 0
    for _ in range(len(problem.calls) + 1):
        found = check(problem, routes.to_plan(), table)
        if not found:
            break
        drop: set[str] = {v.call_id for v in found if v.call_id}
        for v in found:
            if v.call_id or not v.carer_id:
                continue
            for key, slots in routes.runs.items():
                if key[0] == v.carer_id and slots:
                    drop.add(_worst_stop(slots, routes, key).call.id)
        for call_id in drop:
            routes.remove(call_id)
            removed += 1
    return removed


def _worst_stop(slots, routes: Routes, key):
    """The stop reached by the longest travel (where a break most likely hid)."""
    carer = routes.carers[key[0]]
    loc, worst, best = carer.start_location, slots[-1], -1
    for sl in slots:
        t = routes.table.seconds(carer.transport, loc, sl.call.location)
        if t > best and sl.call.started_at is None:
            worst, best = sl, t
        loc = sl.call.location
    return worst


class _Clock:
    """Counts solutions across clusters, reports progress and polls ``should_stop``."""

    def __init__(self, t0: float, options: Options, on_progress: OnProgress | None):
        self.t0 = t0
        self.options = options
        self.on_progress = on_progress
        self.solutions = 0
        self.best: int | None = None
        self.stopped = False
        self.first_at: float | None = None  # time.perf_counter() of the first solution
        self.quiet = False  # solutions of a model with another objective: counted, not the best

    def poll_stop(self) -> bool:
        """Whether a stop was asked for (``should_stop`` asked now)."""
        if not self.stopped and self.options.should_stop is not None:
            self.stopped = bool(self.options.should_stop())
        return self.stopped

    def solution(self, objective: int) -> bool:
        self.solutions += 1
        if self.first_at is None:
            self.first_at = time.perf_counter()
        if not self.quiet and (self.best is None or objective < self.best):
            self.best = objective
        if self.on_progress is not None:
            self.on_progress(Progress(self.solutions, self.best, time.perf_counter() - self.t0))
        if self.options.should_stop is not None and self.options.should_stop():
            self.stopped = True
        return self.stopped


class _StopPoll:
    """A search limit that says stop once ``should_stop`` does (asked at most every 0.2 s)."""

    def __init__(self, clock: _Clock):
        self.clock = clock
        self.asked = 0.0

    def __call__(self) -> bool:
        now = time.perf_counter()
        if not self.clock.stopped and now - self.asked >= 0.2:
            self.asked = now
            self.clock.poll_stop()
        return self.clock.stopped


def _solve_flat(problem: Problem, table: TravelTable, options: Options, deadline: float | None, clock: _Clock,
                start_plan: Plan | None = None, clustered: bool = False) -> Plan:
    """One routing model; ``deadline`` (``time.perf_counter()``) ends its search, None for the
    deterministic mode. ``start_plan``: the whole day's plan its search starts from;
    ``clustered``: the model is one cluster of a day.

    With soft goals weighted and no plan given, the day is planned for travel alone first
    (``_travel_first``) and the goals are searched for from that plan."""
    if clock.stopped or not problem.calls:
        return Plan()
    travel_first = (deadline is not None and start_plan is None and not problem.links
                    and travel_only(problem).weights != problem.weights)
    if travel_first:
        start_plan = _travel_first(problem, table, options, deadline, clock, clustered)
        if clock.stopped:
            return start_plan
    m = _Model(problem, table, start_plan)
    m.clustered = clustered
    plan = m.run(options, deadline, clock)
    if travel_first:
        plan.stats["vroom_start"] = start_plan.stats.get("vroom_start", False)
        plan.stats["travel_first"] = True
    return plan


def _travel_first(problem: Problem, table: TravelTable, options: Options, deadline: float, clock: _Clock,
                  clustered: bool) -> Plan:
    """The day planned for travel alone until ``_TRAVEL_FIRST_SHARE`` of the time: VROOM's start
    as usual (its share of the whole time; a client's gender wish kept as a rule where it can
    be) and guided local search. Guided local search with the soft goals in the objective found
    worse plans by their own measure than a travel-only plan did: the small bench day's
    default-weights solve ended at 87973 (travel and continuity, in seconds) where the
    travel-only plan scored 85989; from the travel-only plan it ended at 83580. Its solutions
    count on the clock, but their objective (another one) is not reported as the best."""
    lean = _Model(travel_only(problem), table)
    lean.clustered = clustered
    lean.wishes = problem.weights.preference > 0
    lean.vroom_deadline = deadline
    clock.quiet = True
    try:
        now = time.perf_counter()
        return lean.run(options, now + _TRAVEL_FIRST_SHARE * max(0.0, deadline - now), clock)
    finally:
        clock.quiet = False


class _Model:
    def __init__(self, problem: Problem, table: TravelTable, start_plan: Plan | None = None):
        self.problem = problem
        self.table = table
        self.start_plan = start_plan  # the whole day's VROOM plan, this part's runs its start
        self.routes = Routes(problem, table)
        self.vehicles: list[tuple[Carer, int]] = [
            (c, i) for c in problem.carers if not c.absent for i in range(len(c.shifts))
        ]
        self.vindex: dict[Key, int] = {(c.id, i): v for v, (c, i) in enumerate(self.vehicles)}
        # nodes: one per carer-slot of each call someone could take, then 2 depots per vehicle
        self.node_call: list[Call] = []
        self.node_slot: list[int] = []
        self.node_allowed: list[list[int]] = []
        self.call_nodes: dict[str, list[int]] = {}
        for call in problem.calls:
            keys = self.routes.eligible(call)
            if len({k[0] for k in keys}) < call.carers_required:
                continue
            nodes = []
            for r in range(call.carers_required):
                allowed = [self.vindex[k] for k in keys if k in self.vindex]
                if call.pinned and r < len(call.pinned):
                    allowed = [self.vindex[k] for k in keys if k[0] == call.pinned[r]]
                nodes.append(len(self.node_call))
                self.node_call.append(call)
                self.node_slot.append(r)
                self.node_allowed.append(allowed)
            self.call_nodes[call.id] = nodes
        self.n_calls = len(self.node_call)
        V = len(self.vehicles)
        self._keep: list = []  # what OR-Tools' callbacks read must outlive the methods that made them
        self.starts = [self.n_calls + 2 * v for v in range(V)]
        self.ends = [self.n_calls + 2 * v + 1 for v in range(V)]
        self.threads = min(2, os.cpu_count() or 1)  # VROOM's, planning a start
        self.vroom_started = False  # whether the search started from VROOM's plan
        self.clustered = False  # one cluster of a large day (VROOM's start only without double-ups)
        self._doubles = any(c.carers_required > 1 for c in problem.calls)
        self.wishes: bool | None = None  # VROOM's start keeps gender wishes as rules (None: if weighted)
        self.vroom_deadline: float | None = None  # VROOM's share is of the time to this, if given

    def run(self, options: Options, deadline: float | None, clock: _Clock) -> Plan:
        """Build the routing model, search it and read the runs back (empty plan if nothing to do)."""
        if len(self.vehicles) == 0 or self.n_calls == 0:
            return Plan()
        routing, manager, tdim = self._build(together=True)
        params = _search_parameters(options, deadline)
        self._close(routing, params, clock)
        tied = deadline is not None and bool(self.problem.links)
        # with ties between calls, guided local search gets only a share of the time and ruin and
        # recreate (api.solver.lns) the rest: see _TIED_GLS_SHARE
        search_until = deadline
        if tied:
            search_until = time.perf_counter() + _TIED_GLS_SHARE * max(0.0, deadline - time.perf_counter())
        sol = self._search(routing, manager, params, search_until, clock)
        if sol is None:
            return Plan()
        plan = build_plan(self.problem, self.table, self._runs(sol, routing, manager, tdim))
        if tied and not clock.stopped:
            plan = self._tied_rounds(plan, routing, manager, tdim, params, options, deadline, clock)
        plan.stats["vroom_start"] = self.vroom_started
        return plan

    def _tied_rounds(self, plan: Plan, routing, manager, tdim, params, options: Options, deadline: float, clock: _Clock) -> Plan:
        """``_TIED_ROUNDS`` rounds until the deadline, each ruin and recreate from the plan so far,
        then guided local search from its result for ``_TIED_POLISH`` of the round (it shortens
        the travel between the calls that ruin and recreate placed)."""
        stats = []
        for k in range(_TIED_ROUNDS):
            share = max(0.0, deadline - time.perf_counter()) / (_TIED_ROUNDS - k)
            round_end = time.perf_counter() + share
            r, done = self._ruin_recreate(plan, options, round_end - _TIED_POLISH * share, clock)
            stats.append(done)
            plan = r.to_plan()
            if clock.stopped:
                break
            start = routing.ReadAssignmentFromRoutes(self._as_routes(r, manager), True)
            if start is None:
                # the model refused the runs (seen on Mankowska C3, 0 violations by the checker;
                # why is not known yet): ruin and recreate has the rest of the round instead
                r, more = self._ruin_recreate(plan, options, round_end, clock)
                stats.append(dict(more, polished="refused, searched on"))
                plan = r.to_plan()
                continue
            sol = self._improve(routing, params, start, round_end, clock)
            if sol is not None and sol.ObjectiveValue() < start.ObjectiveValue():
                plan = build_plan(self.problem, self.table, self._runs(sol, routing, manager, tdim))
            done["polished"] = None if sol is None else sol.ObjectiveValue()
            if clock.stopped:
                break
        plan.stats["ruin_recreate"] = stats
        return plan

    def _ruin_recreate(self, plan: Plan, options: Options, deadline: float, clock: _Clock):
        """Ruin and recreate from ``plan`` until the deadline (a planner's Stop ends it too)."""
        r = Routes(self.problem, self.table)
        r.model_breaks = True
        r.load(plan)
        done = ruin_recreate(r, deadline, seed=options.seed, stop=clock.poll_stop)
        if done["improved"]:
            clock.solution(int(done["after"]))  # the planner's progress shows the better plan
        return r, done

    def prepare(self, options: Options, deadline: float, clock: _Clock) -> None:
        """``run`` in two steps (a cluster's process): build the model and find its start (the
        first plan) here, search from it in ``improve``."""
        self._ready = None
        if len(self.vehicles) == 0 or self.n_calls == 0:
            return
        routing, manager, tdim = self._build(together=True)
        params = _search_parameters(options, deadline)
        self._close(routing, params, clock)
        start = self._start_assignment(routing, manager, deadline, clock)
        self._ready = (routing, manager, tdim, params, start)

    def improve(self, deadline: float, clock: _Clock) -> Plan:
        if self._ready is None:
            return Plan()
        routing, manager, tdim, params, start = self._ready
        sol = start if clock.stopped else self._improve(routing, params, start, deadline, clock)
        if sol is None:
            return Plan()
        plan = build_plan(self.problem, self.table, self._runs(sol, routing, manager, tdim))
        plan.stats["vroom_start"] = self.vroom_started
        return plan

    def _build(self, together: bool):
        """The routing model, its index manager and time dimension. ``together=False`` leaves the
        parts of a double-up free of each other: the relaxed model of ``_relaxed_routes``.

        The steps are called in a fixed order, which is also the order of the calls into OR-Tools:
        keep it, as the deterministic mode's results depend on it.
        """
        n_nodes, n_vehicles = self.n_calls + 2 * len(self.vehicles), len(self.vehicles)
        manager = pywrapcp.RoutingIndexManager(n_nodes, n_vehicles, self.starts, self.ends)
        routing = pywrapcp.RoutingModel(manager)
        node_loc, idx_loc, idx_dur = self._locations(manager, routing)
        secs = self._travel_seconds()
        tdim = self._time_dimension(routing, secs, idx_loc, idx_dur)
        self._arc_costs(routing, secs, node_loc)
        self._soft_costs(routing)
        self._call_windows(routing, manager, tdim)
        if together:
            self._double_ups_together(routing, manager, tdim)
            add_links(self.problem, routing, manager, tdim, self.call_nodes, self.vehicles)
        self._shifts_and_breaks(routing, tdim, idx_dur)
        self._work_dimension(routing, manager, idx_dur)
        return routing, manager, tdim

    def _locations(self, manager, routing) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Location per node, location and visit length per routing index (the callbacks' indexing)."""
        n_nodes = self.n_calls + 2 * len(self.vehicles)
        n_idx = routing.Size() + len(self.vehicles)
        i2n = np.array([manager.IndexToNode(i) for i in range(n_idx)], dtype=np.int64)
        self._i2n = i2n
        node_loc = np.zeros(n_nodes, dtype=np.int64)
        node_dur = np.zeros(n_nodes, dtype=np.int64)
        for n, call in enumerate(self.node_call):
            node_loc[n] = self.table.index[_key(call.location)]
            node_dur[n] = call.duration
        for v, (carer, _) in enumerate(self.vehicles):
            node_loc[self.starts[v]] = self.table.index[_key(carer.start_location)]
            node_loc[self.ends[v]] = self.table.index[_key(carer.home_end)]
        return node_loc, node_loc[i2n], node_dur[i2n]

    def _travel_seconds(self) -> dict[str, np.ndarray]:
        """The travel-table seconds of each transport mode in use, read once for time and costs alike."""
        modes = sorted({c.transport for c, _ in self.vehicles})
        return {mode: np.asarray(self.table.mode(mode)[0], dtype=np.int64) for mode in modes}

    def _time_dimension(self, routing, secs: dict[str, np.ndarray], idx_loc: np.ndarray, idx_dur: np.ndarray):
        """Time: per mode, a callback over a dense index-level visit + travel matrix (TOOLCHAIN.md)."""
        time_cb: dict[str, int] = {}
        for mode, mode_secs in secs.items():
            tm = (mode_secs[np.ix_(idx_loc, idx_loc)] + idx_dur[:, None] + self._rest_before_next()).tolist()
            self._keep.append(tm)
            time_cb[mode] = routing.RegisterTransitCallback(lambda i, j, tm=tm: tm[i][j])
        horizon = self._horizon()
        routing.AddDimensionWithVehicleTransits(
            [time_cb[c.transport] for c, _ in self.vehicles], horizon, horizon, False, "Time"
        )
        return routing.GetDimensionOrDie("Time")

    def _rest_before_next(self):
        """Rest after a night added to the way from it to the next call (not home), per routing
        index pair; 0 when the day has no night calls."""
        rest = np.array([self.problem.rest_after(c) for c in self.node_call] + [0] * (2 * len(self.vehicles)), dtype=np.int64)
        if not rest.any():
            return 0
        to_call = self._i2n < self.n_calls
        return rest[self._i2n][:, None] * to_call[None, :]

    def _horizon(self) -> int:
        """A bound past every shift end and every call's latest possible finish, so no cumul is cut short."""
        problem = self.problem
        return max(
            [sh.end for c, _ in self.vehicles for sh in c.shifts]
            + [c.latest + problem.max_lateness(c) + c.duration for c in self.node_call]
            + [c.started_at + c.duration for c in self.node_call if c.started_at is not None]
        ) + 1

    def _arc_costs(self, routing, secs: dict[str, np.ndarray], node_loc: np.ndarray) -> None:
        """Arc costs: travel, one matrix per transport mode shared by every carer using it.

        The soft costs of a carer entering a call live in a dimension of their own
        (``_soft_costs``): one matrix per carer with those costs added took about 6 CPU seconds
        to build on the medium bench day (92 matrices of 920 x 920), a unary vector per carer
        takes milliseconds, for the same objective.
        """
        travel_w = self.problem.weights.travel
        shared = {
            mode: routing.RegisterTransitMatrix((s[np.ix_(node_loc, node_loc)] * travel_w).tolist())
            for mode, s in secs.items()
        }
        for v, (carer, _) in enumerate(self.vehicles):
            routing.SetArcCostEvaluatorOfVehicle(shared[carer.transport], v)

    def _soft_costs(self, routing) -> None:
        """Continuity, gender preference and stability: a carer's cost of entering each call,
        summed along the run by a "Soft" dimension whose span is priced one to one."""
        n_nodes = self.n_calls + 2 * len(self.vehicles)
        by_sig: dict[bytes, int] = {}
        evaluators = []
        any_cost = False
        for carer, _ in self.vehicles:
            pen = np.zeros(n_nodes, dtype=np.int64)
            for n, call in enumerate(self.node_call):
                pen[n] = self.routes.node_cost(carer, call)
            any_cost |= bool(pen.any())
            sig = pen.tobytes()  # the shifts of a split shift (and carers alike) share one vector
            if sig not in by_sig:
                by_sig[sig] = routing.RegisterUnaryTransitVector(pen.tolist())
            evaluators.append(by_sig[sig])
        if not any_cost:
            return
        routing.AddDimensionWithVehicleTransits(evaluators, 0, _SOFT_CAPACITY, True, "Soft")
        routing.GetDimensionOrDie("Soft").SetSpanCostCoefficientForAllVehicles(1)

    def _call_windows(self, routing, manager, tdim) -> None:
        """Calls: windows, lateness, allowed carers, droppable at a price (never infeasible)."""
        problem, w = self.problem, self.problem.weights
        late_coef = max(1, math.ceil(w.late_per_minute / 60))
        for n, call in enumerate(self.node_call):
            idx = manager.NodeToIndex(n)
            cum = tdim.CumulVar(idx)
            if call.started_at is not None:
                cum.SetRange(call.started_at, call.started_at)
            else:
                late = problem.max_lateness(call)
                cum.SetRange(call.earliest, call.latest + late)
                if late > 0:
                    tdim.SetCumulVarSoftUpperBound(idx, call.latest, late_coef)
            routing.VehicleVar(idx).SetValues([-1] + sorted(self.node_allowed[n]))
            heavy = bool(call.pinned) or call.started_at is not None
            routing.AddDisjunction([idx], w.pinned_unallocated if heavy else w.unallocated)
            routing.AddVariableMinimizedByFinalizer(cum)

    def _double_ups_together(self, routing, manager, tdim) -> None:
        """Double-ups: a call's carer-slots start together and are served or dropped together."""
        solver = routing.solver()
        for call_id, nodes in self.call_nodes.items():
            for a, b in zip(nodes, nodes[1:]):
                ia, ib = manager.NodeToIndex(a), manager.NodeToIndex(b)
                solver.Add(tdim.CumulVar(ia) == tdim.CumulVar(ib))
                solver.Add(routing.ActiveVar(ia) == routing.ActiveVar(ib))

    def _shifts_and_breaks(self, routing, tdim, idx_dur: np.ndarray) -> None:
        """Shifts bound each run (leave late, back early); long shifts get optional breaks."""
        solver = routing.solver()
        rules = self.problem.rules
        visit = idx_dur.tolist()
        # A night holds its own breaks, which the routing model cannot say (its breaks never lie
        # inside a visit or a journey, so it refuses any run with a night): shifts that may take
        # a night get no model breaks; the checker's break rule still holds them (_repair).
        night_shifts = {v for n, c in enumerate(self.node_call) if c.kind in NIGHT_KINDS for v in self.node_allowed[n]}
        for v, (carer, s) in enumerate(self.vehicles):
            sh = carer.shifts[s]
            tdim.CumulVar(routing.Start(v)).SetRange(sh.start, sh.end)
            tdim.CumulVar(routing.End(v)).SetRange(sh.start, sh.end)
            routing.AddVariableMaximizedByFinalizer(tdim.CumulVar(routing.Start(v)))
            routing.AddVariableMinimizedByFinalizer(tdim.CumulVar(routing.End(v)))
            if sh.end - sh.start > rules.break_after and rules.break_duration > 0 and v not in night_shifts:
                n_breaks = max(1, (sh.end - sh.start) // rules.break_after)
                brks = [
                    solver.FixedDurationIntervalVar(
                        sh.start, sh.end - rules.break_duration, rules.break_duration, True, f"break {v} {k}"
                    )
                    for k in range(n_breaks)
                ]
                tdim.SetBreakIntervalsOfVehicle(brks, v, visit)
                tdim.SetBreakDistanceDurationOfVehicle(rules.break_after, rules.break_duration, v)

    def _close(self, routing, params, clock: _Clock) -> None:
        """Count every solution on the clock (which may stop the search), then close the model."""
        solver = routing.solver()

        def at_solution() -> None:
            if clock.solution(routing.CostVar().Value()):
                solver.FinishCurrentSearch()

        self._keep.append(at_solution)  # the callback must outlive this method
        routing.AddAtSolutionCallback(at_solution)
        if clock.options.should_stop is not None:
            # Solutions can be far apart on a busy machine: a planner's Stop must not wait for
            # the next one. Polled a few times a second from the search itself.
            limiter = _StopPoll(clock)
            self._keep.append(limiter)
            routing.AddSearchMonitor(solver.CustomLimit(limiter))
        routing.CloseModelWithParameters(params)

    def _search(self, routing, manager, params, deadline: float | None, clock: _Clock):
        """The best assignment found from the better of our first plans (None if none).

        Deterministic mode (no deadline): descend from our insertion (quick and stable), PCI if the
        model refuses it. Our insertion keeps the model's break rule, so the warm start is accepted.

        With a deadline, our insertion's plan is read first, which reports it as the first
        solution (the planner sees progress, and Stop has a plan to keep). Then OR-Tools' parallel
        cheapest insertion plans the day with the parts of each double-up free of each other (with
        them tied, it found nothing, or only after most of the budget: 13 CPU seconds on the
        medium bench day against 0.24 s relaxed) and our insertion puts the double-ups back as
        pairs (``_relaxed_routes``). When a start still leaves carer-slots out, a fuller start of
        ours is tried. Guided local search then runs until the deadline from the cheapest start
        (the price of a slot left out outweighs any travel, so the fullest).
        """
        if deadline is None:
            initial = self._initial_routes(manager)
            if clock.stopped:
                return None
            start = routing.ReadAssignmentFromRoutes(initial, True)
            if start is not None:
                return routing.SolveFromAssignmentWithParameters(start, params) or start
            return routing.SolveWithParameters(params)
        start = self._start_assignment(routing, manager, deadline, clock)
        if clock.stopped:
            return start
        return self._improve(routing, params, start, deadline, clock)

    def _start_assignment(self, routing, manager, deadline: float, clock: _Clock):
        """The cheapest start of the budgeted search (see ``_search``); None if none."""
        if clock.stopped:
            return None
        # Someone watching (progress, Stop) sees our insertion's plan first. Nobody watching (the
        # bench, a cluster's process): it is only the fallback, and the relaxed start comes
        # first (our insertion took 0.7-1.3 of the 2-4 CPU s a loaded machine gave a solve).
        # The relaxed model knows no links: with links, ours comes first and PCI gets its
        # attempt on the full model below.
        watched = clock.on_progress is not None or clock.options.should_stop is not None or bool(self.problem.links)
        ours_read = False
        start = None
        if self.start_plan is not None:
            start = self._given_start(routing, manager, deadline)
            self.vroom_started = start is not None
            if clock.stopped or (start is not None and self._active(routing, start) == self.n_calls):
                return start
        if watched:
            # reading a start runs the at-solution callback: progress (and a stop request) is seen here
            start = routing.ReadAssignmentFromRoutes(self._initial_routes(manager), True)
            ours_read = True
            if clock.stopped:
                return start
        if (clock.options.vroom_start and self.start_plan is None
                and vroom_usable(self.problem, double_ups=not self.clustered)):
            if start is None and self._doubles:
                # a first plan in well under a second, as before (greedy's runs): VROOM and its
                # second carers take a share of the time
                start = routing.ReadAssignmentFromRoutes(self._greedy_routes(manager), True)
                if clock.stopped:
                    return start
            # VROOM's plan, when it serves every carer-slot, is the start: the others were
            # further from a good plan (medium without double-ups: VROOM level 1, 1288 km in 2.4
            # s; the relaxed start and greedy's 1430 km and more) and took time from the search
            theirs = self._vroom_start(routing, manager, deadline, clock, watched)
            start = _cheaper(start, theirs)
            self.vroom_started = start is not None and start is theirs
            if clock.stopped or (start is not None and self._active(routing, start) == self.n_calls):
                return start
        relaxed = None if self.problem.links else self._relaxed_routes(manager, deadline)
        if relaxed is not None:
            start = _cheaper(start, routing.ReadAssignmentFromRoutes(relaxed, True))
            if clock.stopped:
                return start
        if not self.problem.links and time.perf_counter() < deadline:
            # the greedy baseline's runs: the relaxed start, its double-ups joined again, was
            # above it on the bench days (medium 2729 km against 2543, large 5506 against 5069)
            # and a loaded machine's search did not get far from its start
            start = _cheaper(start, routing.ReadAssignmentFromRoutes(self._greedy_routes(manager), True))
            if clock.stopped:
                return start
        if not ours_read and (start is None or self._active(routing, start) < self.n_calls):
            start = _cheaper(start, routing.ReadAssignmentFromRoutes(self._initial_routes(manager), True))
            ours_read = True
        if start is None or self._active(routing, start) < self.n_calls:
            # making room may take half the time left, never the search's whole share
            until = time.perf_counter() + max(0.0, deadline - time.perf_counter()) / 2
            for fuller in self._fuller_routes(manager, until):
                # the model may refuse a start (None): try the next
                better = _cheaper(start, routing.ReadAssignmentFromRoutes(fuller, True))
                taken = better is not start
                start = better
                if clock.stopped or taken:
                    break
        if self.problem.links:
            start = self._linked_start(routing, start, deadline)
        return start

    def _given_start(self, routing, manager, deadline: float):
        """This part's runs of the whole day's plan, with the calls nobody had put in by our
        insertion, as an assignment (None if the model refuses it)."""
        r = Routes(self.problem, self.table)
        r.model_breaks = True
        r.load(self.start_plan, keep=set(self.call_nodes))
        served = r.served()
        for call in self._order():
            if call.id not in served and time.perf_counter() < deadline:
                r.insert(call, push=True)
        return routing.ReadAssignmentFromRoutes(self._as_routes(r, manager), True)

    def _vroom_start(self, routing, manager, deadline: float, clock: _Clock, watched: bool):
        """VROOM's plan, repaired to keep every rule, as an assignment (None if refused). VROOM
        cannot be stopped while it plans: with a planner watching, its time is at most
        ``_WATCHED_VROOM_SECONDS`` (how long a Stop may wait) and a Stop is heard between its runs."""
        # a travel-first model's VROOM has its share of the whole day's time (vroom_deadline)
        share = _VROOM_SHARE * max(0.0, (self.vroom_deadline or deadline) - time.perf_counter())
        if watched:
            share = min(share, _WATCHED_VROOM_SECONDS)
        r = vroom_routes(self.problem, self.table, time.perf_counter() + share, deadline, threads=self.threads,
                         only=set(self.call_nodes), stop=clock.poll_stop, wishes=self.wishes)
        if r is None:
            return None
        return routing.ReadAssignmentFromRoutes(self._as_routes(r, manager), True)

    def _improve(self, routing, params, start, deadline: float, clock: _Clock):
        """Guided local search from ``start`` until the deadline; ``start`` if it found nothing."""
        best = start
        # on a loaded machine the search from a start has been seen to end at once with nothing
        # (the solver row of one bench run: 10 s of a 16 s budget, its start unchanged): try again
        # while there is time
        for attempt in range(3):
            left = deadline - time.perf_counter()
            if best is None or clock.stopped or left < (0.5 if attempt else 0.02):
                break
            params.time_limit.FromMilliseconds(int(left * 1000))
            found = routing.SolveFromAssignmentWithParameters(best, params)
            if found is not None:
                return found
        return best

    def _linked_start(self, routing, ours, deadline: float):
        """With links between calls, OR-Tools' parallel cheapest insertion gets a short, bounded
        attempt at a first plan of the full model (``_pci_seconds``), taken if ``_pci_wins``."""
        pci = _search_parameters(Options(), deadline)
        pci.solution_limit = 1
        left = deadline - time.perf_counter()
        pci.time_limit.FromMilliseconds(int(max(0.1, min(_pci_seconds(left), left / 3)) * 1000))
        first = routing.SolveWithParameters(pci)
        if ours is None:
            return first
        if first is not None and self._pci_wins(routing, first, ours, self._active(routing, ours)):
            return first
        return ours

    def _pci_wins(self, routing, first, ours, n_ours: int) -> bool:
        """Whether guided local search should start from PCI's first plan rather than ours: when
        it covers at least as much; with links between calls, only when it also costs less (local
        search hardly moves a linked call: it would stay where PCI's first plan left it)."""
        active = self._active(routing, first)
        if not self.problem.links:
            return active >= n_ours
        return active > n_ours or (active == n_ours and first.ObjectiveValue() < ours.ObjectiveValue())

    def _relaxed_routes(self, manager, deadline: float) -> list[list[int]] | None:
        """A first plan of OR-Tools' parallel cheapest insertion on the relaxed model (double-ups'
        parts free of each other), with each double-up then taken out and put back as a pair by
        our insertion (pushing later single calls if needed, or moving one to make room).
        None if PCI finds nothing within a third of the time left, or the deadline passes before
        the double-ups are back. Runs as routing indices of
        ``manager`` (the relaxed model numbers its nodes the same way)."""
        left = deadline - time.perf_counter()
        if left <= 0.2:
            return None
        routing, rmanager, tdim = self._build(together=False)
        params = pywrapcp.DefaultRoutingSearchParameters()
        params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
        params.solution_limit = 1
        params.time_limit.FromMilliseconds(int(left / 3 * 1000))
        sol = routing.SolveWithParameters(params)
        if sol is None:
            return None
        # keep every single call and the earliest part of each double-up where PCI put them
        runs = self._runs(sol, routing, rmanager, tdim)
        first: dict[str, tuple[int, Key]] = {}
        for key, seq in runs.items():
            for call, t in seq:
                if call.carers_required > 1 and (call.id not in first or t < first[call.id][0]):
                    first[call.id] = (t, key)
        kept = {
            key: [(call, t) for call, t in seq if call.carers_required == 1 or first[call.id] == (t, key)]
            for key, seq in runs.items()
        }
        r = Routes(self.problem, self.table)
        r.model_breaks = True
        r.load(build_plan(self.problem, self.table, kept))
        # the other carers join at the same start, pushing later calls if need be; a double-up
        # that cannot be completed so is placed afresh as a whole, making room for it (a few
        # tries, within half the time left: it took 2.5 CPU s on a cluster of the large day)
        until = time.perf_counter() + max(0.0, deadline - time.perf_counter()) / 2
        served = r.served()
        for call in self._order():
            have = len(served.get(call.id, ()))
            if have >= call.carers_required:
                continue
            if time.perf_counter() > deadline:
                return None  # too late to be of use: the search's time is up
            if have and r.insert(call, missing=call.carers_required - have, push=True):
                continue
            r.remove(call.id)
            if not r.insert(call, push=True) and time.perf_counter() < until:
                r.insert_making_room(call, max_tries=_ROOM_TRIES)
        return self._as_routes(r, manager)

    def _runs(self, sol, routing, manager, tdim) -> dict[Key, list[tuple[Call, int]]]:
        """Each vehicle's calls with their start times, in route order, as ``build_plan`` takes them."""
        out: dict[Key, list[tuple[Call, int]]] = {}
        for v, (carer, s) in enumerate(self.vehicles):
            idx = sol.Value(routing.NextVar(routing.Start(v)))
            seq = []
            while not routing.IsEnd(idx):
                n = manager.IndexToNode(idx)
                seq.append((self.node_call[n], sol.Value(tdim.CumulVar(idx))))
                idx = sol.Value(routing.NextVar(idx))
            out[(carer.id, s)] = seq
        return out

    @staticmethod
    def _active(routing, sol) -> int:
        """Carer-slots served by ``sol`` (0 for none), to compare OR-Tools' first plan with ours."""
        if sol is None:
            return 0
        return sum(
            1 for i in range(routing.Size())
            if not routing.IsStart(i) and sol.Value(routing.NextVar(i)) != i
        )

    def _work_dimension(self, routing, manager, idx_dur) -> None:
        """Work minutes: caps as capacities, target hours as soft bounds (skipped when unused)."""
        by_carer: dict[str, list[int]] = {}
        for v, (carer, _) in enumerate(self.vehicles):
            by_carer.setdefault(carer.id, []).append(v)
        caps, targets = [], {}
        big = 10**7
        any_cap = False
        for v, (carer, s) in enumerate(self.vehicles):
            cap = big
            if carer.daily_cap is not None:
                cap = min(cap, carer.daily_cap // 60)
            if carer.weekly_cap is not None:
                cap = min(cap, max(0, carer.weekly_cap - carer.worked_week) // 60)
            any_cap |= cap < big
            caps.append(cap)
        hours_w = self.problem.weights.hours
        any_target = hours_w > 0 and any(c.target is not None for c, _ in self.vehicles)
        if not any_cap and not any_target:
            return
        mins = [int(-(-d // 60)) for d in idx_dur.tolist()]
        cb = routing.RegisterUnaryTransitCallback(lambda i, mins=mins: mins[i])
        self._keep.append(mins)
        routing.AddDimensionWithVehicleCapacity(cb, 0, caps, True, "Work")
        wdim = routing.GetDimensionOrDie("Work")
        solver = routing.solver()
        for carer_id, vs in by_carer.items():
            cap = caps[vs[0]]
            if len(vs) > 1 and cap < big:
                solver.Add(solver.Sum([wdim.CumulVar(routing.End(v)) for v in vs]) <= cap)
        if any_target:
            for carer_id, vs in by_carer.items():
                carer = self.vehicles[vs[0]][0]
                if carer.target is None:
                    continue
                total = sum(carer.shifts[self.vehicles[v][1]].end - carer.shifts[self.vehicles[v][1]].start for v in vs) or 1
                for v in vs:
                    sh = carer.shifts[self.vehicles[v][1]]
                    share = carer.target * (sh.end - sh.start) // total // 60
                    wdim.SetCumulVarSoftLowerBound(routing.End(v), share, hours_w)
                    wdim.SetCumulVarSoftUpperBound(routing.End(v), share, hours_w)

    def _initial_routes(self, manager) -> list[list[int]]:
        """Our insertion heuristic's runs as routing indices (double-ups placed as pairs)."""
        r = self.routes
        r.model_breaks = True
        for call in self._order():
            r.insert(call, push=True)
        return self._as_routes(r, manager)

    def _greedy_routes(self, manager) -> list[list[int]]:
        """The greedy baseline's runs (``api.solver.greedy``: each call in time order at the end of
        the nearest free carer's run), keeping the model's break rule, as routing indices."""
        r = Routes(self.problem, self.table)
        r.model_breaks = True
        calls = [c for c in self.problem.calls if c.id in self.call_nodes]
        for call in sorted(calls, key=lambda c: (c.started_at if c.started_at is not None else c.earliest, c.latest, c.id)):
            r.insert(call, push=False, append_only=True, nearest=True)
        return self._as_routes(r, manager)

    def _order(self) -> list[Call]:
        return sorted(
            [c for c in self.problem.calls if c.id in self.call_nodes],
            key=lambda c: (c.started_at is None, not c.pinned, c.earliest, -c.carers_required, c.latest),
        )

    def _fuller_routes(self, manager, until: float) -> list[list[list[int]]]:
        """Time-limited mode, when our insertion left carer-slots out: local search cannot put a
        dropped double-up back by itself (its two nodes must enter together), so try harder here.
        Move another carer's call to make room (as the last pass of ``solve`` does); if calls are
        still out, insert again with those first. Returns both attempts' runs, the ones serving
        more carer-slots first. Uses ``self.routes`` after ``_initial_routes``. Making room is
        not tried past ``until`` (``time.perf_counter()``): it took 9 s of a loaded machine's
        wall on a cluster of the large day, past the search's deadline."""
        found = []
        order = self._order()
        r = self.routes
        for attempt in range(2):
            if attempt:
                missed = {c.id for c in order if len(r.served().get(c.id, ())) < c.carers_required}
                if not missed:
                    break
                r = Routes(self.problem, self.table)
                r.model_breaks = True
                for call in [c for c in order if c.id in missed] + [c for c in order if c.id not in missed]:
                    r.insert(call, push=True)
            for call in sorted(order, key=lambda c: (c.started_at is None, not c.pinned, -c.carers_required, c.earliest)):
                missing = call.carers_required - len(r.served().get(call.id, ()))
                if missing > 0 and time.perf_counter() < until:
                    r.insert_making_room(call, missing=missing)
            found.append(self._as_routes(r, manager))
            if time.perf_counter() >= until:
                break
        return sorted(found, key=lambda routes: -sum(map(len, routes)))

    def _as_routes(self, r: Routes, manager) -> list[list[int]]:
        """The runs of ``r`` as routing indices, one list per vehicle."""
        used: set[int] = set()
        routes: list[list[int]] = [[] for _ in self.vehicles]
        slot_of: dict[tuple[str, str], int] = {}
        served = r.served()  # once, not a scan of every run per call
        for call_id, nodes in self.call_nodes.items():
            call = self.node_call[nodes[0]]
            carers_here = [k[0] for k in served.get(call_id, ())]
            free = list(nodes)
            for cid in carers_here:
                if call.pinned and cid in call.pinned:
                    n = nodes[call.pinned.index(cid)]
                else:
                    n = next(x for x in free if not (call.pinned and self.node_slot[x] < len(call.pinned)))
                free.remove(n)
                slot_of[(call_id, cid)] = n
        for key, slots in r.runs.items():
            v = self.vindex.get(key)
            if v is None:
                continue
            for s in slots:
                n = slot_of[(s.call.id, key[0])]
                if n not in used:
                    used.add(n)
                    routes[v].append(manager.NodeToIndex(n))
        return routes

def _pci_seconds(left: float) -> float:
    """The bounded first attempt of parallel cheapest insertion: a tenth of the time left, 1-3 s."""
    return min(3.0, max(1.0, 0.1 * left))


def _cheaper(a, b):
    """The assignment of lower cost, ``a`` on a tie; either may be None (no assignment)."""
    if b is None or (a is not None and a.ObjectiveValue() <= b.ObjectiveValue()):
        return a
    return b


def _search_parameters(options: Options, deadline: float | None):
    """Search settings: a deadline gets guided local search, none the deterministic mode."""
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    # guided local search never ends by itself: without a wall-time budget (deterministic
    # mode) descend to a local optimum instead, bounded by the solution limit
    meta = routing_enums_pb2.LocalSearchMetaheuristic
    params.local_search_metaheuristic = meta.GUIDED_LOCAL_SEARCH if deadline is not None else meta.GREEDY_DESCENT
    if deadline is not None:
        params.time_limit.FromMilliseconds(int(max(0.1, deadline - time.perf_counter()) * 1000))
    else:
        # deterministic mode still needs a safety net: restoring a warm start with many
        # optional breaks can search for a long time (results stay deterministic unless hit)
        params.time_limit.FromMilliseconds(5000)
    if options.solution_limit is not None:
        params.solution_limit = options.solution_limit
    elif deadline is None:
        params.solution_limit = 100
    params.log_search = options.log
    return params


def _key(loc):
    return loc if isinstance(loc, int) else (float(loc[0]), float(loc[1]))
