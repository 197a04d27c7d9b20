"""VROOM as a peer in the benchmark: the same day stated for VROOM, solved, and read back as a Plan.

``pyvroom`` is a pinned dependency (the optimiser's start, ``vroom_start``); importing this
module works without it, :func:`solve_vroom` raises :class:`PeerMissing` with the install line.

What is stated exactly: one vehicle per carer shift (the shift as its time window, home to
home), each call's window and duration, the same travel matrices per transport mode (VROOM's
cost is travel seconds, as our travel-only objective), who may take a call (skills, exclusions,
pinned carers, absence: every distinct set of eligible carers becomes one VROOM skill), calls
already started (their start fixed) and each shift's working-time cap (a capacity in minutes).
What VROOM cannot state is dropped and listed by :func:`dropped_rules`.

Double-ups, two ways (``double_ups``):
- ``"split"``: each carer of a double-up is a job of its own, with nothing tying the two
  together (VROOM may start them apart or give both to one carer: the checker counts that);
- ``"single"``: a double-up is one job for one carer, the first step of :func:`vroom_repaired`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Iterable

from .check import check, problem_table
from .eligibility import against_wish, carer_reason
from .model import Call, Plan, Problem, Unallocated
from .parts import collapse, expand
from .routes import Routes, build_plan
from .travel import TravelTable, _key

INSTALL_HINT = "VROOM is not installed: pip install -c constraints.txt -e . (pyvroom, pinned)"
EXPLORATION = 5


class PeerMissing(RuntimeError):
    """pyvroom is not installed; the message says how to install it."""


def available() -> bool:
    try:
        import vroom  # noqa: F401
    except ImportError:
        return False
    return True


def dropped_rules(problem: Problem, double_ups: str = "split") -> list[str]:
    """What of ``problem`` VROOM is not told, in words (only the rules the day uses)."""
    out = []
    doubles = sum(1 for c in problem.calls if c.carers_required > 1)
    if doubles and double_ups == "split":
        out.append(f"double-ups started together by different carers ({doubles} calls: each carer a separate job)")
    if doubles and double_ups == "single":
        out.append(f"the second carer of {doubles} double-ups (one job each)")
    if doubles and double_ups == "fixed":
        out.append(f"double-ups served or left out whole ({doubles} calls: each carer a job of its own at the start a "
                   "first VROOM pass chose; a carer left out is put back by the repair)")
    if problem.rules.break_duration > 0 and any(
        sh.end - sh.start > problem.rules.break_after for c in problem.carers for sh in c.shifts
    ):
        out.append("breaks in long runs")
    if any(len(c.shifts) > 1 and (c.daily_cap is not None or c.weekly_cap is not None) for c in problem.carers):
        out.append("a working-time cap shared by the two runs of a split shift (each run gets the whole cap)")
    if any(problem.max_lateness(c) > 0 for c in problem.calls):
        out.append("the cost of lateness (the allowance becomes part of the window)")
    links: dict[str, int] = {}
    for link in expand(problem)[0].links:
        links[link.kind] = links.get(link.kind, 0) + 1
    if links:
        out.append("links between calls (" + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(links.items()))
                   + "; double-up parts with their own skills and durations are stated, as jobs of their own)")
    if any(problem.rest_after(c) > 0 for c in problem.calls):
        out.append("rest after a night call")
    w = problem.weights
    soft = [name for name, on in (
        ("continuity", w.continuity and any(c.preferred_clients for c in problem.carers)),
        ("gender preference", w.preference and any(c.gender_preference for c in problem.calls)),
        ("stability", w.stability and any(c.current for c in problem.calls)),
        ("hours target", w.hours and any(c.target is not None for c in problem.carers)),
    ) if on]
    if soft:
        out.append("soft goals: " + ", ".join(soft))
    return out


@dataclass
class VroomRun:
    plan: Plan
    wall_s: float
    dropped: list[str] = field(default_factory=list)


def solve_vroom(
    problem: Problem, *, double_ups: str = "split", exploration: int = EXPLORATION, threads: int = 2,
    table: TravelTable | None = None, fixed_starts: dict[str, int] | None = None, timeout: float | None = None,
    breaks: bool = False, priorities: dict[str, int] | None = None, wishes: bool = False,
) -> VroomRun:
    """VROOM's plan of ``problem``, read back as our Plan (start times as VROOM planned them).

    ``fixed_starts`` narrows the window of those calls to that one start time (the repair's
    second pass: a double-up's carers, each a job starting at the same fixed time, can only be
    two different carers together). ``timeout`` (seconds) stops VROOM's search with its best
    plan so far (the optimiser's start); None: VROOM runs to its end. ``breaks``: each long
    shift gets one break in a window that keeps both stretches short enough (the optimiser's
    start; the peer's figures are without, as listed by ``dropped_rules``). ``priorities``: a
    call's VROOM priority (0-100; VROOM leaves out the lowest first), 0 when not given.
    ``wishes``: a client's gender wish becomes a rule wherever enough carers of that gender may
    take the call (the optimiser's start when the wish is weighted; see ``_who_may``)."""
    try:
        import vroom
    except ImportError as exc:
        raise PeerMissing(INSTALL_HINT) from exc
    t0 = time.perf_counter()
    whole, (problem, back) = problem, expand(problem)  # parts of a double-up: calls of their own
    table = table or problem_table(problem)
    inp, jobs, vehicles = _vroom_input(vroom, problem, table, double_ups, fixed_starts or {}, breaks, priorities, wishes)
    limit = None if timeout is None else timedelta(seconds=max(0.01, timeout))
    sol = inp.solve(exploration_level=exploration, nb_threads=threads, timeout=limit)
    runs: dict[tuple[str, int], list[tuple[Call, int]]] = {k: [] for k in vehicles.values()}
    frame = sol.routes
    for vid, kind, arrival, waiting, job in zip(
        frame["vehicle_id"], frame["type"], frame["arrival"], frame["waiting_time"], frame["id"]
    ):
        if kind != "job":
            continue
        runs[vehicles[int(vid)]].append((jobs[int(job)], int(arrival) + int(waiting)))
    served: dict[str, int] = {}
    for seq in runs.values():
        for call, _ in seq:
            served[call.id] = served.get(call.id, 0) + 1
    need = {c.id: (c.carers_required if double_ups == "split" else 1) for c in problem.calls}
    unallocated = [
        Unallocated(c.id, "VROOM left it out", c.carers_required - served.get(c.id, 0))
        for c in problem.calls if served.get(c.id, 0) < need[c.id]
    ]
    plan = build_plan(problem, table, runs, unallocated)
    if back:
        plan = collapse(plan, back, whole)
    plan.stats = {"peer": "vroom", "exploration": exploration, "threads": threads}
    return VroomRun(plan, time.perf_counter() - t0, dropped_rules(whole, double_ups))


def _vroom_input(vroom, problem: Problem, table: TravelTable, double_ups: str, fixed_starts: dict[str, int],
                 breaks: bool = False, priorities: dict[str, int] | None = None, wishes: bool = False):
    """VROOM's Input, the call of each job id and the (carer, shift) of each vehicle id."""
    priorities = priorities or {}
    inp = vroom.Input()
    modes = sorted({c.transport for c in problem.carers if not c.absent}) or ["car"]
    for mode in modes:
        inp.set_durations_matrix(profile=mode, matrix_input=table.mode(mode)[0])
    keys = [(c, i) for c in problem.carers if not c.absent for i in range(len(c.shifts))]
    # who may take a call: one VROOM skill per distinct set of eligible carers
    eligible_sets: dict[frozenset[str], int] = {}
    call_skill: dict[str, int] = {}
    for call in problem.calls:
        call_skill[call.id] = eligible_sets.setdefault(_who_may(problem, call, wishes), len(eligible_sets) + 1)
    vehicles: dict[int, tuple[str, int]] = {}
    for vid, (carer, s) in enumerate(keys):
        sh = carer.shifts[s]
        cap = _cap_minutes(carer)
        inp.add_vehicle(vroom.Vehicle(
            id=vid,
            start=table.index[_key(carer.start_location)],
            end=table.index[_key(carer.home_end)],
            profile=carer.transport,
            capacity=[cap],
            skills={k for ids, k in eligible_sets.items() if carer.id in ids},
            time_window=vroom.TimeWindow(sh.start, sh.end),
            breaks=_break(vroom, problem, sh) if breaks else (),
        ))
        vehicles[vid] = (carer.id, s)
    jobs: dict[int, Call] = {}
    for call in problem.calls:
        copies = call.carers_required if double_ups == "split" else 1
        if call.started_at is not None:
            window = (call.started_at, call.started_at)
        elif call.id in fixed_starts:
            window = (fixed_starts[call.id], fixed_starts[call.id])
        else:
            window = (call.earliest, call.latest + problem.max_lateness(call))
        for _ in range(copies):
            jid = len(jobs)
            jobs[jid] = call
            inp.add_job(vroom.Job(
                id=jid,
                location=table.index[_key(call.location)],
                default_service=call.duration,
                delivery=[-(-call.duration // 60)],
                skills={call_skill[call.id]},
                time_windows=[vroom.TimeWindow(*window)],
                priority=priorities.get(call.id, 0),
            ))
    return inp, jobs, vehicles


def _who_may(problem: Problem, call: Call, wishes: bool) -> frozenset[str]:
    """The carers who may take ``call``; with ``wishes``, only those the client's gender wish
    allows, if enough of them may. VROOM cannot weigh a wish, and guided local search from a
    start that ignored them paid for them visit by visit: on the medium bench day the wishes
    cost 119-152 km of travel that way."""
    ok = frozenset(c.id for c in problem.carers if carer_reason(problem, call, c) is None)
    if not (wishes and call.gender_preference):
        return ok
    wished = frozenset(c.id for c in problem.carers if c.id in ok and not against_wish(c, call))
    return wished if len(wished) >= call.carers_required else ok


def _break(vroom, problem: Problem, sh) -> list:
    """One break for a shift longer than a stretch may be, starting when neither the time before
    it nor the time after it is longer than a stretch (none if the shift needs more than one)."""
    limit, brk = problem.rules.break_after, problem.rules.break_duration
    if brk <= 0 or sh.end - sh.start <= limit:
        return []
    lo, hi = max(sh.start, sh.end - limit - brk), sh.start + limit
    return [vroom.Break(0, time_windows=[vroom.TimeWindow(lo, hi)], service=brk)] if lo <= hi else []


def _cap_minutes(carer) -> int:
    cap = 24 * 60 * 7
    if carer.daily_cap is not None:
        cap = min(cap, carer.daily_cap // 60)
    if carer.weekly_cap is not None:
        cap = min(cap, max(0, carer.weekly_cap - carer.worked_week) // 60)
    return cap


def without_double_ups(problem: Problem) -> Problem:
    """The same day with its double-up calls taken out (the rules both solvers can state)."""
    return problem.replace(calls=[c for c in problem.calls if c.carers_required == 1])


def vroom_repaired(
    problem: Problem, *, exploration: int = EXPLORATION, threads: int = 2, first: str = "fixed",
) -> VroomRun:
    """VROOM's plan made valid by our own insertion, double-ups kept together.

    1. VROOM plans the day. ``first="fixed"`` (the default): twice, first with each double-up as
       one job for one carer, then again with each carer of a double-up a job of its own whose
       window is that first plan's start time, so that VROOM itself can only give a double-up to
       different carers starting together (or leave a carer of it out). ``"split"``: once, each
       carer of a double-up a job of its own; ``"single"``: once, each double-up one job.
    2. A double-up whose carers VROOM did not start together (or gave to one carer) is taken out
       whole; with "single", a double-up keeps its carer and looks for its second one in step 4.
    3. Our checker finds what VROOM's runs break that VROOM was not told (breaks): those calls are
       taken out, one pass at a time, until the runs pass.
    4. Double-ups first, then every call still out, are inserted by our insertion (at the start
       already set when one carer is there; moving another carer's single call to make room when
       needed, as the optimiser's last pass does).
    The plan is only as good as VROOM's routes plus these local repairs: no search follows.
    """
    t0 = time.perf_counter()
    whole, (problem, back) = problem, expand(problem)  # parts of a double-up: linked calls of their own
    table = problem_table(problem)
    peer = solve_vroom(problem, double_ups="single" if first != "split" else "split", exploration=exploration,
                       threads=threads, table=table)
    if first == "fixed":
        starts = {s.call_id: s.start for r in peer.plan.runs for s in r.stops}
        fixed = {c.id: starts[c.id] for c in problem.calls if c.carers_required > 1 and c.id in starts}
        peer = solve_vroom(problem, double_ups="split", exploration=exploration, threads=threads, table=table,
                           fixed_starts=fixed)
    routes = Routes(problem, table)
    routes.load(peer.plan)
    if first != "single":
        for call_id in _apart(problem, peer.plan):
            while routes.remove(call_id):
                pass
    _drop_until_checked(problem, routes, table)
    order = sorted(problem.calls, key=lambda c: (c.started_at is None, -c.carers_required, c.earliest, c.id))
    for call in order:
        missing = call.carers_required - len(routes.served().get(call.id, ()))
        if missing <= 0:
            continue
        if not routes.insert(call, missing=missing, push=True) and routes.insert_making_room(call, missing=missing) is None:
            if missing < call.carers_required:  # half a double-up: out, then whole at any time
                while routes.remove(call.id):
                    pass
                if not routes.insert(call, push=True):
                    routes.insert_making_room(call)
    _drop_until_checked(problem, routes, table)
    served = routes.served()
    plan = routes.to_plan([
        Unallocated(c.id, "not placed by the repair", c.carers_required - len(served.get(c.id, ())))
        for c in problem.calls if len(served.get(c.id, ())) < c.carers_required
    ])
    if back:
        plan = collapse(plan, back, whole)
    plan.stats = {"peer": "vroom repaired", "first": first, "exploration": exploration, "threads": threads}
    return VroomRun(plan, time.perf_counter() - t0, dropped_rules(whole, "fixed" if first == "fixed" else first))


def _apart(problem: Problem, plan: Plan) -> list[str]:
    """Double-ups whose carers do not start together, or are not all different people."""
    starts: dict[str, list[tuple[str, int]]] = {}
    for run in plan.runs:
        for s in run.stops:
            starts.setdefault(s.call_id, []).append((run.carer_id, s.start))
    out = []
    for call in problem.calls:
        got = starts.get(call.id, [])
        if call.carers_required > 1 and got:
            if len({t for _, t in got}) > 1 or len({k for k, _ in got}) < len(got):
                out.append(call.id)
    return out


def _drop_until_checked(problem: Problem, routes: Routes, table: TravelTable) -> None:
    """Take out the calls the checker names (a run's worst stop when it names only the carer)."""
    for _ in range(len(problem.calls) + 1):
        found = check(problem, routes.to_plan(), table)
        if not found:
            return
        drop = {v.call_id for v in found if v.call_id}
        for carer_id in {v.carer_id for v in found if not v.call_id and v.carer_id}:
            for key, slots in routes.runs.items():
                if key[0] == carer_id and slots:
                    drop.add(_longest_reach(routes, key).call.id)
        for call_id in _sorted(drop):
            routes.remove(call_id)


def _longest_reach(routes: Routes, key):
    """The stop of a run reached by the longest journey (where a missing break most likely is)."""
    carer = routes.carers[key[0]]
    loc, worst, best = carer.start_location, routes.runs[key][-1], -1
    for sl in routes.runs[key]:
        t = routes.table.seconds(carer.transport, loc, sl.call.location)
        if t > best and sl.call.started_at is None:
            worst, best = sl, t
        loc = sl.call.location
    return worst


def _sorted(ids: Iterable[str]) -> list[str]:
    return sorted(ids)
