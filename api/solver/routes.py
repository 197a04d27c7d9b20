"""Mutable runs with fast insertion, shared by the greedy baseline, cover and the solver's repair.

Times of existing stops are kept unless ``push`` allows moving later single calls later (never
past their window, never a double-up or a started call). Every insertion keeps every hard rule the
checker knows, so the runs can be turned into a valid :class:`~api.solver.model.Plan` at any time.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, field
from typing import Iterable

from .eligibility import against_wish, carer_reason, shift_fits
from .model import DIFFERENT_CARERS, GAP, NIGHT_KINDS, SAME_CARER, SERVED_TOGETHER, Call, Carer, Plan, Problem, Run, Stop, Unallocated, LateStart
from .travel import TravelTable

Key = tuple[str, int]  # (carer id, shift index)


@dataclass
class Slot:
    call: Call
    start: int

    @property
    def end(self) -> int:
        return self.start + self.call.duration


@dataclass
class Candidate:
    key: Key
    pos: int
    start: int
    pushes: list[tuple[int, int]]
    cost: float
    lo: int = 0
    hi: int = 0


@dataclass
class Routes:
    problem: Problem
    table: TravelTable
    runs: dict[Key, list[Slot]] = field(default_factory=dict)
    worked: dict[str, int] = field(default_factory=dict)
    touched: set[Key] = field(default_factory=set)
    # also keep the routing model's break rule (see ``model_breaks_ok``), so that these runs can
    # warm-start the OR-Tools model; off for the greedy baseline and cover
    model_breaks: bool = False
    # later calls may be pushed past their window (within their lateness allowance), the lateness
    # priced into the insertion; off: never past the window (the greedy baseline, cover, the start)
    push_late: bool = False

    def __post_init__(self) -> None:
        self.carers = {c.id: c for c in self.problem.carers}
        self.calls = self.problem._calls_by_id()
        for carer in self.problem.carers:
            if carer.absent:
                continue
            for i in range(len(carer.shifts)):
                self.runs.setdefault((carer.id, i), [])
            self.worked.setdefault(carer.id, 0)
        self._eligible: dict[str, list[Key]] = {}
        self.regular_clients = {cl for c in self.problem.carers for cl in c.preferred_clients}
        # links between calls: a linked call is never pushed or moved to make room (its partner
        # would not follow); the parts of a double-up (served_together) are inserted as a group
        self.links_of: dict[str, list] = {}
        self.groups: dict[str, list[str]] = {}
        for link in self.problem.links:
            if link.kind == SERVED_TOGETHER:
                group = self.groups.get(link.first) or self.groups.get(link.second) or []
                for cid in (link.first, link.second):
                    if cid not in group:
                        group.append(cid)
                    self.groups[cid] = group
            else:
                self.links_of.setdefault(link.first, []).append(link)
                self.links_of.setdefault(link.second, []).append(link)
        self.linked = set(self.links_of) | set(self.groups)
        # calls of adjacent days that links name: placed already, where they are
        self.fixed = {f.id: (f.start, set(f.carers)) for f in self.problem.fixed}
        self._grouping = False
        # carers none of whose shifts is longer than a stretch may be: their runs need no break
        # checks (unless a call under way, which may lie outside the shift, is in the day)
        self._short_shifts = {
            c.id for c in self.problem.carers if all(sh.end - sh.start <= self.problem.rules.break_after for sh in c.shifts)
        }
        self._any_started = any(c.started_at is not None for c in self.problem.calls)
        self._ban: set[Key] = set()  # runs a part of a double-up may not go to (another try)

    # -- reading ------------------------------------------------------------------------------
    def served(self) -> dict[str, list[Key]]:
        out: dict[str, list[Key]] = {}
        for key, slots in self.runs.items():
            for s in slots:
                out.setdefault(s.call.id, []).append(key)
        return out

    def eligible(self, call: Call) -> list[Key]:
        keys = self._eligible.get(call.id)
        if keys is None:
            keys = []
            for carer in self.problem.carers:
                if carer_reason(self.problem, call, carer) is not None:
                    continue
                for i, sh in enumerate(carer.shifts):
                    if shift_fits(self.problem, self.table, call, carer, sh):
                        keys.append((carer.id, i))
            self._eligible[call.id] = keys
        return keys

    def node_cost(self, carer: Carer, call: Call) -> int:
        """Soft costs of ``carer`` taking ``call`` (continuity, gender, stability)."""
        w = self.problem.weights
        cost = 0
        if call.client_id in self.regular_clients and call.client_id not in carer.preferred_clients:
            cost += w.continuity
        if against_wish(carer, call):
            cost += w.preference
        if call.current and carer.id not in call.current:
            cost += w.stability
        return cost

    # -- loading ------------------------------------------------------------------------------
    def load(self, plan: Plan, keep: Iterable[str] | None = None) -> None:
        """Take the runs of ``plan`` (only calls in ``keep`` when given) as they are."""
        keep_set = None if keep is None else set(keep)
        for run in plan.runs:
            key = (run.carer_id, run.shift)
            if key not in self.runs:
                continue
            for s in run.stops:
                if keep_set is not None and s.call_id not in keep_set:
                    continue
                call = self.calls.get(s.call_id)
                if call is None:
                    continue
                self.runs[key].append(Slot(call, s.start))
                self.worked[run.carer_id] += call.duration
            self.runs[key].sort(key=lambda sl: sl.start)

    # -- insertion ----------------------------------------------------------------------------
    def _travel(self, carer: Carer, a, b) -> int:
        return self.table.seconds(carer.transport, a, b)

    def candidates(
        self, call: Call, *, push: bool = True, append_only: bool = False, touch_cost: int = 0,
        nearest: bool = False, keys: list[Key] | None = None,
    ) -> list[Candidate]:
        """Feasible places for one carer-slot of ``call``, cheapest first."""
        prob = self.problem
        w = prob.weights
        late_max = prob.max_lateness(call)
        out: list[Candidate] = []
        for key in keys if keys is not None else self.eligible(call):
            carer = self.carers[key[0]]
            slots = self.runs[key]
            if any(s.call.id == call.id for s in slots):
                continue
            if not self._hours_ok(carer, call.duration):
                continue
            shift = carer.shifts[key[1]]
            if append_only:
                positions = [len(slots)]
            else:
                starts = [s.start for s in slots]
                a = bisect.bisect_left(starts, call.earliest - 4 * 3600)
                b = bisect.bisect_right(starts, call.latest + late_max)
                positions = range(a, b + 1)
            for p in positions:
                prev_loc = carer.start_location if p == 0 else slots[p - 1].call.location
                prev_end = None if p == 0 else slots[p - 1].end + prob.rest_after(slots[p - 1].call)
                t_in = self._travel(carer, prev_loc, call.location)
                if call.started_at is not None:
                    lo = call.started_at
                    if prev_end is not None and prev_end + t_in > lo:
                        continue
                else:
                    lo = max(call.earliest, (shift.start if prev_end is None else prev_end) + t_in)
                hi = call.latest + late_max if call.started_at is None else call.started_at
                if lo > hi:
                    continue
                nxt_loc = carer.home_end if p == len(slots) else slots[p].call.location
                t_out = self._travel(carer, call.location, nxt_loc)
                # latest start that pushes nothing
                free_hi = (shift.end if p == len(slots) else slots[p].start - prob.rest_after(call)) - t_out - call.duration
                pushes = self._propagate(carer, shift, slots, p, call, lo, push)
                if pushes is None:
                    continue
                if not self._breaks_ok(carer, slots, p, call, lo, pushes):
                    continue
                if nearest:
                    cost = float(t_in)
                else:
                    delta = t_in + t_out - self._travel(carer, prev_loc, nxt_loc)
                    cost = w.travel * delta + self.node_cost(carer, call)
                    cost += w.late_per_minute * max(0, lo - call.latest) / 60.0
                    cost += len(pushes) * 30
                    if self.push_late:  # the lateness the pushes add to the calls after it
                        cost += w.late_per_minute * sum(
                            max(0, st - slots[q].call.latest) - max(0, slots[q].start - slots[q].call.latest)
                            for q, st in pushes
                        ) / 60.0
                    if touch_cost and key not in self.touched:
                        cost += touch_cost
                out.append(Candidate(key, p, lo, pushes, cost, lo, max(lo, min(hi, free_hi))))
        out.sort(key=lambda c: c.cost)
        return out

    def _hours_ok(self, carer: Carer, seconds: int) -> bool:
        done = self.worked.get(carer.id, 0) + seconds
        if carer.daily_cap is not None and done > carer.daily_cap:
            return False
        if carer.weekly_cap is not None and carer.worked_week + done > carer.weekly_cap:
            return False
        return True

    def _propagate(self, carer, shift, slots, p, call, t, push) -> list[tuple[int, int]] | None:
        pushes: list[tuple[int, int]] = []
        end, rest = t + call.duration, self.problem.rest_after(call)  # rest before a next call only
        loc = call.location
        for q in range(p, len(slots)):
            s = slots[q]
            need = end + rest + self._travel(carer, loc, s.call.location)
            if need <= s.start:
                return pushes
            if not push or s.call.carers_required > 1 or s.call.started_at is not None:
                return None
            if need > (s.call.latest + self.problem.max_lateness(s.call) if self.push_late else s.call.latest):
                return None
            if s.call.id in self.linked:
                return None
            pushes.append((q, need))
            end, rest = need + s.call.duration, self.problem.rest_after(s.call)
            loc = s.call.location
        if end + self._travel(carer, loc, carer.home_end) > shift.end:
            return None
        return pushes

    def _breaks_ok(self, carer, slots, p, call, t, pushes) -> bool:
        rules = self.problem.rules
        if carer.id in self._short_shifts and call.started_at is None and not self._any_started:
            return True  # a run within a shift no longer than the limit: no stretch can be too long
        seq = [(s.call, s.start) for s in slots]
        for q, st in pushes:
            seq[q] = (seq[q][0], st)
        seq.insert(p, (call, t))
        if not stretches_ok(seq, carer, self.table, rules.break_after, rules.break_duration):
            return False
        return not self.model_breaks or model_breaks_ok(seq, carer, self.table, rules.break_after, rules.break_duration)

    def apply(self, call: Call, cands: list[Candidate], start: int | None = None) -> None:
        for c in cands:
            slots = self.runs[c.key]
            for q, st in c.pushes:
                slots[q].start = st
            slots.insert(c.pos, Slot(call, c.start if start is None else start))
            self.worked[c.key[0]] += call.duration
            self.touched.add(c.key)

    def insert(
        self, call: Call, *, missing: int | None = None, push: bool = True, append_only: bool = False,
        touch_cost: int = 0, nearest: bool = False,
    ) -> bool:
        """Place the ``missing`` carer-slots of ``call`` (all of them by default); True if done."""
        if call.id in self.groups and not self._grouping:
            return self._insert_group(call, push=push, append_only=append_only, touch_cost=touch_cost, nearest=nearest)
        pair = None if self._grouping or missing is not None else self._gap_partner(call)
        if pair is not None and self._insert_pair(pair[0], pair[1], push=push, append_only=append_only, touch_cost=touch_cost, nearest=nearest):
            return True
        have = {k[0] for k, slots in self.runs.items() for s in slots if s.call.id == call.id}
        need = call.carers_required - len(have) if missing is None else missing
        if need <= 0:
            return True
        lo_link, hi_link, banned, only = self._link_bounds(call)
        if lo_link > hi_link:
            return False
        kept = self.open_slot_carers(call, have)
        keys = [
            k for k in self.eligible(call)
            if k[0] not in have and k[0] not in banned and (only is None or k[0] in only) and k not in self._ban
            and (kept is None or k[0] in kept)
        ]
        if call.pinned:
            want = [c for c in call.pinned if c not in have]
            if len(call.pinned) >= call.carers_required:
                keys = [k for k in keys if k[0] in want]
        fixed_start = None
        if have:
            starts = {s.start for slots in self.runs.values() for s in slots if s.call.id == call.id}
            fixed_start = next(iter(starts))
        cands = self.candidates(call, push=push, append_only=append_only, touch_cost=touch_cost, nearest=nearest, keys=keys)
        if call.id in self.links_of:
            cands = self._within(call, cands, lo_link, hi_link)
        if fixed_start is not None:
            cands = [x for x in (self._at(call, c, fixed_start) for c in cands) if x is not None]
        if need == 1:
            if not cands:
                return False
            self.apply(call, [cands[0]], fixed_start)
            return True
        if need == 2:
            best = None
            top = cands[:80]
            partial = [c for c in call.pinned if c not in have] if call.pinned else []
            partial += sorted(self.must_include(call) - have - set(partial))  # a same_carer partner's carer
            firsts = [c for c in top if c.key[0] in partial] if partial else top
            for i, a in enumerate(firsts):
                if best is not None and a.cost >= best[0]:
                    break
                for b in (top if partial else top[i + 1:]):
                    if b.key[0] == a.key[0]:
                        continue
                    if best is not None and a.cost + b.cost >= best[0]:
                        break
                    pair = self._pair(call, a, b)
                    if pair is not None:
                        best = (a.cost + b.cost, pair)
                        break
            if best is None:
                return False
            t, ca, cb = best[1]
            self.apply(call, [ca, cb], t)
            return True
        # three or more carers: take the cheapest on a common start, when it exists
        for t in sorted({c.start for c in cands}):
            chosen: list[Candidate] = []
            for c in cands:
                if c.key[0] in {x.key[0] for x in chosen}:
                    continue
                at = self._at(call, c, t)
                if at is not None:
                    chosen.append(at)
                    if len(chosen) == need:
                        self.apply(call, chosen, t)
                        return True
        return False

    def _insert_group(self, call: Call, **kw) -> bool:
        """Insert the parts of a double-up, all or none: the part fewest carers can do first, then
        the others at their offsets; when they do not fit, the first part goes to another run
        (a few tries)."""
        if len(self.groups[call.id]) == 2:
            placed = self._insert_pair(*self.groups[call.id], **kw)
            if placed is not None:
                return placed
        group = sorted(self.groups[call.id], key=lambda cid: len(self.eligible(self.calls[cid])))
        first = self.calls[group[0]]
        tried: set[Key] = set()
        self._grouping = True
        try:
            for _ in range(6):
                saved = self._snapshot()
                self._ban = tried
                placed = self.insert(first, **kw)
                self._ban = set()
                if not placed:
                    return False
                if all(self.insert(self.calls[cid], **kw) for cid in group[1:]):
                    return True
                tried = tried | {k for k, slots in self.runs.items() if any(s.call.id == first.id for s in slots)}
                self._restore(saved)
            return False
        finally:
            self._grouping = False
            self._ban = set()

    def _gap_partner(self, call: Call):
        """The unplaced single call linked to ``call`` by a gap, as (first, second, link), or None."""
        if call.carers_required != 1:
            return None
        for x in self.links_of.get(call.id, ()):
            other = self.calls.get(x.second if x.first == call.id else x.first)
            if x.kind == GAP and other is not None and other.carers_required == 1:
                served = self.served()
                if call.id not in served and other.id not in served:
                    return (x.first, x.second, x)
        return None

    def _insert_pair(self, a_id: str, b_id: str, push: bool = True, append_only: bool = False, touch_cost: int = 0, nearest: bool = False) -> bool | None:
        """Two single calls linked by a gap (``b`` starts ``min_gap``..``max_gap`` after ``a``; the
        parts of a double-up, or two calls of one client) placed as a pair, as plain double-ups
        are: the cheapest two runs that can start them in step, one moved later if the other
        needs it. None when they are not such a pair (the caller tries another way)."""
        link = next((x for x in self.links_of.get(b_id, ()) if x.kind == GAP and x.first == a_id and x.second == b_id), None)
        served = self.served()
        if link is None or a_id in served or b_id in served:
            return None
        lo_gap, hi_gap = link.min_gap, (link.max_gap if link.max_gap is not None else 10**9)
        between = {x.kind for x in self.links_of.get(b_id, ()) if {x.first, x.second} == {a_id, b_id}}
        if SAME_CARER in between:
            return None
        a, b = self.calls[a_id], self.calls[b_id]
        w = self.problem.weights
        found = []
        for call in (a, b):
            lo, hi, banned, only = self._link_bounds(call)
            keys = [k for k in self.eligible(call) if k[0] not in banned and (only is None or k[0] in only)]
            cands = self.candidates(call, push=push, append_only=append_only, touch_cost=touch_cost, nearest=nearest, keys=keys)
            found.append((self._within(call, cands, lo, hi)[:40], hi))
        (cands_a, hi_a), (cands_b, hi_b) = found

        def late(call: Call, t: int) -> float:
            return w.late_per_minute * max(0, t - call.latest) / 60.0

        best = None
        for ca in cands_a:
            if best is not None and ca.cost >= best[0]:
                break
            for cb in cands_b:
                if cb.key == ca.key or (DIFFERENT_CARERS in between and cb.key[0] == ca.key[0]):
                    continue
                t = max(ca.start, cb.start - hi_gap)
                u = max(cb.start, t + lo_gap)
                extra = late(a, t) - late(a, ca.start) + late(b, u) - late(b, cb.start)
                cost = ca.cost + cb.cost + extra
                if best is not None and cost >= best[0]:
                    continue
                if t > hi_a or u > hi_b:
                    continue
                xa, xb = self._at(a, ca, t), self._at(b, cb, u)
                if xa is not None and xb is not None:
                    best = (cost, xa, xb)
        if best is None:
            return False
        self.apply(a, [best[1]])
        self.apply(b, [best[2]])
        return True

    def _link_bounds(self, call: Call) -> tuple[float, float, set[str], set[str] | None]:
        """What the placed partners of ``call``'s links allow: its start between the first two
        values, none of the carers of the third, only the carers of the fourth (None: anyone)."""
        lo, hi = float("-inf"), float("inf")
        banned: set[str] = set()
        only: set[str] | None = None
        links = self.links_of.get(call.id)
        if not links:
            return lo, hi, banned, only
        partners = {x.first if x.second == call.id else x.second for x in links}
        # a call under way stays as it is, whatever an adjacent day's call would have it do
        fixed = {} if call.started_at is not None else self.fixed
        placed: dict[str, tuple[int, set[str]]] = {p: (t, set(c)) for p, (t, c) in fixed.items() if p in partners}
        for key, slots in self.runs.items():
            for s in slots:
                if s.call.id in partners:
                    t, carers = placed.get(s.call.id, (s.start, set()))
                    carers.add(key[0])
                    placed[s.call.id] = (t, carers)
        for link in links:
            other = link.first if link.second == call.id else link.second
            if other not in placed:
                continue
            t, carers = placed[other]
            if link.kind == GAP:
                if link.second == call.id:
                    lo = max(lo, t + link.min_gap)
                    if link.max_gap is not None:
                        hi = min(hi, t + link.max_gap)
                else:
                    hi = min(hi, t - link.min_gap)
                    if link.max_gap is not None:
                        lo = max(lo, t - link.max_gap)
            elif link.kind == DIFFERENT_CARERS:
                banned |= carers
            elif link.kind == SAME_CARER and len(carers) >= call.carers_required:
                # its carers among the partner's (the smaller set within the larger; a partner
                # with fewer carers is kept among this call's instead: see ``must_include``)
                only = set(carers) if only is None else only & carers
        return lo, hi, banned, only

    def must_include(self, call: Call) -> set[str]:
        """The carers ``call`` must have (the smaller set within the larger): those of its placed
        ``same_carer`` partners with fewer carers than it needs ("the single call's carer is one
        of the double-up's")."""
        out: set[str] = set()
        links = [x for x in self.links_of.get(call.id, ()) if x.kind == SAME_CARER]
        if not links:
            return out
        fixed = {} if call.started_at is not None else self.fixed
        for link in links:
            other = link.first if link.second == call.id else link.second
            carers = set(fixed[other][1]) if other in fixed else {
                k[0] for k, slots in self.runs.items() for s in slots if s.call.id == other}
            if carers and len(carers) < call.carers_required:
                out |= carers
        return out

    def open_slot_carers(self, call: Call, have: set[str]) -> set[str] | None:
        """The carers the call's open slots are kept to when the carers it must include (see
        ``must_include``) fill them all; None: no such limit."""
        must = self.must_include(call) - have
        if must and len(must) >= call.carers_required - len(have):
            return must
        return None

    def _within(self, call: Call, cands: list[Candidate], lo: float, hi: float) -> list[Candidate]:
        """The candidates moved (later) into the start range the links allow; the others dropped."""
        out = []
        for c in cands:
            if c.start < lo:
                c = self._at(call, c, int(lo))
            if c is not None and c.start <= hi:
                out.append(c)
        return out

    def insert_making_room(
        self, call: Call, *, missing: int | None = None, touch_cost: int = 0, max_tries: int = 300,
        until: float | None = None,
    ) -> list[str] | None:
        """Place ``call`` by moving another single-carer call out of a run that could take it to
        another run; returns the ids of the moved calls, or None (nothing changed).

        One call is moved for a single call; a double-up may need two runs freed, so for it a
        second call is moved when one is not enough. Pinned, started and double-up calls are
        never moved. No try starts after ``until`` (``time.perf_counter()``), if given: for a
        double-up nobody could take, the large day's last pass tried for 10 s and more.
        """
        need = call.carers_required if missing is None else missing
        return self._make_room(call, need, touch_cost, max_tries, 2 if need > 1 else 1, until)

    def insert_clearing(self, call: Call, keys: list[Key], *, missing: int | None = None,
                        until: float | None = None) -> list[str] | None:
        """Place ``call`` after taking every movable call near its time out of the runs ``keys``
        (where another plan had it), then put those calls back elsewhere; returns their ids, or
        None (nothing changed). Unlike making room, which moves one call a run, this frees a run
        holding several short calls in the call's time. Nothing starts after ``until``."""
        need = call.carers_required if missing is None else missing
        lo, hi = call.earliest - 3600, call.latest + self.problem.max_lateness(call) + call.duration + 3600
        saved = self._snapshot()
        out: list[Call] = []
        for key in keys:
            for s in list(self.runs.get(key, ())):
                other = s.call
                if other.id == call.id or s.end < lo or s.start > hi:
                    continue
                if other.carers_required > 1 or other.pinned or other.started_at is not None or other.id in self.linked:
                    self._restore(saved)
                    return None
                self.remove(other.id)
                out.append(other)
        placed = bool(out) and self.insert(call, missing=need, push=True)
        for other in out if placed else ():
            if until is not None and time.perf_counter() > until:
                placed = False
                break
            if not self.insert(other, push=True) and self.insert_making_room(other, until=until) is None:
                placed = False
                break
        if not placed:
            self._restore(saved)
            return None
        return [o.id for o in out]

    def _make_room(self, call: Call, need: int, touch_cost: int, max_tries: int, depth: int,
                   until: float | None = None) -> list[str] | None:
        have = {k[0] for k, slots in self.runs.items() for s in slots if s.call.id == call.id}
        late = self.problem.max_lateness(call)
        lo, hi = call.earliest - 3600, call.latest + late + call.duration + 3600
        if call.started_at is not None:
            lo, hi = call.started_at - 3600, call.started_at + call.duration + 3600
        tries = []
        for key in self.eligible(call):
            if key[0] in have or (call.pinned and len(call.pinned) >= call.carers_required and key[0] not in call.pinned):
                continue
            carer = self.carers[key[0]]
            for s in self.runs[key]:
                other = s.call
                if other.carers_required > 1 or other.pinned or other.started_at is not None or other.id in self.linked:
                    continue
                if s.end < lo or s.start > hi:
                    continue
                t = self._travel(carer, other.location, call.location)
                tries.append((t, key, other.id))
        tries.sort(key=lambda x: x[0])
        for _, key, other_id in tries[:max_tries]:
            if until is not None and time.perf_counter() > until:
                return None
            saved = self._snapshot()
            other = self.calls[other_id]
            self.remove(other_id)
            if self.insert(call, missing=need, push=True, touch_cost=touch_cost):
                if self.insert(other, push=True, touch_cost=touch_cost):
                    return [other_id]
            elif depth > 1:
                inner = self._make_room(call, need, touch_cost, 40, depth - 1, until)
                if inner is not None and self.insert(other, push=True, touch_cost=touch_cost):
                    return [other_id] + inner
            self._restore(saved)
        return None

    def _snapshot(self):
        return (
            {k: (list(v), [s.start for s in v]) for k, v in self.runs.items()},
            dict(self.worked),
            set(self.touched),
        )

    def _restore(self, saved) -> None:
        runs, worked, touched = saved
        for k, (slots, starts) in runs.items():
            for s, t in zip(slots, starts):
                s.start = t
            self.runs[k] = slots
        self.worked, self.touched = worked, touched

    def _at(self, call: Call, c: Candidate, t: int) -> Candidate | None:
        """The candidate moved to start at ``t`` (pushing later calls if needed), or None."""
        if t == c.start:
            return c
        if t < c.lo:
            return None
        if call.started_at is None and t > call.latest + self.problem.max_lateness(call):
            return None
        carer = self.carers[c.key[0]]
        slots = self.runs[c.key]
        pushes = self._propagate(carer, carer.shifts[c.key[1]], slots, c.pos, call, t, True)
        if pushes is None or not self._breaks_ok(carer, slots, c.pos, call, t, pushes):
            return None
        return Candidate(c.key, c.pos, t, pushes, c.cost, c.lo, c.hi)

    def _pair(self, call: Call, a: Candidate, b: Candidate):
        t = max(a.start, b.start)
        ca, cb = self._at(call, a, t), self._at(call, b, t)
        if ca is None or cb is None:
            return None
        return t, ca, cb

    def remove(self, call_id: str) -> list[Key]:
        keys = []
        for key, slots in self.runs.items():
            for i, s in enumerate(slots):
                if s.call.id == call_id:
                    self.worked[key[0]] -= s.call.duration
                    del slots[i]
                    keys.append(key)
                    self.touched.add(key)
                    break
        return keys

    # -- output -------------------------------------------------------------------------------
    def timed_runs(self) -> dict[Key, list[tuple[Call, int]]]:
        """Each run's calls with their starts, as ``build_plan`` takes them."""
        return {k: [(s.call, s.start) for s in v] for k, v in self.runs.items()}

    def to_plan(self, unallocated: list[Unallocated] | None = None) -> Plan:
        return build_plan(self.problem, self.table, self.timed_runs(), unallocated)


def stretches_ok(seq, carer: Carer, table: TravelTable, limit: int, brk: int) -> bool:
    prev_end = None
    loc = carer.start_location
    cur = None
    for call, start in seq:
        t = table.seconds(carer.transport, loc, call.location)
        if cur is None or start - prev_end - t >= brk:
            if cur is not None and prev_end - cur > limit:
                return False
            cur = start - t
        prev_end = start + call.duration
        loc = call.location
        if call.kind in NIGHT_KINDS:  # a night holds its own breaks: the stretch ends on arrival
            if start - cur > limit:
                return False
            cur = None
    return cur is None or prev_end - cur <= limit


def model_breaks_ok(seq, carer: Carer, table: TravelTable, limit: int, brk: int) -> bool:
    """The routing model's view of breaks (``SetBreakDistanceDurationOfVehicle``).

    There a break may lie in any gap between two visits (travel included, not only idle time)
    and the run lasts from leaving home to getting back, so the journey home counts as work.
    A warm start that breaks this rule is refused by ``ReadAssignmentFromRoutes``.
    """
    if not seq:
        return True
    mode = carer.transport
    first, t0 = seq[0]
    cur = t0 - table.seconds(mode, carer.start_location, first.location)  # leaving home
    prev_end = cur
    loc = carer.start_location
    for call, start in seq:
        if start - prev_end >= brk:
            if prev_end - cur > limit:
                return False
            cur = start
        prev_end = start + call.duration
        loc = call.location
        if call.kind in NIGHT_KINDS:  # a shift that may take a night has no model breaks: count from its end
            if start - cur > limit:
                return False
            cur = prev_end
    home = prev_end + table.seconds(mode, loc, carer.home_end)
    if home - prev_end >= brk:
        return prev_end - cur <= limit
    return home - cur <= limit


def build_plan(
    problem: Problem,
    table: TravelTable,
    runs: dict[Key, list[tuple[Call, int]]],
    unallocated: list[Unallocated] | None = None,
) -> Plan:
    """Runs with travel figures, late starts and (for now empty) objective from ordered stops."""
    carers = problem._carers_by_id()
    plan_runs: list[Run] = []
    late: dict[str, LateStart] = {}
    for (carer_id, shift), seq in runs.items():
        if not seq:
            continue
        carer = carers[carer_id]
        mode = carer.transport
        loc = carer.start_location
        stops: list[Stop] = []
        tsec = tm = 0
        for call, start in sorted(seq, key=lambda x: x[1]):
            s = table.seconds(mode, loc, call.location)
            m = table.metres(mode, loc, call.location)
            lateness = max(0, start - call.latest) if call.started_at is None else 0
            stops.append(Stop(call.id, call.client_id, start, start + call.duration, s, m, lateness))
            if lateness:
                ls = late.setdefault(call.id, LateStart(call.id, (), start, call.latest, lateness))
                ls.carer_ids = tuple(sorted(ls.carer_ids + (carer_id,)))
            tsec += s
            tm += m
            loc = call.location
        rs = table.seconds(mode, loc, carer.home_end)
        rm = table.metres(mode, loc, carer.home_end)
        plan_runs.append(
            Run(
                carer_id=carer_id,
                shift=shift,
                stops=stops,
                start=stops[0].start - stops[0].travel_seconds,
                end=stops[-1].end + rs,
                travel_seconds=tsec + rs,
                travel_metres=tm + rm,
                work_seconds=sum(s.end - s.start for s in stops),
                return_travel_seconds=rs,
                return_travel_metres=rm,
            )
        )
    plan_runs.sort(key=lambda r: (r.carer_id, r.shift))
    return Plan(runs=plan_runs, unallocated=list(unallocated or []), late=sorted(late.values(), key=lambda x: x.call_id))
