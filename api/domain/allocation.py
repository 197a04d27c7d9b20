"""A simple first allocation of a day's calls (used by the demo until the optimiser runs).

Calls in time order each go to the nearest carers who are on shift, have the skills, are not
excluded by the client and can get there in the window; ties go to the carer with fewer calls
so that everyone on shift gets a run.
"""

from __future__ import annotations

import datetime as dt
import math

from api.db import write_transaction
from api.domain.availability import shifts_on, skills_valid_on
from api.domain.tables import Assignment, Carer, Client, ClientCarerPreference, Visit
from api.settings import get_settings


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2
    ) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


async def allocate_day_simply(day: dt.date) -> dict:
    speeds = get_settings().agency.speeds
    visits = await Visit.select().where(
        (Visit.date == day) & (Visit.status == "planned")
    ).output(load_json=True)
    taken = {a["visit"] for a in await Assignment.select(Assignment.visit).where(
        Assignment.visit.is_in([v["id"] for v in visits] or [-1])
    )}
    visits = sorted((v for v in visits if v["id"] not in taken), key=lambda v: v["window_start"])
    shifts = await shifts_on(day)
    skills = await skills_valid_on(day)
    carers = {c["id"]: c for c in await Carer.select().where(Carer.id.is_in(list(shifts) or [-1]))}
    clients = {c["id"]: c for c in await Client.select()}
    excluded = {
        (p["client"], p["carer"])
        for p in await ClientCarerPreference.select().where(ClientCarerPreference.kind == "excluded")
    }
    # Per carer: where they are and when they are free next.
    state = {
        cid: {"pos": (c["home_lat"], c["home_lon"]), "free": None, "calls": 0}
        for cid, c in carers.items()
    }
    new = []
    unallocated = 0
    for v in visits:
        client = clients[v["client"]]
        where = (client["lat"], client["lon"])
        options = []
        for cid, s in state.items():
            if (v["client"], cid) in excluded or not set(v["required_skills"]) <= skills.get(cid, set()):
                continue
            km = _km(s["pos"], where) * speeds.road_factor
            travel = math.ceil(km / speeds.for_mode(carers[cid]["transport_mode"]) * 60)
            for start, end in shifts[cid]:
                ready = max(start, (s["free"] or start) + travel)
                begin = max(ready, v["window_start"])
                if begin <= v["window_end"] and begin + v["duration_minutes"] <= end:
                    options.append((km + 3 * s["calls"], cid, begin, travel, km))
                    break
        options.sort()
        chosen = options[: v["carers_required"]]
        if len(chosen) < v["carers_required"]:
            unallocated += 1
            continue
        begin = max(o[2] for o in chosen)  # a double-up starts together
        for _, cid, _, travel, km in chosen:
            new.append(Assignment(visit=v["id"], carer=cid, planned_start=begin,
                                  travel_minutes=travel, travel_metres=int(km * 1000)))
            state[cid].update(pos=where, free=begin + v["duration_minutes"], calls=state[cid]["calls"] + 1)
    async with write_transaction():
        if new:
            await Assignment.insert(*new)
    return {"assigned": len(new), "unallocated_calls": unallocated}
