"""Urgent response in the demo agency: an out-of-hours team for every night of the coming four
weeks (the planner on the phone and two carers in turn), and a month of answered urgent
requests (falls, alarms, a welfare check), each with its call, the carer's check-in and
check-out, so the response-time report has something true to show. Synthetic throughout."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from api.domain.shared.common import agency_zone
from api.domain.tables import (
    Assignment, Carer, Client, OutOfHoursShift, UrgentOffer, UrgentRequest, User, Visit, VisitLog)

NEEDS = ["fall_no_injury", "pendant_alarm", "fall_no_injury", "welfare_check", "personal_care"]
WHAT = {
    "fall_no_injury": "Found sitting on the hall floor after a slip; no injury seen, helped up.",
    "pendant_alarm": "Pendant pressed; daughter away and could not attend.",
    "welfare_check": "Neighbour worried: curtains still closed at midday.",
    "personal_care": "Continence accident overnight; needed a wash and fresh bedding.",
}


async def add_urgent(seed: int, today: dt.date, nights: int = 28, history_days: int = 30) -> dict:
    rng = random.Random(seed * 7919 + 14)
    carers = [r["id"] for r in await Carer.select(Carer.id).where(Carer.active == True).order_by(Carer.id)]  # noqa: E712
    planners = [r["id"] for r in await User.select(User.id).where(User.role == "planner").order_by(User.id)]
    clients = await Client.select(Client.id, Client.name, Client.address, Client.town, Client.lat, Client.lon).where(
        Client.status == "active").order_by(Client.id)
    if not carers or not clients:
        return {"out_of_hours_nights": 0, "urgent_requests": 0}
    team = []
    for n in range(-1, nights):
        day = today + dt.timedelta(days=n)
        if planners:
            team.append(OutOfHoursShift(date=day, role="planner", user=planners[n % len(planners)]))
        for k in range(2):
            team.append(OutOfHoursShift(date=day, role="carer", carer=carers[(2 * n + k) % len(carers)]))
    await OutOfHoursShift.insert(*team)

    zone = agency_zone()
    made = 0
    for back in range(history_days, 0, -3):
        day = today - dt.timedelta(days=back)
        client = rng.choice(clients)
        carer = rng.choice(carers)
        need = NEEDS[made % len(NEEDS)]
        hour = rng.choice([7, 10, 13, 16, 19, 21, 23])
        received = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), zone)
        asked = received + dt.timedelta(minutes=rng.randint(2, 6))
        accepted = asked + dt.timedelta(minutes=rng.randint(1, 4))
        # mostly within the hour; now and then a long wait (the report's 90th percentile)
        arrived = accepted + dt.timedelta(minutes=rng.choice([14, 18, 22, 25, 31, 38, 47, 75]))
        done = arrived + dt.timedelta(minutes=rng.randint(25, 55))
        start_minute = min(arrived.hour * 60 + arrived.minute, 24 * 60 - 1)
        window = min(received.hour * 60 + received.minute, 24 * 60 - 1)
        visit = await Visit.insert(Visit(
            client=client["id"], date=arrived.date(), window_start=window, window_end=min(window + 60, 24 * 60 - 1),
            duration_minutes=45, carers_required=1, required_skills=[], tasks=[], call_type="urgent",
            status="done", changed_by_hand=True)).returning(Visit.id)
        visit_id = visit[0]["id"]
        await Assignment.insert(Assignment(visit=visit_id, carer=carer, planned_start=start_minute, locked=True))
        await VisitLog.insert(
            VisitLog(client_uuid=str(uuid.UUID(int=rng.getrandbits(128))), visit=visit_id, carer=carer,
                     kind="check_in", device_time=arrived, server_time=arrived, lat=client["lat"], lon=client["lon"]),
            VisitLog(client_uuid=str(uuid.UUID(int=rng.getrandbits(128))), visit=visit_id, carer=carer,
                     kind="check_out", device_time=done, server_time=done, lat=client["lat"], lon=client["lon"]))
        late_calls = rng.choice([0, 0, 0, 1, 2])
        row = await UrgentRequest.insert(UrgentRequest(
            client=client["id"], person_name=client["name"], address=client["address"], town=client["town"],
            lat=client["lat"], lon=client["lon"], what_happened=WHAT[need], need=need, status="accepted",
            received_at=received, dispatched_at=asked, accepted_at=accepted, visit=visit_id,
            calls_made_late=late_calls, minutes_made_late=late_calls * rng.randint(8, 25),
            created_by=planners[0] if planners else None)).returning(UrgentRequest.id)
        await UrgentOffer.insert(UrgentOffer(
            request=row[0]["id"], carer=carer, status="accepted", offered_at=asked,
            expires_at=asked + dt.timedelta(minutes=5), answered_at=accepted,
            answer_uuid=str(uuid.UUID(int=rng.getrandbits(128))), eta_minutes=rng.randint(10, 30),
            offered_by=planners[0] if planners else None))
        made += 1
    return {"out_of_hours_nights": nights, "urgent_requests": made}
