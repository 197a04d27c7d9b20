"""The checker's findings in a planner's words: people and clients by name, calls by their
time and client, and for every time the checker names, from where and why.

The checker (api.solver.check) speaks in ids ("530 has 12 and 530 at once"); this module
turns one of its violations, read against the plan it was found in, into a sentence such as
"Edie Marsh would be at Rosa Juniper 09:00-09:45 and at Tom Reed from 09:30, both at once".
It decides nothing: the rules stay the checker's.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.solver import Plan, Problem, Violation, rule_names
from api.solver.timefmt import clock, day_clock


@dataclass
class Names:
    """Who and where, by name: carer id -> name, client id -> name (solver ids, as strings)."""

    carers: dict[str, str]
    clients: dict[str, str]

    def carer(self, carer_id: str | None) -> str:
        return self.carers.get(carer_id or "", "the carer")

    def client(self, client_id: str | None) -> str:
        return self.clients.get(client_id or "", "the client")


def _hm(seconds: int) -> str:
    minutes = seconds // 60
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


class _Reader:
    def __init__(self, problem: Problem, plan: Plan, names: Names):
        self.problem, self.plan, self.names = problem, plan, names
        self.calls = problem._calls_by_id()
        self.carers = problem._carers_by_id()
        self.starts = plan.starts()
        self.fixed = {f.id: f for f in problem.fixed}  # calls of adjacent days that links name

    def start_of(self, call_id: str, carer_id: str | None) -> int | None:
        if call_id in self.fixed:
            return self.fixed[call_id].start
        if carer_id is not None and (call_id, carer_id) in self.starts:
            return self.starts[(call_id, carer_id)]
        return next((t for (c, _), t in self.starts.items() if c == call_id), None)

    def client_of(self, call_id: str | None) -> str:
        call = self.calls.get(call_id or "") or self.fixed.get(call_id or "")
        return self.names.client(call.client_id if call else None)

    def call(self, call_id: str | None, carer_id: str | None = None) -> str:
        """'the 09:00 call at Rosa Juniper'; another day's: "the previous day's 21:00 call at ..." """
        start = self.start_of(call_id or "", carer_id)
        if call_id in self.fixed and start is not None:
            return f"{day_clock(start)} call at {self.client_of(call_id)}"
        at = f"{clock(start)} " if start is not None else ""
        return f"the {at}call at {self.client_of(call_id)}"

    def span(self, call_id: str, carer_id: str | None) -> str:
        """'09:00-09:45'"""
        start = self.start_of(call_id, carer_id)
        call = self.calls.get(call_id)
        if start is None or call is None:
            return ""
        return f"{clock(start)}-{clock(start + call.duration)}"

    def carers_on(self, call_id: str) -> int:
        """How many carers the call is booked with (an adjacent day's: as planned)."""
        if call_id in self.fixed:
            return len(self.fixed[call_id].carers)
        call = self.calls.get(call_id)
        return call.carers_required if call is not None else 1

    def part_of(self, call_id: str | None, carer_id: str | None) -> int:
        """Which part of a double-up with parts the carer does (0 when it has none)."""
        return next((s.part for run in self.plan.runs if run.carer_id == carer_id for s in run.stops if s.call_id == call_id), 0)

    def shift_of(self, carer_id: str | None, at: int | None):
        carer = self.carers.get(carer_id or "")
        if carer is None or not carer.shifts:
            return None
        if at is None:
            return carer.shifts[0]
        return min(carer.shifts, key=lambda s: 0 if s.start <= at <= s.end else min(abs(s.start - at), abs(s.end - at)))


def in_words(v: Violation, problem: Problem, plan: Plan, names: Names) -> str:
    """One violation of `plan` as a planner's sentence."""
    r = _Reader(problem, plan, names)
    who = names.carer(v.carer_id)
    call = r.calls.get(v.call_id or "")
    if v.rule == rule_names.NO_OVERLAP and v.other_call_id:
        return (f"{who} would be at {r.client_of(v.other_call_id)} {r.span(v.other_call_id, v.carer_id)} "
                f"and at {r.client_of(v.call_id)} from {clock(r.start_of(v.call_id, v.carer_id) or 0)}, both at once")
    if v.rule == rule_names.TRAVEL_TIME and v.other_call_id and call is not None and v.at is not None:
        before = r.calls.get(v.other_call_id)
        leaves = r.start_of(v.other_call_id, v.carer_id)
        if before is not None and leaves is not None:
            done = leaves + before.duration
            return (f"{who} leaves {r.client_of(v.other_call_id)} at {clock(done)} and needs {_hm(v.at - done)} "
                    f"to reach {r.client_of(v.call_id)}: there at {clock(v.at)} at the earliest, "
                    f"but the call starts at {clock(r.start_of(v.call_id, v.carer_id) or 0)}")
    if v.rule == rule_names.SHIFT_WINDOW and call is not None and v.at is not None:
        shift = r.shift_of(v.carer_id, v.at)
        start = r.start_of(v.call_id, v.carer_id)
        if start is not None and v.at <= start:  # leaving home
            return (f"{who} would have to leave home at {clock(v.at)} ({_hm(start - v.at)} away) to reach "
                    f"{r.call(v.call_id, v.carer_id)}, but their shift starts at {clock(shift.start) if shift else '?'}")
        return (f"{who} would get home at {clock(v.at)} after {r.call(v.call_id, v.carer_id)}, "
                f"but their shift ends at {clock(shift.end) if shift else '?'}")
    if v.rule == rule_names.TIME_WINDOW and call is not None and v.at is not None:
        side = "before its window opens" if v.at < call.earliest else "after its window closes"
        return (f"{r.call(v.call_id, v.carer_id)} would start at {clock(v.at)}, {side} "
                f"({clock(call.earliest)}-{clock(call.latest)})")
    if v.rule == rule_names.SKILLS and call is not None:
        carer = r.carers.get(v.carer_id or "")
        missing = sorted(set(call.part_skills(r.part_of(v.call_id, v.carer_id))) - set(carer.skills if carer else ()))
        return f"{who} does not hold {' and '.join(missing)}, needed for {r.call(v.call_id, v.carer_id)}"
    if v.rule == rule_names.EXCLUSIONS and call is not None:
        return f"{r.client_of(v.call_id)} has asked not to have {who} ({r.call(v.call_id, v.carer_id)})"
    if v.rule == rule_names.ABSENCE:
        return f"{who} is off that day (leave or sickness)"
    if v.rule in (rule_names.DAILY_CAP, rule_names.WEEKLY_CAP):
        carer = r.carers.get(v.carer_id or "")
        worked = sum(s.end - s.start for run in plan.runs if run.carer_id == v.carer_id for s in run.stops)
        if carer is not None and v.rule == rule_names.DAILY_CAP and carer.daily_cap is not None:
            return f"{who} would work {_hm(worked)} that day; the most allowed is {_hm(carer.daily_cap)}"
        if carer is not None and carer.weekly_cap is not None:
            return (f"{who} would reach {_hm(carer.worked_week + worked)} this week; "
                    f"the most allowed is {_hm(carer.weekly_cap)}")
    if v.rule == rule_names.BREAKS:
        rest = v.message.split(" works ", 1)[-1]
        return f"{who} would work {rest}"
    if v.rule == rule_names.DOUBLE_UP_TOGETHER:
        if call is not None and any(p.offset for p in call.parts):
            steps = ", ".join(f"the {_nth(i)} carer {_hm(p.offset)} after the start" for i, p in enumerate(call.parts) if p.offset)
            return f"the carers of the double-up at {r.client_of(v.call_id)} would not arrive as booked ({steps})"
        return f"the carers of the double-up at {r.client_of(v.call_id)} would not start together"
    if v.rule == rule_names.LINKED_GAP:
        return _gap_words(v, r)
    if v.rule == rule_names.SAME_CARER and v.other_call_id:
        sizes = {c: r.carers_on(c) for c in (v.other_call_id, v.call_id)}
        if len(set(sizes.values())) > 1:  # the carer of the one with fewer must be among the other's
            fewer, more = sorted(sizes, key=sizes.get)
            return (f"{r.call(v.other_call_id)} and {r.call(v.call_id)} are booked with the same carer: "
                    f"{r.call(fewer)} would have a carer who is not on {r.call(more)}")
        return (f"{r.call(v.other_call_id)} and {r.call(v.call_id)} are booked with the same carer, "
                f"and would have different carers")
    if v.rule == rule_names.DIFFERENT_CARERS and v.other_call_id:
        return (f"{who} would do both {r.call(v.other_call_id, v.carer_id)} and {r.call(v.call_id, v.carer_id)}, "
                f"which are booked with different carers")
    if v.rule == rule_names.PINNED and call is not None:
        return f"{r.call(v.call_id)} is pinned to {', '.join(names.carer(c) for c in call.pinned)}"
    if v.rule == rule_names.STARTED and call is not None and call.started_at is not None:
        return f"{r.call(v.call_id)} already started at {clock(call.started_at)}"
    if v.rule == rule_names.NIGHT_REST and call is not None:
        carer = r.carers.get(v.carer_id or "")
        if v.other_call_id:
            until = v.at
            night = f"the night at {r.client_of(v.other_call_id)}"
        else:
            until = carer.rest_until if carer is not None else None
            night = "last night"
        return (f"{who} rests after {night} until {clock(until or 0)}; "
                f"{r.call(v.call_id, v.carer_id)} comes before that")
    if v.rule == rule_names.DURATION:
        return f"{r.call(v.call_id, v.carer_id)} is planned for a different length than it needs"
    if v.rule == rule_names.CARERS_REQUIRED and call is not None:
        have = len(plan.assignments().get(call.id, ()))
        return f"{r.call(v.call_id)} needs {call.carers_required} carers and would have {have}"
    return v.message


def _nth(i: int) -> str:
    return ("first", "second", "third", "fourth")[i] if i < 4 else f"{i + 1}th"


def _gap_words(v: Violation, r: _Reader) -> str:
    """'the 10:30 call at Rosa Juniper would start 2 h 30 min after the 08:00 call there; it must
    be at least 3 h 00 min after it'"""
    link = next((x for x in r.problem.links if x.kind == "gap" and x.first == v.other_call_id and x.second == v.call_id), None)
    a, b = r.start_of(v.other_call_id or "", None), r.start_of(v.call_id or "", None)
    if link is None or a is None or b is None:
        return v.message
    same = r.client_of(v.call_id) == r.client_of(v.other_call_id)
    at = day_clock(a) if v.other_call_id in r.fixed else f"the {clock(a)}"
    before = f"{at} call {'there' if same else 'at ' + r.client_of(v.other_call_id)}"
    need = f"at least {_hm(link.min_gap)}" if b - a < link.min_gap else f"at most {_hm(link.max_gap or 0)}"
    return f"{r.call(v.call_id)} would start {_hm(max(0, b - a))} after {before}; it must be {need} after it"
