"""Which part of a double-up each carer does, and when each carer arrives after a hand move.

The database keeps only each carer's start, so a carer's part is read from the order of arrival
(and their skills); a move names one carer's arrival (the block the planner dragged, or the
carer offered) and every carer on the call keeps their own part's offset from the call's start,
as the solver and the checker have it. Without parts every carer starts with the call.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.solver import Call


def parts_by_arrival(call: Call, arrivals: list[tuple[int, str]], skills: dict[str, set[str]]) -> dict[str, int]:
    """carer id -> their part, from (start, carer id) pairs: in order of arrival, the earliest
    part (by offset) their skills allow, else the earliest left."""
    left = sorted(range(len(call.parts)), key=lambda r: call.parts[r].offset)
    out: dict[str, int] = {}
    for _, carer_id in sorted(arrivals):
        if not left:
            break
        r = _fitting(call, left, skills.get(carer_id, set()))
        left.remove(r)
        out[carer_id] = r
    return out


def newcomer_part(call: Call, taken: set[int], have: set[str]) -> int:
    """The part a carer joining the call takes: the earliest free part their skills allow, else
    the earliest free one (0 for a call without parts)."""
    left = [r for r in sorted(range(len(call.parts)), key=lambda r: call.parts[r].offset) if r not in taken]
    return _fitting(call, left, have) if left else 0


def _fitting(call: Call, left: list[int], have: set[str]) -> int:
    return next((r for r in left if set(call.part_skills(r)) <= have), left[0])


@dataclass
class MovedTimes:
    call_start: int  # the call's own start (its parts' offsets count from it), in the unit given
    call_start_before: int | None  # the call's start before the move (None: nobody was on it)
    starts: dict[str, int]  # carer id -> arrival, for every carer on the call after the move
    parts: dict[str, int]  # carer id -> the part they do
    named: str | None  # the carer the move names (whose arrival the move gives), if any

    @property
    def start(self) -> int:
        """When the named carer arrives (the call's start when nobody is named)."""
        return self.starts[self.named] if self.named is not None else self.call_start


def moved_times(call: Call, arrivals: dict[str, int], skills: dict[str, set[str]], to_carer: str | None,
                from_carer: str | None, start: int | None, unit: int = 1) -> MovedTimes:
    """Every carer's part and arrival when `to_carer` takes the call from `from_carer` (or joins
    it, or, None, the carers stay) and the named carer - `to_carer`, else `from_carer` - arrives
    at `start`; with nobody named, `start` is the call's start; None keeps the call's start (an
    unallocated call's: its window's opening). Offsets are in seconds; `unit` is the seconds in
    one unit of `arrivals` and `start` (60: the database's minutes)."""
    parts = parts_by_arrival(call, [(t, c) for c, t in arrivals.items()], skills) if call.parts else {
        c: 0 for c in arrivals}
    for c in arrivals:  # more carers than parts (the call was changed by hand): the first part's time
        parts.setdefault(c, 0)
    offset = (lambda r: call.part(r).offset // unit) if call.parts else (lambda r: 0)
    before = min((arrivals[c] - offset(r) for c, r in parts.items()), default=None)
    named = None
    if to_carer is not None:
        if to_carer not in parts:
            given = parts.pop(from_carer) if from_carer in parts else None
            parts[to_carer] = given if given is not None else newcomer_part(
                call, set(parts.values()), skills.get(to_carer, set()))
        named = to_carer
    elif from_carer in parts:
        named = from_carer
    if start is None:
        call_start = call.earliest // unit if before is None else before
    else:
        call_start = start - (offset(parts[named]) if named is not None else 0)
    starts = {c: call_start + offset(r) for c, r in parts.items()}
    return MovedTimes(call_start, before, starts, parts, named)
