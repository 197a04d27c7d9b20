"""A small hand-worked set of calls on Monday 2 November 2026 (all in the past), with the edge
cases the reports must get right. Rows are inserted as the carer app and the planner leave them;
the reports are read through the HTTP API. Times are the agency's (Europe/London, GMT in November).

 #  client  planned  length  carers       recorded
 1  Olive   08:00    60      Ann          in 08:05, out 09:05                 on time
 2  Olive   12:00    30      Ann          in 12:20, out 12:50                 late (20 min)
 3  Percy   09:30    45      Ann + Bea    Ann 09:28-10:15, Bea 09:40-10:10    double-up, starts 09:40:
                                                                             on time; Bea short (30 < 75% of 45)
 4  Percy   17:00    30      Bea          (cancelled)                         not counted
 5  Percy   23:30    60      Bea          in 23:35, out 00:40 the next day    across midnight, 65 min
 6  Olive   18:00    30      Bea          in 18:00, never checked out         no check-out
 7  Olive   20:00    30      Ann          nothing                             missed
 8  Percy   14:00    30      nobody       nothing                             unallocated, missed

Client defaults (Mondays): Olive 08:00 60, 12:00 30, 18:00 30, 20:00 30; Percy 09:30 45 x2,
17:00 30, 23:30 60. Ann's assignments plan 10 min / 5 km of travel each, Bea's 15 min / 8 km.
End of shift: Ann 14 miles, Bea 20 miles.
"""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from api.domain.tables import (
    Assignment, Carer, Client, ClientDefault, ShiftReport, Visit, VisitLog,
)

DAY = dt.date(2026, 11, 2)
LONDON = ZoneInfo("Europe/London")


def at(day: dt.date, hhmm: str) -> dt.datetime:
    h, m = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(h, m), LONDON)


async def build() -> dict:
    ann = (await Carer.insert(Carer(name="Ann Example", home_lat=51.43, home_lon=-2.85,
                                    contracted_minutes=20 * 60)).returning(Carer.id))[0]["id"]
    bea = (await Carer.insert(Carer(name="Bea Example", home_lat=51.48, home_lon=-2.76,
                                    contracted_minutes=10 * 60,
                                    birth_date=dt.date(2007, 6, 1))).returning(Carer.id))[0]["id"]
    olive = (await Client.insert(Client(name="Olive Example", address="1 Test Street", town="Clevedon",
                                        lat=51.44, lon=-2.85, funder="local_authority")).returning(Client.id))[0]["id"]
    percy = (await Client.insert(Client(name="Percy Example", address="2 Test Road", town="Portishead",
                                        lat=51.48, lon=-2.77, funder="private")).returning(Client.id))[0]["id"]
    for client, start, length, required in ((olive, "08:00", 60, 1), (olive, "12:00", 30, 1),
                                            (olive, "18:00", 30, 1), (olive, "20:00", 30, 1),
                                            (percy, "09:30", 45, 2), (percy, "17:00", 30, 1),
                                            (percy, "23:30", 60, 1)):
        h, m = map(int, start.split(":"))
        await ClientDefault.insert(ClientDefault(client=client, weekday=0, start_minute=h * 60 + m,
                                                 duration_minutes=length, carers_required=required))
    travel = {ann: (10, 5000), bea: (15, 8000)}
    calls = {}
    plan = (
        # (number, client, start, length, carers, status, {carer: (in, out)})
        (1, olive, "08:00", 60, [ann], "done", {ann: ("08:05", "09:05")}),
        (2, olive, "12:00", 30, [ann], "done", {ann: ("12:20", "12:50")}),
        (3, percy, "09:30", 45, [ann, bea], "done", {ann: ("09:28", "10:15"), bea: ("09:40", "10:10")}),
        (4, percy, "17:00", 30, [bea], "cancelled", {}),
        (5, percy, "23:30", 60, [bea], "done", {bea: ("23:35", "+00:40")}),
        (6, olive, "18:00", 30, [bea], "in_progress", {bea: ("18:00", None)}),
        (7, olive, "20:00", 30, [ann], "planned", {}),
        (8, percy, "14:00", 30, [], "planned", {}),
    )
    for number, client, start, length, carers, status, logs in plan:
        h, m = map(int, start.split(":"))
        minute = h * 60 + m
        visit = (await Visit.insert(Visit(
            client=client, date=DAY, window_start=minute - 30, window_end=minute + 30,
            duration_minutes=length, carers_required=2 if len(carers) == 2 else 1, status=status,
        )).returning(Visit.id))[0]["id"]
        calls[number] = visit
        for carer in carers:
            await Assignment.insert(Assignment(visit=visit, carer=carer, planned_start=minute,
                                               travel_minutes=travel[carer][0], travel_metres=travel[carer][1]))
        for carer, (check_in, check_out) in logs.items():
            await _log(visit, carer, "check_in", at(DAY, check_in))
            if check_out:
                day = DAY + dt.timedelta(days=1) if check_out.startswith("+") else DAY
                await _log(visit, carer, "check_out", at(day, check_out.lstrip("+")))
    for carer, miles in ((ann, 14.0), (bea, 20.0)):
        await ShiftReport.insert(ShiftReport(client_uuid=str(uuid.uuid4()), carer=carer, date=DAY, mileage=miles))
    return {"ann": ann, "bea": bea, "olive": olive, "percy": percy, "calls": calls}


async def _log(visit: int, carer: int, kind: str, when: dt.datetime) -> None:
    await VisitLog.insert(VisitLog(client_uuid=str(uuid.uuid4()), visit=visit, carer=carer, kind=kind,
                                   device_time=when, server_time=when))
