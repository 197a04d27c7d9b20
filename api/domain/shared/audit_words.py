"""The audit trail in people's words: "Morgan Registered-Manager approved Edie Juniper's annual
leave 21–23 Dec", with names where the stored event holds ids.

`sentences(events)` reads the names it needs for a page of events in a handful of queries (one
per kind of record named on the page), never one per event. An event of a kind not described
here still reads as a sentence ("Pat Service-Planner updated care plan 12").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from api.domain.shared.common import server_today
from api.domain.tables import (
    CarePlan,
    Carer,
    Client,
    ClientDefault,
    Incident,
    Leave,
    SolverJob,
    User,
    Visit,
)

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
LEAVE_WORDS = {"annual": "annual leave", "sick": "sickness", "training": "training"}
VISIT_ACTIONS = {
    "cancel": "cancelled", "pin": "pinned", "unpin": "unpinned", "unassign": "took a carer off",
    "check_in": "checked in at", "check_out": "checked out of", "task": "recorded a task at",
    "note": "wrote a note at", "cancel_client_status": "cancelled (client status)",
    "restore_client_status": "restored (client back)",
}


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def day_range(start: Any, end: Any) -> str:
    """'21 Dec', '21–23 Dec', '30 Dec – 2 Jan' (the year only when it is not this year's)."""
    a, b = _date(start), _date(end)
    if a is None:
        return ""
    year = "" if a.year == server_today().year else f" {a.year}"
    if b is None or b == a:
        return f"{a.day} {a:%b}{year}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {a:%b}{year}"
    return f"{a.day} {a:%b} – {b.day} {b:%b}{year}"


def _clock(minutes: Any) -> str:
    return f"{int(minutes) // 60:02d}:{int(minutes) % 60:02d}" if isinstance(minutes, int) else ""


def _ids(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


async def _names(table, column, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {r["id"]: r["name"] for r in await table.select(table.id, column.as_alias("name")).where(
        table.id.is_in(sorted(ids)))}


class _Lookup:
    """Every name a page of events needs, read once."""

    async def load(self, events: list[dict]) -> "_Lookup":
        wanted: dict[str, set[int]] = defaultdict(set)
        carer_ids: set[int] = set()
        for e in events:
            entity_id = _ids(e["entity_id"])
            if entity_id is not None:
                wanted[e["entity"]].add(entity_id)
            for side in (e.get("before"), e.get("after")):
                if isinstance(side, dict):
                    carer_ids |= {a.get("carer_id") for a in side.get("assignments") or [] if isinstance(a, dict)}
                    carer_ids |= {side.get(k) for k in ("carer_id", "released_carer_id", "carer")}
                    carer_ids |= set(side.get("carer_ids") or [])
        self.users = {r["id"]: r["display_name"] or r["username"] for r in await User.select(
            User.id, User.display_name, User.username).where(
            User.id.is_in(sorted({e["actor"] for e in events if e["actor"]} | wanted["user"]) or [-1]))}
        self.leave = {r["id"]: r for r in await Leave.select(
            Leave.id, Leave.kind, Leave.start_date, Leave.end_date, Leave.carer, Leave.carer.name.as_alias("carer_name"),
            Leave.carer.user.as_alias("carer_user"),
        ).where(Leave.id.is_in(sorted(wanted["leave"]) or [-1]))}
        self.visits = {r["id"]: r for r in await Visit.select(
            Visit.id, Visit.date, Visit.window_start, Visit.window_end, Visit.client.name.as_alias("client_name"),
        ).where(Visit.id.is_in(sorted(wanted["visit"]) or [-1]))}
        self.carers = await _names(Carer, Carer.name, wanted["carer"] | wanted["carer_role"]
                                   | {c for c in carer_ids if isinstance(c, int)})
        self.clients = await _names(Client, Client.name, wanted["client"])
        self.defaults = {r["id"]: r for r in await ClientDefault.select(
            ClientDefault.id, ClientDefault.weekday, ClientDefault.start_minute,
            ClientDefault.client.name.as_alias("client_name"),
        ).where(ClientDefault.id.is_in(sorted(wanted["client_default"]) or [-1]))}
        self.plans = await _names(CarePlan, CarePlan.client.name, wanted["care_plan"])
        self.incidents = await _names(Incident, Incident.client.name, wanted["incident"])
        self.jobs = {r["id"]: r for r in await SolverJob.select(
            SolverJob.id, SolverJob.kind, SolverJob.start_date, SolverJob.end_date,
        ).where(SolverJob.id.is_in(sorted(wanted["solver_job"]) or [-1]))}
        return self

    def carer(self, carer_id: Any) -> str:
        return self.carers.get(carer_id, "a carer no longer on record" if carer_id else "nobody")


def _call_words(look: _Lookup, e: dict) -> str:
    """'Rosa Juniper's call on Tue 21 Dec at 08:00', from the record or the stored snapshot."""
    v = look.visits.get(_ids(e["entity_id"]))
    side = e.get("after") if isinstance(e.get("after"), dict) else e.get("before") if isinstance(e.get("before"), dict) else {}
    if v is None:
        return f"a call since deleted (number {e['entity_id']})"
    day = v["date"]
    starts = [a.get("planned_start") for a in side.get("assignments") or [] if isinstance(a, dict)]
    at = _clock(starts[0]) if starts else f"{_clock(v['window_start'])}–{_clock(v['window_end'])}"
    year = "" if day.year == server_today().year else f" {day.year}"
    return f"{v['client_name']}'s call on {day:%a} {day.day} {day:%b}{year} at {at}"


def _carers_of(look: _Lookup, side: Any) -> list[str]:
    if not isinstance(side, dict):
        return []
    return [look.carer(a.get("carer_id")) for a in side.get("assignments") or [] if isinstance(a, dict)]


def _visit_sentence(look: _Lookup, who: str, e: dict) -> str:
    action, call = e["action"], _call_words(look, e)
    if action == "generate":
        after = e.get("after") or {}
        return f"{who} created {after.get('created', 'the')} calls from client defaults for {day_range(after.get('start'), after.get('end'))}"
    if action == "create":
        return f"{who} added {call}"
    if action == "move":
        was, now = _carers_of(look, e.get("before")), _carers_of(look, e.get("after"))
        return f"{who} moved {call}: {', '.join(was) or 'nobody'} → {', '.join(now) or 'nobody'}"
    if action == "release":
        after = e.get("after") or {}
        why = f" ({after['reason']})" if after.get("reason") else ""
        return f"{who} took {look.carer(after.get('released_carer_id'))} off {call}{why}"
    if action == "roll_assign":
        return f"{who} gave {call} to {', '.join(_carers_of(look, e.get('after'))) or 'nobody'} from the master rota"
    return f"{who} {VISIT_ACTIONS.get(action, action.replace('_', ' '))} {call}"


def sentence(look: _Lookup, e: dict) -> str:
    who = look.users.get(e["actor"], "Carerun (automatic)") if e["actor"] else "Carerun (automatic)"
    entity, action, entity_id = e["entity"], e["action"], _ids(e["entity_id"])
    after = e.get("after") if isinstance(e.get("after"), dict) else {}
    if entity == "leave" and entity_id in look.leave:
        lv = look.leave[entity_id]
        what = f"{LEAVE_WORDS.get(lv['kind'], lv['kind'])} {day_range(lv['start_date'], lv['end_date'])}"
        if action in ("approve", "decline"):
            return f"{who} {action}d {lv['carer_name']}'s {what}"
        if action == "create" and lv["kind"] == "sick" and after.get("status") == "approved":
            return f"{who} recorded {lv['carer_name']} off sick {day_range(lv['start_date'], lv['end_date'])}"
        if e["actor"] and e["actor"] == lv["carer_user"]:
            return f"{lv['carer_name']} asked for {what}"
        return f"{who} recorded {lv['carer_name']}'s request for {what}"
    if entity == "visit":
        return _visit_sentence(look, who, e)
    if entity == "carer":
        name = look.carers.get(entity_id, f"carer {e['entity_id']}")
        return f"{who} added carer {name}" if action == "create" else f"{who} {action}d {name}'s record"
    if entity == "client":
        name = look.clients.get(entity_id, f"client {e['entity_id']}")
        return f"{who} added client {name}" if action == "create" else f"{who} {action}d {name}'s record"
    if entity == "client_default" and entity_id in look.defaults:
        d = look.defaults[entity_id]
        what = f"{d['client_name']}'s {WEEKDAYS[d['weekday']]} {_clock(d['start_minute'])} call pattern"
        return f"{who} {'added' if action == 'create' else action + 'd'} {what}"
    if entity == "care_plan" and entity_id in look.plans:
        return f"{who} {'wrote' if action == 'create' else action + 'd'} {look.plans[entity_id]}'s care plan"
    if entity == "incident" and entity_id in look.incidents:
        return f"{who} reported an incident at {look.incidents[entity_id] or 'no named client'}"
    if entity == "user":
        name = look.users.get(entity_id, f"user {e['entity_id']}")
        return f"{who} {'added' if action == 'create' else action + 'd'} the account of {name}"
    if entity == "publication":
        return f"{who} published the rota for {day_range(after.get('start'), after.get('end'))} (version {after.get('version')})"
    if entity == "solver_job" and entity_id in look.jobs:
        job = look.jobs[entity_id]
        verb = {"start": "started", "stop": "stopped", "apply": "applied"}.get(action, action)
        what = {"optimise": "Optimise", "cover": "Find cover", "roll": "the rolling rota"}.get(job["kind"], job["kind"])
        return f"{who} {verb} {what} for {day_range(job['start_date'], job['end_date'])}"
    if entity == "assignment" and action == "store_plan":
        return f"{who} stored a new plan for {day_range(e['entity_id'], None)}"
    if entity == "on_call":
        return f"{who} {'set' if action == 'set' else 'removed'} the on-call rota for the week of {day_range((after or e.get('before') or {}).get('week_start'), None)}"
    if entity == "carer_role":  # a role on the career map from a date (entity_id: the carer)
        role = after.get("role_name") or after.get("role", "a role")
        return f"{who} recorded {look.carer(entity_id)} as {role} from {day_range(after.get('effective_from'), None)}"
    if entity == "career_role":
        return f"{who} changed the career map's {after.get('name', 'role')} role"
    if entity == "shift_report":
        return f"{who} phoned in the end of a shift"
    if entity == "supervision" and after.get("carer_name"):
        before = e.get("before") if isinstance(e.get("before"), dict) else {}
        return _supervision_sentence(who, action, before, after)
    return f"{who} {action.replace('_', ' ')} {entity.replace('_', ' ')} {e['entity_id']}"


def _supervision_sentence(who: str, action: str, before: dict, s: dict) -> str:
    """'Morgan recorded Ada Fernhill's spot check of 3 Dec: satisfactory' (the event carries the names)."""
    what = f"{s['carer_name']}'s {str(s.get('kind_words', 'supervision')).lower()}"
    if action == "record" or (action != "update" and s.get("held_on")):
        outcome = str(s.get("outcome") or "").replace("_", " ")
        return f"{who} recorded {what} of {day_range(s.get('held_on'), None)}{f': {outcome}' if outcome else ''}"
    if s.get("booked_on") and (action == "schedule" or before.get("booked_on") != s.get("booked_on")):
        observer = f" with {s['observer_name']}" if s.get("observer_name") else ""
        return f"{who} booked {what} for {day_range(s.get('booked_on'), None)}{observer}"
    if action == "schedule":
        return f"{who} scheduled {what}, due {day_range(s.get('due_on'), None)}"
    return f"{who} changed {what}"


async def sentences(events: list[dict]) -> list[str]:
    look = await _Lookup().load(events)
    return [sentence(look, e) for e in events]
