"""The independent checker: one small named function per hard rule.

``check(problem, plan)`` recomputes travel itself (it never trusts the plan's travel figures) and
returns every violation found; an empty list means the plan keeps every hard rule. The same
functions give the planner's warnings for manual moves. Each violation is named by its rule's
constant in :mod:`.rule_names` (the same as the function's name).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable

from . import rule_names
from .model import DIFFERENT_CARERS, GAP, NIGHT_KINDS, SAME_CARER, SERVED_TOGETHER, Call, Carer, Plan, Problem, Run, Violation
from .timefmt import clock
from .travel import TravelTable


class Context:
    """What the rules share: the problem, the plan and a travel table over their locations."""

    def __init__(self, problem: Problem, plan: Plan, table: TravelTable | None = None):
        self.problem = problem
        self.plan = plan
        self.calls = problem._calls_by_id()
        self.carers = problem._carers_by_id()
        self.table = table or problem_table(problem)

    def travel(self, carer: Carer, a, b) -> int:
        return self.table.seconds(carer.transport, a, b)

    def known_runs(self) -> Iterable[tuple[Run, Carer]]:
        for run in self.plan.runs:
            carer = self.carers.get(run.carer_id)
            if carer is not None and 0 <= run.shift < len(carer.shifts):
                yield run, carer


def problem_table(problem: Problem) -> TravelTable:
    locs = [c.location for c in problem.calls]
    for k in problem.carers:
        locs.append(k.start_location)
        locs.append(k.home_end)
    return TravelTable(problem.travel, locs)


Rule = Callable[[Context], list[Violation]]


def unknown_ids(ctx: Context) -> list[Violation]:
    """Every run names a known carer and shift, every stop a known call, runs are not repeated."""
    out = []
    seen = set()
    for run in ctx.plan.runs:
        carer = ctx.carers.get(run.carer_id)
        if carer is None or not (0 <= run.shift < len(carer.shifts)):
            out.append(Violation(rule_names.UNKNOWN_IDS, f"run of unknown carer/shift {run.carer_id}#{run.shift}", None, run.carer_id))
        if (run.carer_id, run.shift) in seen:
            out.append(Violation(rule_names.UNKNOWN_IDS, f"two runs for {run.carer_id} shift {run.shift}", None, run.carer_id))
        seen.add((run.carer_id, run.shift))
        for s in run.stops:
            if s.call_id not in ctx.calls:
                out.append(Violation(rule_names.UNKNOWN_IDS, f"unknown call {s.call_id}", s.call_id, run.carer_id))
    return out


def carers_required(ctx: Context) -> list[Violation]:
    """A call is served by exactly its number of different carers, or not at all; a double-up
    with parts has each part done once."""
    served: dict[str, list[str]] = defaultdict(list)
    parts: dict[str, list[int]] = defaultdict(list)
    for run in ctx.plan.runs:
        for s in run.stops:
            served[s.call_id].append(run.carer_id)
            parts[s.call_id].append(s.part)
    out = []
    for call_id, carers in served.items():
        call = ctx.calls.get(call_id)
        if call is None:
            continue
        if call.parts and len(carers) == call.carers_required and sorted(parts[call_id]) != list(range(len(call.parts))):
            out.append(Violation(rule_names.CARERS_REQUIRED, f"{call_id} has parts {sorted(parts[call_id])}, needs each of its {len(call.parts)} parts once", call_id))
        elif len(set(carers)) != len(carers):
            out.append(Violation(rule_names.CARERS_REQUIRED, f"{call_id} has the same carer twice", call_id))
        elif len(carers) != call.carers_required:
            out.append(
                Violation(
                    rule_names.CARERS_REQUIRED,
                    f"{call_id} needs {call.carers_required} carers, has {len(carers)}",
                    call_id,
                )
            )
    return out


def call_start(call: Call, stop) -> int:
    """The call's own start, from one carer's stop (less that carer's part offset)."""
    return stop.start - call.part(stop.part).offset if call.parts else stop.start


def double_up_together(ctx: Context) -> list[Violation]:
    """All carers of a double-up start at the same time (each part at its own offset)."""
    starts: dict[str, set[int]] = defaultdict(set)
    for run in ctx.plan.runs:
        for s in run.stops:
            call = ctx.calls.get(s.call_id)
            starts[s.call_id].add(s.start if call is None else call_start(call, s))
    return [
        Violation(rule_names.DOUBLE_UP_TOGETHER, f"{cid} carers start at different times {sorted(v)}", cid)
        for cid, v in starts.items()
        if len(v) > 1
    ]


def duration(ctx: Context) -> list[Violation]:
    """A stop lasts the call's duration (its part's, for a double-up with parts)."""
    out = []
    for run in ctx.plan.runs:
        for s in run.stops:
            call = ctx.calls.get(s.call_id)
            if call is not None and s.end - s.start != call.part_duration(s.part):
                out.append(Violation(rule_names.DURATION, f"{s.call_id} planned for {s.end - s.start}s, needs {call.part_duration(s.part)}s", s.call_id, run.carer_id))
    return out


def time_window(ctx: Context) -> list[Violation]:
    """A call starts inside its window, or late by no more than the lateness allowed."""
    out = []
    for run in ctx.plan.runs:
        for s in run.stops:
            call = ctx.calls.get(s.call_id)
            if call is None:
                continue
            start = call_start(call, s)
            if start < call.earliest:
                out.append(Violation(rule_names.TIME_WINDOW, f"{s.call_id} starts {clock(s.start)} before {clock(call.earliest)}", s.call_id, run.carer_id, at=s.start))
            if call.started_at is None and start > call.latest + ctx.problem.max_lateness(call):
                out.append(Violation(rule_names.TIME_WINDOW, f"{s.call_id} starts {clock(s.start)} after {clock(call.latest)}", s.call_id, run.carer_id, at=s.start))
    return out


def shift_window(ctx: Context) -> list[Violation]:
    """A run leaves home no earlier than its shift starts and is back home by its end."""
    out = []
    for run, carer in ctx.known_runs():
        if not run.stops:
            continue
        shift = carer.shifts[run.shift]
        first = ctx.calls.get(run.stops[0].call_id)
        last = ctx.calls.get(run.stops[-1].call_id)
        if first is not None and first.started_at is None:
            leave = run.stops[0].start - ctx.travel(carer, carer.start_location, first.location)
            if leave < shift.start:
                out.append(Violation(rule_names.SHIFT_WINDOW, f"{carer.id} must leave at {clock(leave)}, shift starts {clock(shift.start)}", first.id, carer.id, at=leave))
        if last is not None:
            back = run.stops[-1].end + ctx.travel(carer, last.location, carer.home_end)
            if back > shift.end:
                out.append(Violation(rule_names.SHIFT_WINDOW, f"{carer.id} is back at {clock(back)}, shift ends {clock(shift.end)}", last.id, carer.id, at=back))
    return out


def travel_time(ctx: Context) -> list[Violation]:
    """Consecutive calls leave enough time to travel between them."""
    out = []
    for run, carer in ctx.known_runs():
        for a, b in zip(run.stops, run.stops[1:]):
            ca, cb = ctx.calls.get(a.call_id), ctx.calls.get(b.call_id)
            if ca is None or cb is None:
                continue
            need = a.end + ctx.travel(carer, ca.location, cb.location)
            if b.start < need:
                out.append(Violation(rule_names.TRAVEL_TIME, f"{carer.id} cannot reach {cb.id} by {clock(b.start)} (earliest {clock(need)})", cb.id, carer.id, ca.id, need))
    return out


def no_overlap(ctx: Context) -> list[Violation]:
    """A carer is never in two places at once, across all of their runs."""
    out = []
    by_carer: dict[str, list] = defaultdict(list)
    for run in ctx.plan.runs:
        by_carer[run.carer_id].extend(run.stops)
    for carer_id, stops in by_carer.items():
        stops = sorted(stops, key=lambda s: (s.start, s.end))
        for a, b in zip(stops, stops[1:]):
            if b.start < a.end:
                out.append(Violation(rule_names.NO_OVERLAP, f"{carer_id} has {a.call_id} and {b.call_id} at once", b.call_id, carer_id, a.call_id))
    return out


def absence(ctx: Context) -> list[Violation]:
    """A carer on leave or off sick has no calls."""
    return [
        Violation(rule_names.ABSENCE, f"{carer.id} is absent but has {len(run.stops)} calls", None, carer.id)
        for run, carer in ctx.known_runs()
        if carer.absent and run.stops
    ]


def skills(ctx: Context) -> list[Violation]:
    """A carer holds every skill the call (their part of it) needs (valid that day)."""
    out = []
    for run, carer in ctx.known_runs():
        have = set(carer.skills)
        for s in run.stops:
            call = ctx.calls.get(s.call_id)
            if call is not None and not set(call.part_skills(s.part)) <= have:
                missing = ", ".join(sorted(set(call.part_skills(s.part)) - have))
                out.append(Violation(rule_names.SKILLS, f"{carer.id} lacks {missing} for {call.id}", call.id, carer.id))
    return out


def exclusions(ctx: Context) -> list[Violation]:
    """A carer never visits a client who has excluded them."""
    out = []
    for run, carer in ctx.known_runs():
        banned = set(carer.excluded_clients)
        for s in run.stops:
            call = ctx.calls.get(s.call_id)
            if call is not None and call.client_id in banned:
                out.append(Violation(rule_names.EXCLUSIONS, f"{carer.id} is excluded by client {call.client_id}", call.id, carer.id))
    return out


def _worked(ctx: Context) -> dict[str, int]:
    worked: dict[str, int] = defaultdict(int)
    for run in ctx.plan.runs:
        for s in run.stops:
            call = ctx.calls.get(s.call_id)
            if call is not None:
                worked[run.carer_id] += call.part_duration(s.part)
    return worked


def daily_cap(ctx: Context) -> list[Violation]:
    """Working time (visit durations) in the day stays within the carer's daily cap."""
    out = []
    for carer_id, secs in _worked(ctx).items():
        carer = ctx.carers.get(carer_id)
        if carer is not None and carer.daily_cap is not None and secs > carer.daily_cap:
            out.append(Violation(rule_names.DAILY_CAP, f"{carer_id} works {secs // 60} min, daily cap {carer.daily_cap // 60}", None, carer_id))
    return out


def weekly_cap(ctx: Context) -> list[Violation]:
    """Working time this week, including this day, stays within the carer's weekly cap."""
    out = []
    for carer_id, secs in _worked(ctx).items():
        carer = ctx.carers.get(carer_id)
        if carer is not None and carer.weekly_cap is not None and carer.worked_week + secs > carer.weekly_cap:
            out.append(Violation(rule_names.WEEKLY_CAP, f"{carer_id} reaches {(carer.worked_week + secs) // 60} min this week, cap {carer.weekly_cap // 60}", None, carer_id))
    return out


def work_stretches(ctx: Context, run: Run, carer: Carer) -> list[tuple[int, int]]:
    """Stretches of continuous work in a run: (start, end), split by idle gaps >= the break."""
    brk = ctx.problem.rules.break_duration
    out: list[tuple[int, int]] = []
    prev_end = None
    prev_loc = carer.start_location
    cur_start = None
    for s in run.stops:
        call = ctx.calls.get(s.call_id)
        if call is None:
            continue
        t = ctx.travel(carer, prev_loc, call.location)
        if cur_start is None or s.start - prev_end - t >= brk:
            if cur_start is not None:
                out.append((cur_start, prev_end))
            cur_start = s.start - t
        prev_end = s.end
        prev_loc = call.location
        if call.kind in NIGHT_KINDS:
            # a night holds its own breaks (sleep, or breaks taken at the client's home):
            # the stretch before it ends on arrival and a new one starts after it
            out.append((cur_start, s.start))
            cur_start = None
    if cur_start is not None:
        out.append((cur_start, prev_end))
    return out


def breaks(ctx: Context) -> list[Violation]:
    """No stretch of work is longer than the break rule allows without a break."""
    limit = ctx.problem.rules.break_after
    out = []
    for run, carer in ctx.known_runs():
        for a, b in work_stretches(ctx, run, carer):
            if b - a > limit:
                out.append(Violation(rule_names.BREAKS, f"{carer.id} works {clock(a)}-{clock(b)} without a {ctx.problem.rules.break_duration // 60}-minute break", None, carer.id))
    return out


def pinned(ctx: Context) -> list[Violation]:
    """A pinned call, when planned, is served by its pinned carers."""
    assigned = ctx.plan.assignments()
    out = []
    for call in ctx.problem.calls:
        if call.pinned and call.id in assigned and not set(call.pinned) <= set(assigned[call.id]):
            out.append(Violation(rule_names.PINNED, f"{call.id} is pinned to {', '.join(call.pinned)}", call.id))
    return out


def started(ctx: Context) -> list[Violation]:
    """A call already under way stays with its carers at the time it started."""
    starts = ctx.plan.starts()
    assigned = ctx.plan.assignments()
    out = []
    for call in ctx.problem.calls:
        if call.started_at is None or call.id not in assigned:
            continue
        offsets = {(s.call_id, r.carer_id): call.part(s.part).offset for r in ctx.plan.runs for s in r.stops if s.call_id == call.id}
        for carer_id in assigned[call.id]:
            if starts[(call.id, carer_id)] - offsets[(call.id, carer_id)] != call.started_at:
                out.append(Violation(rule_names.STARTED, f"{call.id} started at {clock(call.started_at)}", call.id, carer_id))
    return out


def night_rest(ctx: Context) -> list[Violation]:
    """After a waking night or a sleep-in the carer rests before the next call: a night of the
    day before (``rest_until``) or one earlier in this plan."""
    out = []
    by_carer: dict[str, list] = defaultdict(list)
    for run in ctx.plan.runs:
        by_carer[run.carer_id].extend(run.stops)
    for carer_id, stops in by_carer.items():
        carer = ctx.carers.get(carer_id)
        stops = sorted(stops, key=lambda s: (s.start, s.end))
        if carer is not None and carer.rest_until is not None:
            for s in stops:
                call = ctx.calls.get(s.call_id)
                if call is None or call.started_at is not None:
                    continue
                leave = s.start - ctx.travel(carer, carer.start_location, call.location)
                if leave < carer.rest_until:
                    out.append(Violation(rule_names.NIGHT_REST, f"{carer_id} rests after last night until {clock(carer.rest_until)}", s.call_id, carer_id, at=leave))
        for i, a in enumerate(stops):
            night = ctx.calls.get(a.call_id)
            rest = 0 if night is None else ctx.problem.rest_after(night)
            if not rest:
                continue
            for b in stops[i + 1:]:
                if b.start < a.end + rest:
                    out.append(Violation(rule_names.NIGHT_REST, f"{carer_id} rests after {a.call_id} until {clock(a.end + rest)}", b.call_id, carer_id, a.call_id, a.end + rest))
    return out


def _served(ctx: Context) -> dict[str, tuple[int, set[str]]]:
    """call id -> (the call's start, its carers) for every call in the plan, and for the calls
    of adjacent days that links name (``Problem.fixed``), as they were planned."""
    out: dict[str, tuple[int, set[str]]] = {f.id: (f.start, set(f.carers)) for f in ctx.problem.fixed}
    for run in ctx.plan.runs:
        for s in run.stops:
            call = ctx.calls.get(s.call_id)
            if call is None:
                continue
            start, carers = out.get(s.call_id, (call_start(call, s), set()))
            carers.add(run.carer_id)
            out[s.call_id] = (min(start, call_start(call, s)), carers)
    return out


def _links(ctx: Context, kind: str):
    """The links of one kind whose two calls are both in the plan, with what serves them."""
    served = _served(ctx)
    fixed = {f.id for f in ctx.problem.fixed}
    for link in ctx.problem.links:
        if link.first in fixed or link.second in fixed:  # a link to an adjacent day's call
            here = ctx.calls.get(link.second if link.first in fixed else link.first)
            if here is None or here.started_at is not None:
                continue  # not a call of this plan, or one under way: what happened stands
        if link.kind == kind and link.first in served and link.second in served:
            yield link, served[link.first], served[link.second]


def linked_gap(ctx: Context) -> list[Violation]:
    """Two linked calls start at least (and at most) the gap apart ("lunch 3 h after breakfast")."""
    out = []
    for link, (a, _), (b, _) in _links(ctx, GAP):
        gap = b - a
        if gap < link.min_gap:
            out.append(Violation(rule_names.LINKED_GAP, f"{link.second} starts {gap // 60} min after {link.first}, at least {link.min_gap // 60} needed", link.second, None, link.first, b))
        elif link.max_gap is not None and gap > link.max_gap:
            out.append(Violation(rule_names.LINKED_GAP, f"{link.second} starts {gap // 60} min after {link.first}, at most {link.max_gap // 60} allowed", link.second, None, link.first, b))
    return out


def same_carer(ctx: Context) -> list[Violation]:
    """Two calls that must have the same carer(s) have them: the carers of the one with fewer
    are among the other's (a single call linked to a double-up: its carer is one of the two)."""
    return [
        Violation(rule_names.SAME_CARER, f"{link.first} and {link.second} must have the same carer", link.second, None, link.first)
        for link, (_, ca), (_, cb) in _links(ctx, SAME_CARER)
        if not (ca <= cb or cb <= ca)
    ]


def different_carers(ctx: Context) -> list[Violation]:
    """Two calls that must have different carers share none."""
    return [
        Violation(rule_names.DIFFERENT_CARERS, f"{', '.join(sorted(ca & cb))} may not do both {link.first} and {link.second}", link.second, sorted(ca & cb)[0], link.first)
        for link, (_, ca), (_, cb) in _links(ctx, DIFFERENT_CARERS)
        if ca & cb
    ]


def served_together(ctx: Context) -> list[Violation]:
    """The parts of a double-up (as the solver splits them) are served together or not at all."""
    served = _served(ctx)
    out = []
    for link in ctx.problem.links:
        if link.kind == SERVED_TOGETHER and (link.first in served) != (link.second in served):
            alone = link.first if link.first in served else link.second
            out.append(Violation(rule_names.CARERS_REQUIRED, f"{alone} is planned without the rest of its double-up", alone))
    return out


RULES: tuple[Rule, ...] = (
    unknown_ids,
    carers_required,
    double_up_together,
    duration,
    time_window,
    shift_window,
    travel_time,
    no_overlap,
    absence,
    skills,
    exclusions,
    daily_cap,
    weekly_cap,
    breaks,
    pinned,
    started,
    night_rest,
    linked_gap,
    same_carer,
    different_carers,
    served_together,
)


def check(problem: Problem, plan: Plan, table: TravelTable | None = None) -> list[Violation]:
    """Every hard-rule violation of ``plan`` against ``problem`` (empty when it is valid)."""
    ctx = Context(problem, plan, table)
    out: list[Violation] = []
    for rule in RULES:
        out.extend(rule(ctx))
    return out
