"""Demo agency: what the reports need beyond the calls themselves - who funds each client
(most by the local authority, some by the NHS, some paying privately) and the carers' birth
dates (two under 21, so the minimum wage report shows more than one age band); and the past
calls' travel where the history has none. Synthetic."""

from __future__ import annotations

import datetime as dt
import random

from api.domain.shared.choices import Funder
from api.domain.tables import Carer, Client

FUNDER_MIX = ((Funder.LOCAL_AUTHORITY, 6), (Funder.NHS_CHC, 1), (Funder.PRIVATE, 3))


async def add_report_details(seed: int, today: dt.date) -> None:
    await add_history_travel(today)
    rng = random.Random(seed * 7919 + 13)
    funders, weights = zip(*FUNDER_MIX)
    for client in await Client.select(Client.id).order_by(Client.id):
        await Client.update({Client.funder: rng.choices(funders, weights)[0]}).where(Client.id == client["id"])
    for n, carer in enumerate(await Carer.select(Carer.id).order_by(Carer.id)):
        age = 19 if n in (3, 9) else rng.randint(23, 63)
        born = today - dt.timedelta(days=age * 365 + rng.randint(30, 330))
        await Carer.update({Carer.birth_date: born}).where(Carer.id == carer["id"])


async def add_history_travel(today: dt.date) -> None:
    """Past calls' travel from the optimiser's travel model, as a stored plan carries it: each
    carer's calls of a day in order, the first from home. Only assignments with no travel at all
    are filled, so a history that already has it is left alone. One UPDATE per 500 rows."""
    from collections import defaultdict

    from api.domain.rostering.planning import travel_model
    from api.domain.shared.db import engine
    from api.domain.tables import Assignment
    from api.solver.travel import TravelTable

    rows = await Assignment.select(
        Assignment.id, Assignment.carer, Assignment.planned_start, Assignment.visit.date.as_alias("date"),
        Assignment.visit.client.lat.as_alias("lat"), Assignment.visit.client.lon.as_alias("lon"),
        Assignment.carer.home_lat.as_alias("home_lat"), Assignment.carer.home_lon.as_alias("home_lon"),
        Assignment.carer.transport_mode.as_alias("mode"),
    ).where((Assignment.visit.date < today) & (Assignment.travel_minutes == 0) & (Assignment.travel_metres == 0))
    if not rows:
        return
    runs: dict[tuple[int, dt.date], list[dict]] = defaultdict(list)
    for r in rows:
        runs[(r["carer"], r["date"])].append(r)
    places = {(r["lat"], r["lon"]) for r in rows} | {(r["home_lat"], r["home_lon"]) for r in rows}
    table = TravelTable(travel_model(), sorted(places))
    values = []
    for stops in runs.values():
        stops.sort(key=lambda r: r["planned_start"])
        here = (stops[0]["home_lat"], stops[0]["home_lon"])
        for r in stops:
            there = (r["lat"], r["lon"])
            values.append((int(r["id"]), round(table.seconds(r["mode"], here, there) / 60),
                           int(table.metres(r["mode"], here, there))))
            here = there
    for i in range(0, len(values), 500):
        chunk = ", ".join(f"({a}, {m}, {d})" for a, m, d in values[i:i + 500])  # integers only
        await engine().run_ddl(
            f"WITH v(id, m, d) AS (VALUES {chunk}) UPDATE assignment SET "
            "travel_minutes = (SELECT m FROM v WHERE v.id = assignment.id), "
            "travel_metres = (SELECT d FROM v WHERE v.id = assignment.id) "
            "WHERE assignment.id IN (SELECT id FROM v)")
