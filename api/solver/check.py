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
from .model import NIGHT_KINDS, Call, Carer, Plan, Problem, Run, Violation
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
    """A call is served by exactly its number of different carers, or not at all."""
    served: dict[str, list[str]] = defaultdict(list)
    for run in ctx.plan.runs:
        for s in run.stops:
            served[s.call_id].append(run.carer_id)
    out = []
    for call_id, carers in served.items():
        call = ctx.calls.get(call_id)
        if call is None:
            continue
        if len(set(carers)) != len(carers):
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


def double_up_together(ctx: Context) -> list[Violation]:
    """All carers of a double-up start at the same time."""
    starts: dict[str, set[int]] = defaultdict(set)
    for run in ctx.plan.runs:
        for s in run.stops:
            starts[s.call_id].add(s.start)
    return [
        Violation(rule_names.DOUBLE_UP_TOGETHER, f"{cid} carers start at different times {sorted(v)}", cid)
        for cid, v in starts.items()
        if len(v) > 1
    ]


def duration(ctx: Context) -> list[Violation]:
    """A stop lasts the call's duration."""
    out = []
    for run in ctx.plan.runs:
        for s in run.stops:
            call = ctx.calls.get(s.call_id)
            if call is not None and s.end - s.start != call.duration:
                out.append(Violation(rule_names.DURATION, f"{s.call_id} planned for {s.end - s.start}s, needs {call.duration}s", s.call_id, run.carer_id))
    return out


def time_window(ctx: Context) -> list[Violation]:
    """A call starts inside its window, or late by no more than the lateness allowed."""
    out = []
    for run in ctx.plan.runs:
        for s in run.stops:
            call = ctx.calls.get(s.call_id)
            if call is None:
                continue
            if s.start < call.earliest:
                out.append(Violation(rule_names.TIME_WINDOW, f"{s.call_id} starts {clock(s.start)} before {clock(call.earliest)}", s.call_id, run.carer_id, at=s.start))
            if call.started_at is None and s.start > call.latest + ctx.problem.max_lateness(call):
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
    """A carer holds every skill the call needs (valid that day)."""
    out = []
    for run, carer in ctx.known_runs():
        have = set(carer.skills)
        for s in run.stops:
            call = ctx.calls.get(s.call_id)
            if call is not None and not set(call.skills) <= have:
                missing = ", ".join(sorted(set(call.skills) - have))
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
                worked[run.carer_id] += call.duration
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
        for carer_id in assigned[call.id]:
            if starts[(call.id, carer_id)] != call.started_at:
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
)


def check(problem: Problem, plan: Plan, table: TravelTable | None = None) -> list[Violation]:
    """Every hard-rule violation of ``plan`` against ``problem`` (empty when it is valid)."""
    ctx = Context(problem, plan, table)
    out: list[Violation] = []
    for rule in RULES:
        out.extend(rule(ctx))
    return out
