"""Time each report on a year of history at about 2,000 calls a day (PostgreSQL).

    DATABASE_URL=postgresql://user@host:5432/EMPTY_DB python scripts/bench_reports.py [--build]

--build migrates the (empty, throwaway) database and fills it with a synthetic agency of that
size: 900 clients with 2-3 calls a day each (client defaults), 200 carers, and 365 days of
calls, each with its carer, travel, a check-in and a check-out (a few late, short or never
closed), and every carer's end-of-shift mileage - written with set-based SQL in about a minute.
(`carerun demo` builds the demo agency with a month of history through the solver; a year at
this size that way would take hours.) Then each report is timed over the default range (the last
four weeks), a week and a quarter (--year: the whole year too), in process, as the API calls
it; wall time and this process's CPU time (the database's work is in the difference).

--package times "Can we take this package?" instead: a new client in the town of the first
client, a 30-minute call at 14:00 every day, inserted into next week's runs by the optimiser (a
solver call per day, not a scan). Run it on a database with next week's runs, e.g. one built by
`carerun demo` (DATABASE_URL=... carerun demo, then this script with --package).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CLIENTS, CARERS, DAYS = 900, 200, 365

FILL = """
INSERT INTO visit (client, client_default, date, window_start, window_end, duration_minutes, carers_required,
                   required_skills, tasks, call_type, status, changed_by_hand, version)
SELECT cd.client, cd.id, d::date, cd.start_minute - 30, cd.start_minute + 30, cd.duration_minutes, 1,
       '[]', '[]', '', 'done', false, 1
FROM client_default cd CROSS JOIN generate_series(DATE '{start}', DATE '{end}', interval '1 day') d
WHERE cd.weekday = extract(isodow FROM d)::int - 1;

INSERT INTO assignment (visit, carer, planned_start, locked, travel_minutes, travel_metres, version)
SELECT v.id, {first_carer} + (v.client_default * 7 + (v.window_start / 180)) % {carers}, v.window_start + 30,
       false, 5 + v.id % 15, 2000 + (v.id % 15) * 600, 1
FROM visit v;

INSERT INTO visit_log (client_uuid, visit, carer, kind, device_time, server_time, task, reason, note,
                       device_time_off, call_length)
SELECT md5('in' || a.id), a.visit, a.carer, 'check_in', t, t, '', '', '', false, ''
FROM (SELECT a.*, ((v.date + make_interval(mins => a.planned_start + (a.id % 23) - 3))::timestamp
                   AT TIME ZONE 'Europe/London') AS t
      FROM assignment a JOIN visit v ON v.id = a.visit WHERE a.id % 997 <> 0) a;

INSERT INTO visit_log (client_uuid, visit, carer, kind, device_time, server_time, task, reason, note,
                       device_time_off, call_length)
SELECT md5('out' || a.id), a.visit, a.carer, 'check_out', t, t, '', '', '', false, ''
FROM (SELECT a.*, ((v.date + make_interval(mins => a.planned_start + (a.id % 23) - 3
                   + (v.duration_minutes * (CASE WHEN a.id % 61 = 0 THEN 0.5 ELSE 1 END))::int))::timestamp
                   AT TIME ZONE 'Europe/London') AS t
      FROM assignment a JOIN visit v ON v.id = a.visit WHERE a.id % 997 <> 0 AND a.id % 499 <> 0) a;

INSERT INTO shift_report (client_uuid, carer, date, mileage, notes, server_time)
SELECT md5('shift' || c.id || d::text), c.id, d::date, 20 + c.id % 15, '', now()
FROM carer c CROSS JOIN generate_series(DATE '{start}', DATE '{end}', interval '1 day') d;

ANALYZE;
"""


async def build(today: dt.date) -> None:
    import random

    from api.domain.shared.db import engine, migrate_forwards
    from api.domain.tables import Availability, Carer, Client, ClientDefault

    await migrate_forwards()
    rng = random.Random(1)
    carers = await Carer.insert(*[Carer(name=f"Bench Carer {i:03d}", home_lat=51.43 + rng.random() / 10,
                                        home_lon=-2.85 + rng.random() / 10, contracted_minutes=30 * 60)
                                  for i in range(CARERS)]).returning(Carer.id)
    await Availability.insert(*[Availability(carer=c["id"], weekday=d, start_minute=7 * 60, end_minute=22 * 60)
                                for c in carers for d in range(7)])
    towns = ["Clevedon", "Portishead", "Nailsea", "Yatton", "Backwell"]
    funders = ["local_authority"] * 6 + ["nhs_chc", "private", "private", "private"]
    clients = await Client.insert(*[Client(name=f"Bench Client {i:03d}", address=f"{i} Bench Road", town=towns[i % 5],
                                           lat=51.43 + rng.random() / 10, lon=-2.85 + rng.random() / 10,
                                           funder=funders[i % 10]) for i in range(CLIENTS)]).returning(Client.id)
    defaults = []
    for n, c in enumerate(clients):
        slots = [(8 * 60, 45), (17 * 60 + 30, 30)] + ([(12 * 60 + 30, 30)] if n % 9 < 2 else [])
        defaults += [ClientDefault(client=c["id"], weekday=d, start_minute=s, duration_minutes=m)
                     for d in range(7) for s, m in slots]
    for i in range(0, len(defaults), 2000):
        await ClientDefault.insert(*defaults[i:i + 2000])
    start = today - dt.timedelta(days=DAYS)
    sql = FILL.format(start=start, end=today - dt.timedelta(days=1), first_carer=carers[0]["id"], carers=CARERS)
    for statement in filter(str.strip, sql.split(";")):
        t = time.perf_counter()
        await engine().run_ddl(statement)
        words = statement.split()
        print(f"  {words[2] if len(words) > 2 else words[0]:<14} {time.perf_counter() - t:6.1f} s", flush=True)


async def measure(today: dt.date) -> None:
    from api.domain.reports.catalogue import REPORTS
    from api.domain.reports.dashboard import dashboard
    from api.domain.reports.filters import ReportFilters
    from api.domain.tables import Visit

    calls = await Visit.count()
    print(f"{calls} calls in the database ({calls / DAYS:.0f} a day over {DAYS} days)")
    end = today - dt.timedelta(days=1)
    ranges = {"week": 6, "4 weeks": 27, "quarter": 90}
    if "--year" in sys.argv:
        ranges["year"] = DAYS - 1
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({dt.datetime.now(dt.timezone.utc):%H:%M} UTC)")
    print(f"| report | {' | '.join(ranges)} |\n| --- |{' --- |' * len(ranges)}")
    for name, (fn, _) in REPORTS.items():
        cells = []
        for days in ranges.values():
            t, cpu = time.perf_counter(), time.process_time()
            await fn(ReportFilters(end - dt.timedelta(days=days), end))
            cells.append(f"{time.perf_counter() - t:.2f} s ({time.process_time() - cpu:.2f} s CPU)")
        print(f"| {name} | {' | '.join(cells)} |", flush=True)
    t = time.perf_counter()
    await dashboard(today)
    print(f"| dashboard (this week + 4 weeks' continuity) | {time.perf_counter() - t:.2f} s | | |")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({dt.datetime.now(dt.timezone.utc):%H:%M} UTC)")


async def measure_package(today: dt.date) -> None:
    from api.domain.reports.package_check import PackageCall, PackageIn, check_package
    from api.domain.tables import Client

    town = (await Client.select(Client.town).order_by(Client.id).first())["town"]
    package = PackageIn(calls=[PackageCall(weekday=d, start="14:00", duration_minutes=30) for d in range(7)], town=town)
    for attempt in (1, 2):
        t, cpu = time.perf_counter(), time.process_time()
        answer = await check_package(package, today)
        print(f"package check {attempt}: {time.perf_counter() - t:.2f} s ({time.process_time() - cpu:.2f} s CPU),"
              f" {answer.placed} of 7 calls placed, {answer.added_travel_minutes} min travel added", flush=True)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="store_true", help="fill the (empty) database first")
    parser.add_argument("--year", action="store_true", help="time a whole year's range too")
    parser.add_argument("--package", action="store_true", help="time 'Can we take this package?' only")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to an empty PostgreSQL database")
    from api.domain.shared.db import close_pool, open_pool

    today = dt.date.today()
    await open_pool()
    try:
        if args.build:
            await build(today)
        await (measure_package(today) if args.package else measure(today))
    finally:
        await close_pool()


if __name__ == "__main__":
    asyncio.run(main())
