"""A month of past calls for the demo agency, with what carers recorded at them.

So that the office's screens (call records, incidents, reports) have something true to show:
the last 30 days before today get calls from the clients' defaults, the carers of today's
plan (the same default keeps its carers: continuity, as in a real agency), and realistic
records: check-in and check-out near the planned time (a few late, a few short, one carer who
left early, one who forgot to check out, one missed call), tasks done or not with a reason,
notes, end-of-shift mileage, and two incidents. Written in a few bulk inserts, so the demo stays
fast. Deterministic for a seed; synthetic throughout.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict

from api.domain.shared.common import agency_zone
from api.domain.setup import demo_medication
from api.domain.shared.db import engine, write_transaction
from api.settings import get_settings
from api.domain.tables import (
    Assignment,
    Carer,
    Client,
    ClientDefault,
    DoseRecord,
    Feedback,
    Incident,
    Medication,
    ShiftReport,
    Visit,
    VisitLog,
)

HISTORY_DAYS = 30
BATCH = 400

NOTES = [
    "Client in good spirits, chatted about the garden.",
    "Ate most of breakfast, drank a full cup of tea.",
    "Client a little tired today; encouraged to rest after lunch.",
    "Daughter visited during the call; no concerns raised.",
    "Skin on heels checked: no redness.",
    "Bins put out as asked.",
    "Client asked for the later call time next week; passed to the office.",
    "Fridge low on milk; left a note for the family.",
]
NOT_DONE = [
    "Client declined",
    "Already done by family",
    "Client asleep, did not wish to be woken",
    "No supplies in the house",
]


async def _bulk_insert(table, rows: list[dict]) -> None:
    """Insert many rows in the current transaction with one prepared statement (executemany).

    Piccolo builds a Table object and a query string per row, which cost about 0.6 ms a row:
    13 s for a month of records. The driver's executemany takes well under a second. Only
    plain values (numbers, text, dates, aware times, booleans) go through here."""
    if not rows:
        return
    columns = list(rows[0])
    connection = engine().current_transaction.get().connection
    if engine().engine_type == "sqlite":
        marks = ", ".join("?" for _ in columns)
    else:
        marks = ", ".join(f"${n + 1}" for n in range(len(columns)))
    sql = f'INSERT INTO "{table._meta.tablename}" ({", ".join(columns)}) VALUES ({marks})'
    await connection.executemany(sql, [tuple(r[c] for c in columns) for r in rows])


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _moment(day: dt.date, minutes: float) -> dt.datetime:
    """A moment on `day` at `minutes` past midnight in the agency's zone, as UTC."""
    local = dt.datetime.combine(day, dt.time(0), tzinfo=agency_zone()) + dt.timedelta(minutes=minutes)
    return local.astimezone(dt.timezone.utc)


async def _past_calls(start: dt.date, end: dt.date) -> list[dict]:
    """One call per client default and day of the range, as the generator makes them (written
    in one statement: the generator's row-by-row insert took seconds for a month). The demo's
    own calls earlier this week, not yet allocated, are replaced."""
    await Visit.delete().where((Visit.date >= start) & (Visit.date <= end))
    tolerance = get_settings().agency.window_tolerance_minutes
    defaults = await ClientDefault.select().where(ClientDefault.active == True)  # noqa: E712
    rows = []
    for offset in range((end - start).days + 1):
        day = start + dt.timedelta(days=offset)
        rows += [{
            "client": d["client"], "client_default": d["id"], "date": day,
            "window_start": max(0, d["start_minute"] - tolerance),
            "window_end": min(24 * 60 - 1, d["start_minute"] + tolerance),
            "duration_minutes": d["duration_minutes"], "carers_required": d["carers_required"],
            "required_skills": d["required_skills"], "tasks": d["tasks"], "call_type": d["call_type"],
            "status": "planned", "changed_by_hand": False, "version": 1,
        } for d in defaults if d["weekday"] == day.weekday()]
    await _bulk_insert(Visit, rows)  # the JSON columns go in as the JSON text they were read as
    return await Visit.select().where((Visit.date >= start) & (Visit.date <= end)).order_by(
        Visit.date).order_by(Visit.window_start).order_by(Visit.id).output(load_json=True)


def _slot(visit: dict) -> tuple:
    """A client's call at the same time every day (its defaults differ only by weekday)."""
    return visit["client"], visit["window_start"], visit["call_type"]


async def _carers_by_slot(today: dt.date) -> dict[tuple, list[tuple[int, int]]]:
    """Each slot's carers and planned start, from the earliest planned day that covered it
    fully (today's optimised plan first)."""
    rows = await Assignment.select(
        Assignment.carer, Assignment.planned_start, Assignment.visit.id.as_alias("visit"),
        Assignment.visit.client.id.as_alias("client"), Assignment.visit.window_start.as_alias("window_start"),
        Assignment.visit.call_type.as_alias("call_type"), Assignment.visit.carers_required.as_alias("needed"),
    ).where(Assignment.visit.date >= today).order_by(Assignment.visit.date)
    by_visit: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        by_visit[r["visit"]].append(r)
    chosen: dict[tuple, list[tuple[int, int]]] = {}
    for carers in by_visit.values():  # in date order: the first full cover wins
        if _slot(carers[0]) not in chosen and len(carers) >= carers[0]["needed"]:
            chosen[_slot(carers[0])] = sorted((c["carer"], c["planned_start"]) for c in carers)
    return chosen


async def add_history(seed: int, today: dt.date) -> dict:
    """Build the last HISTORY_DAYS days of calls and records (call after today's plan exists)."""
    rng = random.Random(seed * 7919 + 12)
    start, end = today - dt.timedelta(days=HISTORY_DAYS), today - dt.timedelta(days=1)
    carers_for = await _carers_by_slot(today)
    skilled = [(c["id"], set(c["skills"])) for c in await Carer.select(Carer.id, Carer.skills).output(load_json=True)]
    clients = {c["id"]: c for c in await Client.select(Client.id, Client.lat, Client.lon)}
    carer_user = {c["id"]: c["user"] for c in await Carer.select(Carer.id, Carer.user)}
    async with write_transaction():
        await demo_medication.add_lists(seed, today)
        meds_by_client: dict[int, list[dict]] = defaultdict(list)
        for m in await Medication.select().output(load_json=True):
            meds_by_client[m["client"]].append(m)
        visits = await _past_calls(start, end)
        for v in visits:  # a slot no plan covered: the office found skilled carers by hand
            if _slot(v) not in carers_for:
                able = [c for c, skills in skilled if set(v["required_skills"]) <= skills] or [c for c, _ in skilled]
                picked = rng.sample(able, min(len(able), v["carers_required"]))
                carers_for[_slot(v)] = [(c, v["window_start"] + (v["window_end"] - v["window_start"]) // 2)
                                        for c in sorted(picked)]
        assignments, logs, doses, statuses = [], [], [], defaultdict(list)
        worked: dict[tuple[int, dt.date], list[int]] = defaultdict(list)
        covered = [v for v in visits if v["status"] == "planned"]
        # The month's exceptions, picked once so each screen has a few (deterministic).
        picks = rng.sample(range(len(covered)), min(len(covered), 40))
        missed = set(picks[:1])
        no_check_out = set(picks[1:3])
        late = set(picks[3:15])
        short = set(picks[15:21])
        left_early = set(picks[21:24])
        offline = set(picks[24:40])
        for n, v in enumerate(covered):
            status, first_in = "done", None
            for carer, planned in carers_for[_slot(v)]:
                assignments.append({"visit": v["id"], "carer": carer, "planned_start": planned, "locked": False,
                                    "travel_minutes": 0, "travel_metres": 0, "version": 1})
                worked[(carer, v["date"])].append(v["id"])
                if n in missed:
                    status = "missed"
                    continue
                records = _records_at_call(rng, v, carer, planned, clients[v["client"]],
                                           late=n in late, short=n in short, left_early=n in left_early,
                                           offline=n in offline, checks_out=n not in no_check_out)
                first_in = first_in or records[0]["device_time"]  # the first carer's check-in
                logs.extend(records)
                if n in no_check_out:
                    status = "in_progress"
            if status != "missed":
                doses += _doses_at_call(rng, v, carers_for[_slot(v)][0], meds_by_client[v["client"]], first_in)
            statuses[status].append(v["id"])
        _month_exceptions(rng, doses)
        await _bulk_insert(Assignment, assignments)
        await _bulk_insert(VisitLog, logs)
        await _bulk_insert(DoseRecord, doses)
        for status, ids in statuses.items():
            for i in range(0, len(ids), BATCH):
                await Visit.update({Visit.status: status}).where(Visit.id.is_in(ids[i:i + BATCH]))
        reports = [dict(
            client_uuid=_uuid(rng), carer=carer, date=day, mileage=round(rng.uniform(6, 38), 1),
            notes=rng.choice(["", "", "", "Roadworks on the seafront, took the long way round."]),
            server_time=_moment(day, 22 * 60 + rng.randint(0, 50)),
        ) for (carer, day) in sorted(worked) if rng.random() < 0.93]  # a few forgot to phone in
        await _bulk_insert(ShiftReport, reports)
        incidents = _incidents(rng, covered, carers_for, carer_user)
        if incidents:
            await Incident.insert(*incidents)
        await _feedback(covered, carers_for, today)
    return {"history_calls": len(visits), "history_records": len(logs), "history_doses": len(doses),
            "history_incidents": len(incidents)}


def _doses_at_call(rng: random.Random, visit: dict, first_carer: tuple[int, int], meds: list[dict],
                   checked_in: dt.datetime | None) -> list[dict]:
    """Each medicine due at the call, given or prompted by the first carer a few minutes into
    the call (never before their check-in, on a late call too); now and then an "as needed" gel
    for knee pain."""
    carer, planned = first_carer
    rows = []
    for med in meds:
        current = med["starts_on"] <= visit["date"] and (med["stops_on"] is None or med["stops_on"] >= visit["date"])
        if not current:
            continue
        if med["prn"]:
            if visit["call_type"] != "morning" or rng.random() > 0.25:
                continue
            outcome, reason = "prn_given", rng.choice(["Knee pain on standing", "Client asked for it: sore knee"])
        elif visit["call_type"] in med["call_types"]:
            outcome, reason = ("given" if med["support"] == "administer" else "prompted"), ""
        else:
            continue
        at = _moment(visit["date"], planned + rng.randint(8, 20))
        if checked_in is not None:
            at = max(at, checked_in + dt.timedelta(minutes=3))
        rows.append({"client_uuid": _uuid(rng), "medication": med["id"], "visit": visit["id"], "carer": carer,
                     "outcome": outcome, "reason": reason, "device_time": at,
                     "server_time": at + dt.timedelta(seconds=rng.randint(1, 30)), "supersedes": None})
    return rows


def _month_exceptions(rng: random.Random, doses: list[dict]) -> None:
    """The month's medication exceptions: a refused dose and one not given (client asleep)."""
    regular = [d for d in doses if d["outcome"] in ("given", "prompted")]
    if len(regular) < 2:
        return
    refused, asleep = rng.sample(regular, 2)
    refused.update(outcome="refused", reason="Said she had already taken it; would not take another")
    asleep.update(outcome="not_given", reason="asleep")


def _records_at_call(rng: random.Random, visit: dict, carer: int, planned: int, client: dict, *,
                     late: bool, short: bool, left_early: bool, offline: bool, checks_out: bool) -> list[dict]:
    day, duration = visit["date"], visit["duration_minutes"]
    arrive = planned + (rng.randint(18, 45) if late else rng.randint(-6, 9))
    if short:
        stay = duration * rng.uniform(0.3, 0.6)
    elif left_early:
        stay = duration * rng.uniform(0.76, 0.85)
    else:
        stay = duration * rng.uniform(0.9, 1.12)
    check_in = _moment(day, arrive + rng.random())
    check_out = check_in + dt.timedelta(minutes=stay)
    delay = dt.timedelta(minutes=rng.randint(40, 180)) if offline else dt.timedelta(seconds=rng.randint(1, 20))
    shares_location = rng.random() < 0.85
    lat = round(client["lat"] + rng.uniform(-0.0004, 0.0004), 5) if shares_location else None
    lon = round(client["lon"] + rng.uniform(-0.0006, 0.0006), 5) if shares_location else None

    def log(kind: str, at: dt.datetime, **fields) -> dict:
        received = (check_out if offline else at) + delay
        return {"client_uuid": _uuid(rng), "visit": visit["id"], "carer": carer, "kind": kind,
                "device_time": at, "server_time": received, "lat": None, "lon": None, "task": "",
                "done": None, "reason": "", "note": "", "call_length": "",
                "device_time_off": abs(received - at) > dt.timedelta(minutes=15), **fields}

    rows = [log("check_in", check_in, lat=lat, lon=lon)]
    tasks = visit["tasks"] or []
    for k, task in enumerate(tasks):
        at = check_in + dt.timedelta(minutes=stay * (k + 1) / (len(tasks) + 1))
        if rng.random() < 0.05:
            rows.append(log("task", at, task=task, done=False, reason=rng.choice(NOT_DONE)))
        else:
            rows.append(log("task", at, task=task, done=True))
    if rng.random() < 0.3:
        rows.append(log("note", check_out - dt.timedelta(minutes=1), note=rng.choice(NOTES)))
    if checks_out:
        rows.append(log("check_out", check_out, lat=lat, lon=lon,
                        call_length="short" if stay < duration * 0.25 else ""))
    return rows


def _incidents(rng: random.Random, covered: list[dict], carers_for: dict, carer_user: dict) -> list[Incident]:
    """Two incidents of the month: a fall and a safeguarding concern."""
    if len(covered) < 2:
        return []
    fall, concern = covered[len(covered) // 3], covered[(2 * len(covered)) // 3]
    rows = []
    for visit, kind, severity, what, action in (
        (fall, "fall", "medium", "Found the client on the bedroom floor beside the bed; conscious and "
         "talking, said she slipped getting up in the night.", "Did not lift; called 111 and waited "
         "with the client. Paramedics checked her over: no injury. Informed the office and daughter."),
        (concern, "safeguarding", "high", "Client said a caller at the door took money for gardening "
         "that was never done, and seemed frightened to talk about it.", "Reassured the client, "
         "informed the on-call manager straight away."),
    ):
        carer, planned = carers_for[_slot(visit)][0]
        rows.append(Incident(
            client_uuid=_uuid(rng), client=visit["client"], visit=visit["id"], reported_by=carer_user.get(carer),
            type=kind, severity=severity, occurred_at=_moment(visit["date"], planned + 10),
            what_happened=what, action_taken=action, created_at=_moment(visit["date"], planned + 40),
        ))
    return rows


async def _feedback(covered: list[dict], carers_for: dict, today: dt.date) -> None:
    """The month's complaint (acknowledged, response still due) and two compliments."""
    if len(covered) < 3:
        return
    late, kind_words, thanks = covered[len(covered) // 4], covered[len(covered) // 2], covered[-1]
    received = late["date"] + dt.timedelta(days=1)
    await Feedback.insert(
        Feedback(kind="complaint", received_on=received, raised_by="Daughter (by phone)", raised_by_kind="family",
                 client=late["client"], visit=late["id"], summary="The morning carer arrived 40 minutes late and "
                 "Mum waited for her breakfast and tablets.", acknowledge_by=received + dt.timedelta(days=3),
                 respond_by=received + dt.timedelta(days=20), acknowledged_on=received + dt.timedelta(days=1),
                 investigation="Call records checked: the run was delayed by an earlier double-up.", status="open"),
        Feedback(kind="compliment", received_on=kind_words["date"], raised_by="The client", raised_by_kind="client",
                 client=kind_words["client"], carer=carers_for[_slot(kind_words)][0][0],
                 summary="Thank you for the patience and the chats every morning.", status="closed"),
        Feedback(kind="compliment", received_on=thanks["date"], raised_by="District nurse", raised_by_kind="professional",
                 client=thanks["client"], summary="Skin care has been excellent; no pressure damage.", status="closed"),
    )
