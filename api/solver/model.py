"""Plain, typed inputs and outputs of the solver.

Everything here is a dataclass of ints, strs, tuples and lists so that a ``Problem`` or a ``Plan``
can be built by any adapter and turned into JSON with ``to_dict()``.

Conventions
- Ids of calls, clients and carers are ``str``.
- Times are ``int`` seconds from the start of the day being planned (no cap at one day: a night
  call may start at 90_000).
- A location is either ``(lat, lon)`` in degrees or an ``int`` index into an explicit matrix
  (see :mod:`api.solver.travel`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, Union

from .travel import Haversine, Travel, travel_from_dict

Location = Union[tuple[float, float], int]

HOUR = 3600
MINUTE = 60

# Kinds of call. A sleep-in (the carer sleeps at the client's) and a waking night (awake all
# night) run across midnight; they belong to the day they start and need rest after them.
VISIT = "visit"
SLEEP_IN = "sleep_in"
WAKING_NIGHT = "waking_night"
NIGHT_KINDS = (SLEEP_IN, WAKING_NIGHT)


@dataclass(frozen=True)
class Part:
    """One carer's part of a double-up, when the parts differ.

    ``skills`` are needed by this part's carer on top of the call's own; ``duration`` (None: the
    call's) is how long this carer stays; ``offset`` is when this carer starts, after the call's
    start (e.g. "the second carer arrives 30 minutes after the first": offset 1800).
    """

    skills: tuple[str, ...] = ()
    duration: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class Call:
    """One attendance at a client's home.

    ``earliest``/``latest`` bound the planned *start*; ``carers_required`` > 1 is a double-up:
    that many different carers must start together. ``pinned`` names carers the call is locked to
    (hard); ``current`` names the carers of the current/published plan (soft, for stability).
    ``started_at`` marks a call already under way: it stays with its ``pinned`` carers at that
    time. ``max_lateness`` overrides :attr:`Rules.max_lateness` for this call. ``kind`` is
    :data:`VISIT`, :data:`SLEEP_IN` or :data:`WAKING_NIGHT`: after a night the carer rests
    (:meth:`Problem.rest_after`) before any other call.

    ``parts`` (empty, or one per carer) give a double-up's carers their own skills, durations and
    start offsets; the window bounds the call's start, part ``r`` starts ``parts[r].offset`` later,
    and ``pinned[r]`` (when given) is the carer of part ``r``.
    """

    id: str
    client_id: str
    location: Location
    earliest: int
    latest: int
    duration: int
    carers_required: int = 1
    skills: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    current: tuple[str, ...] = ()
    started_at: int | None = None
    gender_preference: str | None = None
    max_lateness: int | None = None
    kind: str = VISIT
    parts: tuple[Part, ...] = ()

    def part(self, r: int) -> Part:
        """Part ``r`` (a plain part, the call's skills and duration, when none are given)."""
        return self.parts[r] if 0 <= r < len(self.parts) else _PLAIN

    def part_duration(self, r: int) -> int:
        d = self.part(r).duration
        return self.duration if d is None else d

    def part_skills(self, r: int) -> tuple[str, ...]:
        extra = self.part(r).skills
        return self.skills + tuple(s for s in extra if s not in self.skills)


_PLAIN = Part()

GAP = "gap"
SAME_CARER = "same_carer"
DIFFERENT_CARERS = "different_carers"
# internal: the parts of a double-up are served together or not at all (see api.solver.parts)
SERVED_TOGETHER = "served_together"
LINK_KINDS = (GAP, SAME_CARER, DIFFERENT_CARERS, SERVED_TOGETHER)


@dataclass(frozen=True)
class Link:
    """A rule between two calls of the plan (of one client, the same or adjacent days).

    ``gap``: when both are planned, ``second`` starts at least ``min_gap`` and at most ``max_gap``
    seconds (None: no maximum) after ``first`` starts ("lunch at least 3 h after breakfast").
    ``same_carer``: both are done by the same carer(s). ``different_carers``: no carer does both.
    Either call may be a :class:`FixedCall` of an adjacent day (``Problem.fixed``).
    """

    kind: str
    first: str
    second: str
    min_gap: int = 0
    max_gap: int | None = None


@dataclass(frozen=True)
class FixedCall:
    """A call of another day that a :class:`Link` may name: already planned, so its start and
    carers are given and bind the linked call of this day ("at least 10 h after last night's
    call", "the same carer as last night's sleep-in").

    ``start`` is in seconds from this day's midnight: the day before's 21:00 is -10800, the next
    day's 08:00 is 115200. The plan never contains it; a link to it binds as long as it is listed.
    """

    id: str
    client_id: str
    start: int
    carers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shift:
    """A window the carer is available to work, ``start`` leaving home, ``end`` back home."""

    start: int
    end: int


@dataclass(frozen=True)
class Carer:
    """A care worker for the day being planned.

    ``shifts`` are the availability windows of the day (a split shift is two); each becomes one
    routing vehicle. ``skills`` must hold only qualifications valid that day. ``worked_week`` is
    working time already done (or planned) this week before this day, ``weekly_cap`` and
    ``daily_cap`` are hard limits on working time (visit durations), ``target`` is the soft target
    of working time for this day (their share of contracted hours). ``preferred_clients`` are the
    clients who count this carer as a regular (continuity); ``excluded_clients`` may not be visited.
    ``rest_until`` is set when a night of the day before ended this morning: the carer rests until
    then (the night's end plus the rest the rules give) and no shift starts before it.
    """

    id: str
    shifts: tuple[Shift, ...]
    start_location: Location
    end_location: Location | None = None
    skills: tuple[str, ...] = ()
    transport: str = "car"
    gender: str | None = None
    absent: bool = False
    worked_week: int = 0
    weekly_cap: int | None = None
    daily_cap: int | None = None
    target: int | None = None
    excluded_clients: tuple[str, ...] = ()
    preferred_clients: tuple[str, ...] = ()
    rest_until: int | None = None

    def __post_init__(self) -> None:
        # the rest after last night shortens the shifts here, so every planner of the library
        # (solver, greedy, cover, explain) honours it; the checker's night_rest rule names it
        if self.rest_until is not None:
            clipped = tuple(Shift(min(max(s.start, self.rest_until), s.end), s.end) for s in self.shifts)
            object.__setattr__(self, "shifts", clipped)

    @property
    def home_end(self) -> Location:
        return self.start_location if self.end_location is None else self.end_location


@dataclass(frozen=True)
class Rules:
    """Agency working-time rules.

    A run must not hold a stretch of work (visits and the travel between them, with no idle gap of
    at least ``break_duration``) longer than ``break_after``. A call may start up to
    ``max_lateness`` seconds after its window (0 = never late). After a waking night or a
    sleep-in the carer's next call starts no sooner than ``rest_after_*`` after it ends.
    """

    break_after: int = 6 * HOUR
    break_duration: int = 20 * MINUTE
    max_lateness: int = 0
    # rest after a night before the next call (UK Working Time Regulations: 11 consecutive
    # hours of rest in each 24; the time of a sleep-in on the premises is working time there)
    rest_after_waking_night: int = 11 * HOUR
    rest_after_sleep_in: int = 11 * HOUR


@dataclass(frozen=True)
class Weights:
    """Costs of the objective, in cost units (one unit = one second of travel by default).

    Coverage dominates everything else; then lateness; then the soft preferences.
    """

    unallocated: int = 2_000_000  # per carer-slot of a call left undone
    pinned_unallocated: int = 50_000_000  # per carer-slot of a pinned / started call left undone
    travel: int = 1  # per second of travel
    late_per_minute: int = 3_000  # per minute started after the window
    # The soft goals' defaults (agency settings goal_*_minutes, README "Soft goals"): a client's
    # gender wish weighs most (dignity; it cost no measurable travel on the bench days at 20 or
    # 60 minutes), continuity 2 minutes (on 2026-12-04 at 3 the goals cost 6.4% more travel on
    # the large bench day and 2.5-5.3% on medium; at 2, 4.5% and 2.5-3.6%; the bound is
    # 5%), stability 20 (at 50 a draft of the demo day moved no call at all: Optimise did nothing)
    continuity: int = 120  # per visit by a carer who is not one of the client's regulars
    preference: int = 3_600  # per visit by a carer of a gender the client does not want
    stability: int = 1_200  # per carer-slot moved away from the current plan
    # per minute of working time away from a carer's target for the day. Off by default: at 1 it
    # cost 13% more travel on the benchmark's small day (925.6 km against 820.8) for no gain in
    # hours (3180 against 3120 minutes away); agencies turn it on in the settings (goal_hours_minutes)
    hours: int = 0


@dataclass
class Options:
    """How to search.

    ``time_limit`` (seconds) bounds the wall time; with ``time_limit=None`` the search is
    deterministic and stops after ``solution_limit`` solutions (tests use this). ``should_stop``
    is polled at every solution: returning True ends the search, keeping the best plan so far.
    Problems with more than ``cluster_calls`` calls are split into geographic clusters that are
    solved one after the other and then joined.
    """

    time_limit: float | None = 10.0
    solution_limit: int | None = None
    should_stop: Callable[[], bool] | None = None
    cluster_calls: int = 800
    log: bool = False
    seed: int = 0
    workers: int | None = None  # processes for clusters (None: up to 2); see solve._workers
    vroom_start: bool = True  # VROOM plans a start of the search when pyvroom is installed (api.solver.vroom_start)


@dataclass
class Problem:
    """One day (or any horizon) to plan: calls, carers, travel, rules and weights."""

    calls: list[Call]
    carers: list[Carer]
    travel: Travel = field(default_factory=Haversine)
    rules: Rules = field(default_factory=Rules)
    weights: Weights = field(default_factory=Weights)
    links: list[Link] = field(default_factory=list)
    fixed: list[FixedCall] = field(default_factory=list)  # calls of adjacent days that links name

    def call(self, call_id: str) -> Call:
        return self._calls_by_id()[call_id]

    def carer(self, carer_id: str) -> Carer:
        return self._carers_by_id()[carer_id]

    def _calls_by_id(self) -> dict[str, Call]:
        cache = self.__dict__.get("_call_index")
        if cache is None or len(cache) != len(self.calls):
            cache = {c.id: c for c in self.calls}
            self.__dict__["_call_index"] = cache
        return cache

    def _carers_by_id(self) -> dict[str, Carer]:
        cache = self.__dict__.get("_carer_index")
        if cache is None or len(cache) != len(self.carers):
            cache = {c.id: c for c in self.carers}
            self.__dict__["_carer_index"] = cache
        return cache

    def max_lateness(self, call: Call) -> int:
        return self.rules.max_lateness if call.max_lateness is None else call.max_lateness

    def rest_after(self, call: Call) -> int:
        """Rest the carer needs after ``call`` before their next one (0 after a plain visit)."""
        if call.kind == WAKING_NIGHT:
            return self.rules.rest_after_waking_night
        if call.kind == SLEEP_IN:
            return self.rules.rest_after_sleep_in
        return 0

    def replace(self, **changes: Any) -> "Problem":
        """A copy with some fields changed (the caches are not carried over)."""
        return Problem(
            calls=changes.get("calls", list(self.calls)),
            carers=changes.get("carers", list(self.carers)),
            travel=changes.get("travel", self.travel),
            rules=changes.get("rules", self.rules),
            weights=changes.get("weights", self.weights),
            links=changes.get("links", list(self.links)),
            fixed=changes.get("fixed", list(self.fixed)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "calls": [_asdict(c) for c in self.calls],
            "carers": [_asdict(c) for c in self.carers],
            "travel": self.travel.to_dict(),
            "rules": _asdict(self.rules),
            "weights": _asdict(self.weights),
            "links": [_asdict(x) for x in self.links],
            "fixed": [_asdict(x) for x in self.fixed],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Problem":
        return cls(
            calls=[_call_from(c) for c in d["calls"]],
            carers=[_carer_from(c) for c in d["carers"]],
            travel=travel_from_dict(d.get("travel") or {"kind": "haversine"}),
            rules=Rules(**d.get("rules", {})),
            weights=Weights(**d.get("weights", {})),
            links=[Link(**x) for x in d.get("links", [])],
            fixed=[FixedCall(**{**x, "carers": tuple(x.get("carers", ()))}) for x in d.get("fixed", [])],
        )


@dataclass
class Stop:
    """A call in a run: planned start, and the travel from the previous place to here."""

    call_id: str
    client_id: str
    start: int
    end: int
    travel_seconds: int
    travel_metres: int
    late_seconds: int = 0
    part: int = 0  # which of the call's parts this carer does (double-ups with parts)


@dataclass
class Run:
    """One carer's ordered calls in one shift (``shift`` is the index into ``Carer.shifts``).

    ``start`` is when the carer leaves the start location, ``end`` when they are back; the
    ``travel_*`` totals include the journeys from and back home.
    """

    carer_id: str
    shift: int
    stops: list[Stop]
    start: int
    end: int
    travel_seconds: int
    travel_metres: int
    work_seconds: int
    return_travel_seconds: int = 0
    return_travel_metres: int = 0


@dataclass
class Unallocated:
    """A call (or the missing carers of one) the plan leaves undone, with a planner's reason."""

    call_id: str
    reason: str
    missing: int = 1


@dataclass
class LateStart:
    call_id: str
    carer_ids: tuple[str, ...]
    start: int
    latest: int
    late_seconds: int


@dataclass
class Plan:
    """The answer: runs, unallocated calls with reasons, late starts and the objective's parts."""

    runs: list[Run] = field(default_factory=list)
    unallocated: list[Unallocated] = field(default_factory=list)
    late: list[LateStart] = field(default_factory=list)
    objective: dict[str, int] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)

    def assignments(self) -> dict[str, tuple[str, ...]]:
        """call id -> sorted carer ids serving it."""
        out: dict[str, list[str]] = {}
        for run in self.runs:
            for s in run.stops:
                out.setdefault(s.call_id, []).append(run.carer_id)
        return {k: tuple(sorted(v)) for k, v in out.items()}

    def starts(self) -> dict[tuple[str, str], int]:
        """(call id, carer id) -> planned start."""
        return {(s.call_id, r.carer_id): s.start for r in self.runs for s in r.stops}

    def run_of(self, carer_id: str, shift: int = 0) -> Run | None:
        for r in self.runs:
            if r.carer_id == carer_id and r.shift == shift:
                return r
        return None

    def coverage(self, problem: Problem) -> float:
        """Share of carer-slots (a double-up counts twice) served, in percent."""
        need = sum(c.carers_required for c in problem.calls)
        done = sum(len(r.stops) for r in self.runs)
        return 100.0 if need == 0 else 100.0 * done / need

    def travel_metres(self) -> int:
        return sum(r.travel_metres for r in self.runs)

    def travel_seconds(self) -> int:
        return sum(r.travel_seconds for r in self.runs)

    def to_dict(self) -> dict[str, Any]:
        return _asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Plan":
        return cls(
            runs=[
                Run(**{**r, "stops": [Stop(**s) for s in r["stops"]]}) for r in d.get("runs", [])
            ],
            unallocated=[Unallocated(**u) for u in d.get("unallocated", [])],
            late=[LateStart(**{**x, "carer_ids": tuple(x["carer_ids"])}) for x in d.get("late", [])],
            objective=dict(d.get("objective", {})),
            stats=dict(d.get("stats", {})),
        )


@dataclass(frozen=True)
class Progress:
    """What ``on_progress`` receives at every improving solution."""

    solutions: int
    best_objective: int
    elapsed: float


@dataclass(frozen=True)
class Violation:
    """A broken hard rule, found by :func:`api.solver.check.check`."""

    rule: str  # one of api.solver.rule_names
    message: str
    call_id: str | None = None
    carer_id: str | None = None
    other_call_id: str | None = None  # the call before, for overlap and travel
    at: int | None = None  # the time the rule is about: leave, back, start, earliest arrival


def _asdict(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj):
        return {f.name: _asdict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_asdict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _asdict(v) for k, v in obj.items()}
    return obj


def _loc(v: Any) -> Location:
    return v if isinstance(v, int) else (float(v[0]), float(v[1]))


def _call_from(d: dict[str, Any]) -> Call:
    return Call(
        **{
            **d,
            "location": _loc(d["location"]),
            "skills": tuple(d.get("skills", ())),
            "pinned": tuple(d.get("pinned", ())),
            "current": tuple(d.get("current", ())),
            "parts": tuple(
                Part(**{**p, "skills": tuple(p.get("skills", ()))}) for p in d.get("parts", ())
            ),
        }
    )


def _carer_from(d: dict[str, Any]) -> Carer:
    return Carer(
        **{
            **d,
            "shifts": tuple(Shift(**s) for s in d["shifts"]),
            "start_location": _loc(d["start_location"]),
            "end_location": None if d.get("end_location") is None else _loc(d["end_location"]),
            "skills": tuple(d.get("skills", ())),
            "excluded_clients": tuple(d.get("excluded_clients", ())),
            "preferred_clients": tuple(d.get("preferred_clients", ())),
        }
    )
