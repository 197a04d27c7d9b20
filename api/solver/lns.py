"""Ruin and recreate: a large-neighbourhood search over the runs of a day whose calls are tied.

OR-Tools' local search moves one node at a time, and a call tied to another (a gap between two
calls, the parts of a double-up, same or different carers) can rarely move alone without breaking
its tie, so on such days its plan stays close to the first insertion. Here, again and again: a few
related calls are taken out together with every call tied to them (``ruin``), each run is re-timed
so that its calls start as early as their ties allow (``compact``: what was late after a removal
need not stay late), and the calls are put back by our own insertion, which places a tied pair as
a pair (``recreate``). A new plan is kept when it costs less, or early on when it costs a little
more (a threshold falling to zero by the deadline); the best plan seen is the result.

Every step keeps every hard rule (``Routes`` inserts only where the checker would agree, and
``compact`` only moves a start earlier when the run still keeps its rules), so the runs are a
valid plan whenever the search stops.
"""

from __future__ import annotations

import random
import time

from .model import GAP, SAME_CARER, SERVED_TOGETHER, Call
from .routes import Key, Routes, Slot, model_breaks_ok, stretches_ok

_PASSES = 200  # re-timing rounds before giving up (each round settles at least one tie)
_THRESHOLD = 0.02  # a worse plan is kept early on when within this share of the best cost


def cost(routes: Routes, missing_too: bool = True) -> float:
    """The objective of the runs as they stand (what ``objective.score`` would total), in its
    units: travel, lateness, the soft costs of who does each call, carer-slots left out (unless
    ``missing_too`` is False), hours."""
    prob, w = routes.problem, routes.problem.weights
    total = 0.0
    served: dict[str, int] = {}
    for key, slots in routes.runs.items():
        if not slots:
            continue
        carer = routes.carers[key[0]]
        loc = carer.start_location
        for s in slots:
            call = s.call
            total += w.travel * routes._travel(carer, loc, call.location) + routes.node_cost(carer, call)
            if call.started_at is None and s.start > call.latest:
                total += w.late_per_minute * (s.start - call.latest) // 60
            served[call.id] = served.get(call.id, 0) + 1
            loc = call.location
        total += w.travel * routes._travel(carer, loc, carer.home_end)
    for call in prob.calls if missing_too else ():
        missing = call.carers_required - served.get(call.id, 0)
        if missing > 0:
            heavy = bool(call.pinned) or call.started_at is not None
            total += missing * (w.pinned_unallocated if heavy else w.unallocated)
    if w.hours:
        for carer in prob.carers:
            if carer.target is not None and not carer.absent:
                total += w.hours * (abs(routes.worked.get(carer.id, 0) - carer.target) // 60)
    return total


def compact(routes: Routes) -> bool:
    """Start every call as early as its run and its ties allow, keeping each run's order; True if
    the runs were re-timed (False: left as they were, when a rule would not hold).

    Every bound is a lower bound (after the previous call and the journey, not before the
    window, a gap's partner), so the earliest times are found by raising starts until nothing
    changes; they are never later than the current ones, which keep every rule."""
    prob = routes.problem
    runs = [(key, slots) for key, slots in routes.runs.items() if slots]
    t: dict[int, int] = {}
    of_call: dict[str, list[Slot]] = {}
    for _, slots in runs:
        for s in slots:
            t[id(s)] = s.call.started_at if s.call.started_at is not None else s.call.earliest
            of_call.setdefault(s.call.id, []).append(s)
    gaps = [
        (of_call[x.first], of_call[x.second], x.min_gap, x.max_gap)
        for x in prob.links if x.kind == GAP and x.first in of_call and x.second in of_call
    ]
    # a gap to a call of an adjacent day (Problem.fixed) is a bound of its own
    fixed = {f.id: f.start for f in prob.fixed}
    for x in prob.links:
        if x.kind != GAP:
            continue
        if x.first in fixed and x.second in of_call:
            floor = fixed[x.first] + x.min_gap
            slots = of_call[x.second]
        elif x.second in fixed and x.first in of_call and x.max_gap is not None:
            floor = fixed[x.second] - x.max_gap
            slots = of_call[x.first]
        else:
            continue
        for sl in slots:
            if sl.call.started_at is None:
                t[id(sl)] = max(t[id(sl)], floor)
    together = [slots for slots in of_call.values() if len(slots) > 1]
    for _ in range(_PASSES):
        changed = False
        for key, slots in runs:
            carer = routes.carers[key[0]]
            ready, loc = carer.shifts[key[1]].start, carer.start_location
            for s in slots:
                need = ready + routes._travel(carer, loc, s.call.location)
                if t[id(s)] < need:
                    t[id(s)] = need
                    changed = True
                ready, loc = t[id(s)] + s.call.duration + prob.rest_after(s.call), s.call.location
        for slots in together:  # the carers of a double-up start together
            top = max(t[id(s)] for s in slots)
            for s in slots:
                if t[id(s)] != top:
                    t[id(s)] = top
                    changed = True
        for a_slots, b_slots, lo, hi in gaps:
            ta, tb = t[id(a_slots[0])], t[id(b_slots[0])]
            if tb < ta + lo:
                for s in b_slots:
                    t[id(s)] = ta + lo
                changed = True
            elif hi is not None and ta < tb - hi:
                for s in a_slots:
                    t[id(s)] = tb - hi
                changed = True
        if not changed:
            break
    else:
        return False
    rules = prob.rules
    for key, slots in runs:
        carer = routes.carers[key[0]]
        for s in slots:
            call = s.call
            if call.started_at is not None and t[id(s)] != call.started_at:
                return False
            if t[id(s)] > s.start:  # cannot happen from a valid plan: keep it as it is
                return False
        last = slots[-1]
        if t[id(last)] + last.call.duration + routes._travel(carer, last.call.location, carer.home_end) > carer.shifts[key[1]].end:
            return False
        seq = [(s.call, t[id(s)]) for s in slots]
        if not stretches_ok(seq, carer, routes.table, rules.break_after, rules.break_duration):
            return False
        if routes.model_breaks and not model_breaks_ok(seq, carer, routes.table, rules.break_after, rules.break_duration):
            return False
    for _, slots in runs:
        for s in slots:
            s.start = t[id(s)]
    return True


class _Search:
    def __init__(self, routes: Routes, rng: random.Random):
        self.routes = routes
        self.rng = rng
        prob = routes.problem
        self.calls = {c.id: c for c in prob.calls}
        # calls tied by a gap, the same carer or one double-up leave and come back together
        parent: dict[str, str] = {c.id: c.id for c in prob.calls}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for link in prob.links:
            if link.kind in (GAP, SAME_CARER, SERVED_TOGETHER) and link.first in parent and link.second in parent:
                parent[find(link.first)] = find(link.second)
        groups: dict[str, list[str]] = {}
        for cid in parent:
            groups.setdefault(find(cid), []).append(cid)
        self.group = {cid: groups[find(cid)] for cid in parent}
        # a group with a pinned or started call stays where it is
        self.movable = {
            cid for cid in parent
            if not any(self.calls[x].pinned or self.calls[x].started_at is not None for x in self.group[cid])
        }
        self.mode = prob.carers[0].transport if prob.carers else "car"

    # -- ruin ---------------------------------------------------------------------------------
    def _placed(self) -> list[tuple[Key, int, Slot]]:
        return [(key, i, s) for key, slots in self.routes.runs.items() for i, s in enumerate(slots) if s.call.id in self.movable]

    def ruin(self, size: int) -> list[str]:
        """Take out about ``size`` calls (with everything tied to them); returns their ids."""
        placed = self._placed()
        if not placed:
            return []
        pick = self.rng.random()
        if pick < 0.45:
            order = self._related(placed)
        elif pick < 0.75:
            order = self._strings(placed, size)
        else:
            order = self._worst(placed)
        out: list[str] = []
        for cid in order:
            if len(out) >= size:
                break
            if cid in out:
                continue
            for x in self.group[cid]:
                if x not in out:
                    out.append(x)
        for cid in out:
            while self.routes.remove(cid):
                pass
        return out

    def _related(self, placed) -> list[str]:
        """Calls near a random one in place and time (Shaw's relatedness), a little shuffled."""
        _, _, seed = self.rng.choice(placed)
        table, a = self.routes.table, seed.call.location
        scored = [
            (table.seconds(self.mode, a, s.call.location) + abs(s.start - seed.start), s.call.id)
            for _, _, s in placed
        ]
        scored.sort()
        return _jitter([cid for _, cid in scored], self.rng)

    def _strings(self, placed, size: int) -> list[str]:
        """Runs of consecutive calls from the runs nearest a random call (strings of a few calls)."""
        _, _, seed = self.rng.choice(placed)
        table, a = self.routes.table, seed.call.location
        near = sorted(placed, key=lambda p: table.seconds(self.mode, a, p[2].call.location) + abs(p[2].start - seed.start) // 2)
        out, seen_runs = [], set()
        for key, i, _ in near:
            if key in seen_runs:
                continue
            seen_runs.add(key)
            slots = self.routes.runs[key]
            length = self.rng.randint(1, max(1, min(len(slots), size // 2 + 1)))
            lo = max(0, min(i - self.rng.randint(0, length - 1), len(slots) - length))
            out += [s.call.id for s in slots[lo:lo + length] if s.call.id in self.movable]
            if len(out) >= size:
                break
        return out

    def _worst(self, placed) -> list[str]:
        """The calls that cost most where they are (detour and lateness), a little shuffled."""
        w = self.routes.problem.weights
        scored = []
        for key, i, s in placed:
            carer, slots = self.routes.carers[key[0]], self.routes.runs[key]
            prev = carer.start_location if i == 0 else slots[i - 1].call.location
            nxt = carer.home_end if i == len(slots) - 1 else slots[i + 1].call.location
            tr = self.routes._travel
            detour = tr(carer, prev, s.call.location) + tr(carer, s.call.location, nxt) - tr(carer, prev, nxt)
            late = max(0, s.start - s.call.latest) if s.call.started_at is None else 0
            scored.append((-(w.travel * detour + w.late_per_minute * late / 60.0), s.call.id))
        scored.sort()
        return _jitter([cid for _, cid in scored], self.rng)

    # -- recreate -----------------------------------------------------------------------------
    def recreate(self, removed: list[str]) -> bool:
        """Put the calls back, group by group; False if one found no place."""
        calls = [self.calls[cid] for cid in removed]
        how = self.rng.random()
        if how < 0.5:  # by time: a day's calls are easiest to chain in the order of their windows
            calls.sort(key=lambda c: (c.earliest, c.latest))
        elif how < 0.75:  # the most constrained first: fewest runs that could take it
            calls.sort(key=lambda c: (len(self.routes.eligible(c)), c.latest))
        else:
            self.rng.shuffle(calls)
        served = self.routes.served()
        for call in calls:
            if len(served.get(call.id, ())) >= call.carers_required:
                continue
            if not self.routes.insert(call, push=True):
                return False
            served = self.routes.served()
        return True


def _jitter(ids: list[str], rng: random.Random) -> list[str]:
    """The list with neighbours swapped at random (related calls stay near the front)."""
    out = list(ids)
    for i in range(len(out) - 1):
        if rng.random() < 0.3:
            out[i], out[i + 1] = out[i + 1], out[i]
    return out


def ruin_recreate(routes: Routes, deadline: float, seed: int = 0, stop=None) -> dict:
    """Improve ``routes`` in place until ``deadline`` (``time.perf_counter()``) or ``stop()``;
    returns what it did (iterations, improvements, the cost before and after)."""
    rng = random.Random(seed)
    search = _Search(routes, rng)
    # a call put back may push later ones past their window: the search prices it and may then
    # take those out in turn (without it, a day with late calls had few places left to try)
    was, routes.push_late = routes.push_late, True
    compact(routes)
    current = best = cost(routes)
    start_cost = current
    # how much worse than the best a plan may be and still be kept, at first: a share of what the
    # best plan's served calls cost (not of the price of calls left out, which would swamp it)
    slack = _THRESHOLD * cost(routes, missing_too=False)
    best_state = routes._snapshot()
    n_calls = len(search.movable)
    t_begin = time.perf_counter()
    span = max(1e-6, deadline - t_begin)
    iters = kept = improved = 0
    while n_calls and time.perf_counter() < deadline and not (stop is not None and stop()):
        iters += 1
        saved = routes._snapshot()
        size = rng.randint(2, max(2, min(30, n_calls // 6)))
        removed = search.ruin(size)
        compact(routes)
        ok = bool(removed) and search.recreate(removed)
        if ok:
            compact(routes)
            new = cost(routes)
            left = max(0.0, deadline - time.perf_counter()) / span
            if new < current or new < best + slack * left:  # record-to-record: never far from the best
                current = new
                kept += 1
                if new < best:
                    best, best_state, improved = new, routes._snapshot(), improved + 1
                    slack = _THRESHOLD * cost(routes, missing_too=False)
                continue
        routes._restore(saved)
    routes._restore(best_state)
    routes.push_late = was
    return {"iterations": iters, "kept": kept, "improved": improved, "before": start_cost, "after": best,
            "seconds": round(time.perf_counter() - t_begin, 3)}
