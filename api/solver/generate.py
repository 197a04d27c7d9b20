"""Seeded synthetic agency days and weeks in North Somerset, for the benchmark and tests.

Feasible by construction: calls are generated first, then carers are hired one by one while a
witness plan (calls in time order, each to the nearest carer who can take it, a new carer near
the call when nobody can) is built; every day therefore has a plan covering 100% of its calls,
and the witness is returned so tests can check it. Spare carers are added on top. Synthetic
data only: ids like ``cl0042`` and ``k017``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from .model import HOUR, MINUTE, Call, Carer, Plan, Problem, Rules, Shift
from .routes import Routes
from .travel import DEFAULT_SPEEDS_KMH, Haversine, TravelTable

TOWNS = [  # (name, lat, lon, weight)
    ("Weston-super-Mare", 51.346, -2.977, 5),
    ("Worle", 51.357, -2.928, 2),
    ("Clevedon", 51.438, -2.854, 3),
    ("Portishead", 51.484, -2.767, 3),
    ("Nailsea", 51.431, -2.758, 2),
    ("Yatton", 51.390, -2.821, 1),
    ("Congresbury", 51.369, -2.810, 1),
    ("Backwell", 51.411, -2.737, 1),
    ("Winscombe", 51.317, -2.833, 1),
    ("Long Ashton", 51.431, -2.656, 1),
]

BANDS = {  # band: (first preferred start, last preferred start, probability, durations)
    "morning": (7 * HOUR, 10 * HOUR + 30 * MINUTE, 0.95, (30, 30, 45, 60)),
    "lunch": (11 * HOUR + 30 * MINUTE, 14 * HOUR, 0.65, (15, 30, 30)),
    "tea": (16 * HOUR, 18 * HOUR, 0.55, (15, 30, 30)),
    "bed": (19 * HOUR, 21 * HOUR + 30 * MINUTE, 0.75, (15, 30, 30)),
}

SHIFTS = {
    "early": (Shift(7 * HOUR, 13 * HOUR + 30 * MINUTE),),
    "long": (Shift(7 * HOUR, 15 * HOUR),),
    "day": (Shift(9 * HOUR + 30 * MINUTE, 15 * HOUR + 30 * MINUTE),),
    "late": (Shift(16 * HOUR, 22 * HOUR + 30 * MINUTE),),
    "split": (Shift(7 * HOUR, 10 * HOUR + 30 * MINUTE), Shift(16 * HOUR + 30 * MINUTE, 22 * HOUR)),
}

SIZES = {"small": (150, 15), "medium": (600, 60), "large": (2000, 180)}

TOLERANCE = 30 * MINUTE
SKILL_RATES = {"medication": 0.6, "dementia": 0.4, "catheter": 0.25, "hoist": 0.45}


@dataclass
class _Client:
    id: str
    loc: tuple[float, float]
    bands: dict[str, tuple[int, int]]  # band -> (preferred start, duration)
    skills: tuple[str, ...]
    double: bool
    gender: str | None


@dataclass
class _Worker:
    id: str
    home: tuple[float, float]
    skills: tuple[str, ...]
    gender: str
    days: int = 0
    template: str = "early"
    custom: tuple[Shift, ...] = ()
    regular: tuple[str, ...] = ()
    shifts: tuple[Shift, ...] = ()


@dataclass
class Agency:
    """Generated days with their witness plans (each covers every call)."""

    days: list[Problem]
    witnesses: list[Plan]


def generate(calls: int = 150, seed: int = 0, days: int = 1, spare: float = 0.1) -> Agency:
    """An agency of about ``calls`` calls a day, for ``days`` days (same clients and carers)."""
    rng = random.Random(seed)
    per_client = sum(p for _, _, p, _ in BANDS.values())
    clients = [_client(rng, i) for i in range(max(1, round(calls / per_client)))]
    per_day = max(2, round(calls / 10))
    workers: list[_Worker] = []
    for _ in range(round(per_day * (7 / 5 if days > 1 else 1))):
        _new_worker(rng, workers, rng.choices(TOWNS, weights=[t[3] for t in TOWNS])[0][1:3])
    out_days, witnesses = [], []
    worked_week: dict[str, int] = {}
    exclusions: dict[str, set[str]] = {}
    for day in range(days):
        day_calls = _calls(rng, clients, day)
        for wk in workers:
            wk.shifts = ()
        for wk in sorted(workers, key=lambda wk: (wk.days, wk.id))[:per_day]:
            wk.shifts = _pattern(wk)
            wk.days += 1
        witness, problem = _witness(rng, day_calls, workers, worked_week, exclusions)
        # spare capacity: some idle carers come in anyway
        idle = [wk for wk in workers if not wk.shifts and wk.days < 5]
        rng.shuffle(idle)
        for wk in idle[: round(len(workers) * spare)]:
            wk.shifts = _pattern(wk)
            wk.days += 1
        served: dict[str, set[str]] = {}
        for r in witness.runs:
            for st in r.stops:
                served.setdefault(st.client_id, set()).add(r.carer_id)
        if day == 0:
            # the agency's history: a client's regular carers are those who visit them today
            for wk in workers:
                wk.regular = tuple(sorted(cl for cl, ks in served.items() if wk.id in ks))
            # about 5% of clients exclude one carer who does not visit them
            for cl in clients:
                if rng.random() < 0.05:
                    wk = rng.choice(workers)
                    if wk.id not in served.get(cl.id, set()):
                        exclusions.setdefault(wk.id, set()).add(cl.id)
        problem = problem.replace(carers=_carers(workers, worked_week, exclusions))
        for r in witness.runs:
            worked_week[r.carer_id] = worked_week.get(r.carer_id, 0) + r.work_seconds
        out_days.append(problem)
        witnesses.append(witness)
    return Agency(out_days, witnesses)


def _carers(workers, worked_week, exclusions) -> list[Carer]:
    return [
        Carer(
            id=wk.id,
            shifts=wk.shifts,
            start_location=wk.home,
            skills=wk.skills,
            transport="car",
            gender=wk.gender,
            worked_week=0,
            weekly_cap=48 * HOUR,
            daily_cap=10 * HOUR,
            target=5 * HOUR if wk.shifts else None,
            excluded_clients=tuple(sorted(exclusions.get(wk.id, ()))),
            preferred_clients=wk.regular,
        )
        for wk in workers
    ]


def _witness(rng, calls, workers, worked_week, exclusions) -> tuple[Plan, Problem]:
    """A plan covering every call: insert in time order, hiring a carer nearby when stuck."""
    problem = Problem(calls=calls, carers=_carers(workers, worked_week, exclusions), travel=Haversine(), rules=Rules())
    table = TravelTable(problem.travel, [c.location for c in calls] + [wk.home for wk in workers])
    routes = Routes(problem, table)
    for call in sorted(calls, key=lambda c: (c.earliest, -c.carers_required, c.id)):
        for _ in range(call.carers_required + 1):
            if routes.insert(call, push=True):
                break
            wk = _new_worker(rng, workers, call.location, call.skills, call.gender_preference)
            wk.template = _template_for(rng, call.earliest)
            if not _fits_template(wk, call):
                wk.template = next((n for n in SHIFTS if _fits_template(wk, call)), "custom")
            if wk.template == "custom":
                wk.custom = (Shift(max(0, call.earliest - HOUR), call.latest + call.duration + 2 * HOUR),)
            wk.shifts = _pattern(wk)
            wk.days += 1
            carer = _carers([wk], worked_week, exclusions)[0]
            problem.carers.append(carer)
            table.add(wk.home)
            routes.carers[carer.id] = carer
            for i in range(len(carer.shifts)):
                routes.runs[(carer.id, i)] = []
            routes.worked[carer.id] = 0
            routes._eligible.clear()
        else:
            raise AssertionError(f"generator could not place {call.id}")
    return routes.to_plan(), problem


def _pattern(wk: _Worker) -> tuple[Shift, ...]:
    return wk.custom if wk.template == "custom" else SHIFTS[wk.template]


def _fits_template(wk: _Worker, call: Call) -> bool:
    go = _secs(wk.home, call.location)
    return any(
        max(call.earliest, sh.start + go) <= call.latest and max(call.earliest, sh.start + go) + call.duration + go <= sh.end
        for sh in SHIFTS[wk.template]
    )


def generate_size(size: str, seed: int = 0) -> Agency:
    """One day of the benchmark's ``small``, ``medium`` or ``large`` agency."""
    return generate(SIZES[size][0], seed=seed)


def _client(rng: random.Random, i: int) -> _Client:
    town = rng.choices(TOWNS, weights=[t[3] for t in TOWNS])[0]
    spread = 0.012 * (1.6 if town[3] >= 3 else 1.0)
    loc = (round(town[1] + rng.gauss(0, spread), 6), round(town[2] + rng.gauss(0, spread * 1.6), 6))
    bands = {}
    for band, (a, b, p, durs) in BANDS.items():
        if rng.random() < p or (band == "morning" and not bands):
            start = a + rng.randrange(0, (b - a) // (15 * MINUTE) + 1) * 15 * MINUTE
            bands[band] = (start, rng.choice(durs) * MINUTE)
    double = rng.random() < 0.08
    skills = set()
    if double:
        skills.add("hoist")
    for sk, p in (("medication", 0.3), ("dementia", 0.12), ("catheter", 0.05)):
        if rng.random() < p:
            skills.add(sk)
    gender = "F" if rng.random() < 0.1 else None
    return _Client(f"cl{i:04d}", loc, bands, tuple(sorted(skills)), double, gender)


def _calls(rng: random.Random, clients: list[_Client], day: int) -> list[Call]:
    out = []
    for cl in clients:
        for band, (start, dur) in cl.bands.items():
            if day > 0 and rng.random() < 0.04:
                continue  # day centre, family visit: no call today
            out.append(
                Call(
                    id=f"d{day}-{cl.id}-{band}",
                    client_id=cl.id,
                    location=cl.loc,
                    earliest=start - TOLERANCE,
                    latest=start + TOLERANCE,
                    duration=dur,
                    carers_required=2 if cl.double else 1,
                    skills=cl.skills,
                    gender_preference=cl.gender,
                )
            )
    return out


_HAV = Haversine()


def _secs(a, b) -> int:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    m = 2 * 6_371_000.0 * math.asin(math.sqrt(min(1.0, h))) * _HAV.road_factor
    return int(math.ceil(m / (DEFAULT_SPEEDS_KMH["car"] / 3.6))) + 2  # +2 s: rounding safety


def _template_for(rng: random.Random, t: int) -> str:
    if t < 11 * HOUR:
        return rng.choices(["early", "split", "long"], weights=[5, 3, 2])[0]
    if t < 15 * HOUR:
        return "day"
    return rng.choices(["late", "split"], weights=[6, 4])[0]


def _new_worker(rng, workers, near, need=(), gender_pref=None) -> _Worker:
    skills = set(need)
    for sk, p in SKILL_RATES.items():
        if rng.random() < p:
            skills.add(sk)
    gender = "F" if (gender_pref == "F" or rng.random() < 0.85) else "M"
    home = (round(near[0] + rng.gauss(0, 0.01), 6), round(near[1] + rng.gauss(0, 0.015), 6))
    template = rng.choices(["early", "long", "split", "late", "day"], weights=[30, 15, 30, 20, 5])[0]
    wk = _Worker(f"k{len(workers):03d}", home, tuple(sorted(skills)), gender, template=template)
    workers.append(wk)
    return wk
