"""The demo agency's nights (issue 14 point 5): one client has a sleep-in every night and another
a waking night at the weekend (Friday to Sunday), both 22:00 to 07:00, and three night carers
are available 21:00 to 09:00 to cover them (the weekly cap and the rest after a night share the
nights out between them). Their own random stream, so the rest of the demo is the same agency."""

from __future__ import annotations

import datetime as dt
import random

from api.domain.shared.choices import CallType
from api.domain.tables import Availability, Carer, Client, ClientDefault, Qualification, User

NIGHT_START, NIGHT_MINUTES = 22 * 60, 9 * 60
AVAILABLE = (21 * 60, 24 * 60 + 9 * 60)  # 21:00 to 09:00 the next morning
NIGHT_CARERS = (("Nadia Nightingale", "female", "Clevedon", 51.437, -2.853),
                ("Owen Lark", "male", "Portishead", 51.482, -2.768),
                ("Rhiannon Moss", "female", "Nailsea", 51.431, -2.757))
TASKS = {CallType.SLEEP_IN: ["Settle for the night", "On hand if called (note any time woken)"],
         CallType.WAKING_NIGHT: ["Turn every 2 hours", "Continence care", "Night checks"]}


async def add_nights(seed: int, secret: str, today: dt.date, first_number: int) -> list[str]:
    """Night clients and carers, inside the demo's transaction; returns the carers' user names."""
    rng = random.Random(seed * 104729)
    clients = await Client.select(Client.id).order_by(Client.id).limit(2)
    if len(clients) < 2:
        return []
    for client, kind, days in ((clients[0]["id"], CallType.SLEEP_IN, range(7)),
                               (clients[1]["id"], CallType.WAKING_NIGHT, (4, 5, 6))):
        await ClientDefault.insert(*[
            ClientDefault(client=client, weekday=d, start_minute=NIGHT_START, duration_minutes=NIGHT_MINUTES,
                          tasks=list(TASKS[kind]), call_type=kind) for d in days])
    names = []
    for k, (name, gender, town, lat, lon) in enumerate(NIGHT_CARERS):
        username = f"carer{first_number + k:02d}"
        user = await User.insert(User(username=username, password_hash=secret, role="carer",
                                      display_name=name)).returning(User.id)
        row = await Carer.insert(Carer(
            user=user[0]["id"], name=name, gender=gender, phone=f"07700 901{k:03d}", home_lat=lat, home_lon=lon,
            transport_mode="car", contracted_minutes=36 * 60, skills=["medication", "personal_care"],
        )).returning(Carer.id)
        await Qualification.insert(Qualification(
            carer=row[0]["id"], skill="medication", name="Medication training",
            obtained_on=today - dt.timedelta(days=rng.randint(60, 700)),
            expires_on=today + dt.timedelta(days=rng.choice([300, 500]))))
        await Availability.insert(*[Availability(carer=row[0]["id"], weekday=d, start_minute=AVAILABLE[0],
                                                 end_minute=AVAILABLE[1]) for d in range(7)])
        names.append(username)
    return names
