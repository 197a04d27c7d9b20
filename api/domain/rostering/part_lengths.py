"""How long each carer stays on a double-up whose parts have their own length.

The database keeps one length per call (the visit's) and each carer's start; the parts live on
the client default the call was made from. A carer's part is read as everywhere else
(double_up_parts.parts_by_arrival: order of arrival, then skills), so a 20-minute part counts
20 minutes in the week's hours, on the board and in the reports, not the call's 60.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from api.domain.rostering.call_links import parts_of
from api.domain.rostering.double_up_parts import parts_by_arrival
from api.domain.tables import Assignment, ClientDefault
from api.solver import Call

Lengths = dict[tuple[int, int], int]  # (visit id, carer id) -> minutes of the carer's part


async def defaults_with_lengths() -> dict[int, dict]:
    """Client defaults whose parts give some carer their own length. Few: the database passes
    over the rest by their text (the same on SQLite and PostgreSQL, where json has no '=')."""
    rows = await ClientDefault.raw("SELECT id, parts FROM client_default WHERE CAST(parts AS TEXT) LIKE {}",
                                   "%duration_minutes%")
    out = {}
    for r in rows:
        parts = json.loads(r["parts"]) if isinstance(r["parts"], str) else r["parts"]
        if any(p.get("duration_minutes") is not None for p in parts or []):
            out[r["id"]] = {"id": r["id"], "parts": parts}
    return out


def pattern_minutes(parts: list[dict], duration: int, carers_required: int) -> int:
    """The minutes of all carers of a weekly pattern's call: each part's own length, or the
    call's (parts that no longer match the carers needed do not apply, as parts_of has it)."""
    if len(parts or []) != carers_required:
        return duration * carers_required
    return sum(duration if p.get("duration_minutes") is None else p["duration_minutes"] for p in parts)


async def part_lengths(where) -> Lengths:
    """(visit id, carer id) -> minutes of that carer's part, for the assignments matching
    `where` (a condition on Assignment) whose part is not the call's length; any pair not in
    the answer stays the call's length. Without such parts it is one small query."""
    rules = await defaults_with_lengths()
    if not rules:
        return {}
    visit = Assignment.visit
    rows = await Assignment.select(
        Assignment.carer, Assignment.planned_start, visit.id.as_alias("id"), visit.client_default.as_alias("client_default"),
        visit.carers_required.as_alias("carers_required"), visit.duration_minutes.as_alias("duration_minutes"),
        visit.required_skills.as_alias("required_skills"), visit.date.as_alias("date"),
    ).where(where & visit.client_default.is_in(sorted(rules)))
    calls: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        calls[r["id"]].append(r)
    out: Lengths = {}
    skills_on: dict[dt.date, dict[str, set[str]]] = {}
    made: dict[tuple, Call | None] = {}  # one Call per pattern, length, carers and skills (a quarter: 9,100 calls, 700 patterns)
    for visit_id, got in calls.items():
        v = got[0]
        key = (v["client_default"], v["duration_minutes"], v["carers_required"], str(v["required_skills"]))
        if key not in made:
            made[key] = _call(v, rules)
        call = made[key]
        if call is None:
            continue
        skills = await _skills(v["date"], skills_on) if any(p.skills for p in call.parts) else {}
        for carer, r in parts_by_arrival(call, [(a["planned_start"], str(a["carer"])) for a in got], skills).items():
            minutes = call.part_duration(r) // 60
            if minutes != v["duration_minutes"]:
                out[(visit_id, int(carer))] = minutes
    return out


def _call(v: dict, rules: dict[int, dict]) -> Call | None:
    """The call as the solver states it, for reading its carers' parts (None: no parts apply)."""
    parts = parts_of(v, rules)
    if not parts:
        return None
    skills = v["required_skills"]
    skills = json.loads(skills) if isinstance(skills, str) else skills
    return Call(id=str(v["client_default"]), client_id="", location=(0.0, 0.0), earliest=0, latest=0,
                duration=v["duration_minutes"] * 60, carers_required=v["carers_required"],
                skills=tuple(skills or ()), parts=parts)


async def _skills(day, cache: dict) -> dict[str, set[str]]:
    """The carers' skills on a date (only parts that differ in skills need them: once a date)."""
    from api.domain.people.availability import skills_valid_on

    day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10])
    if day not in cache:
        cache[day] = {str(k): v for k, v in (await skills_valid_on(day)).items()}
    return cache[day]


def length(lengths: Lengths, visit_id: int, carer_id: int, call_minutes: int) -> int:
    """The carer's minutes on the call: their part's, else the call's."""
    return lengths.get((visit_id, carer_id), call_minutes)
