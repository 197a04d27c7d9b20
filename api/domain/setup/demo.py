"""A deterministic synthetic demo agency in North Somerset.

Every name, street and key safe code is made up; coordinates are scattered around the real
towns so that travel times look like the area's. The same seed always builds the same agency.
"""

from __future__ import annotations

import datetime as dt
import random

from api.solver import Options, Plan, solve
from api.solver.cover import replan

DEMO_SEARCH = Options(time_limit=None, solution_limit=150)

from api.auth import hash_password
from api.domain.shared.db import write_transaction
from api.domain.rostering.calls import generate_calls
from api.domain.setup import demo_career, demo_history, demo_published, demo_records, demo_reviews, demo_staff_defaults
from api.domain.setup import demo_supervision
from api.domain.setup import demo_nights
from api.domain.setup.demo_urgent import add_urgent
from api.domain.shared.common import server_today, week_start
from api.domain.rostering.planning import build_problem, store_plan
from api.domain.setup.demo_reports import add_report_details
from api.domain.setup.demo_rolling import roll_demo_rota
from api.domain.tables import (
    Availability,
    Carer,
    CarePlan,
    CarePlanTask,
    Client,
    ClientCarerPreference,
    ClientDefault,
    ClientSensitive,
    Leave,
    OnCall,
    Qualification,
    User,
)

# Town centres (approximate) and their postcode districts.
TOWNS = {
    "Clevedon": (51.4393, -2.8543, "BS21"),
    "Portishead": (51.4840, -2.7626, "BS20"),
    "Nailsea": (51.4300, -2.7580, "BS48"),
    "Weston-super-Mare": (51.3460, -2.9770, "BS23"),
    "Yatton": (51.3880, -2.8230, "BS49"),
    "Congresbury": (51.3700, -2.8100, "BS49"),
    "Backwell": (51.4110, -2.7330, "BS48"),
}
# Weston is the largest town, so it gets more clients.
TOWN_WEIGHTS = [14, 10, 10, 22, 8, 6, 6]

FIRST_F = ["Ada", "Bea", "Cora", "Dot", "Edie", "Faye", "Gwen", "Hattie", "Ivy", "June",
           "Kit", "Lottie", "Mabel", "Nell", "Olive", "Pearl", "Queenie", "Rosa", "Sybil",
           "Tilly", "Una", "Vera", "Winnie", "Zelda"]
FIRST_M = ["Albie", "Bert", "Cyril", "Des", "Ernie", "Fred", "Gus", "Harold", "Ike", "Jem",
           "Len", "Monty", "Ned", "Ozzy", "Percy", "Reg", "Stan", "Ted", "Vic", "Walt"]
SURNAMES = ["Applewood", "Birchley", "Cobbold", "Dunmere", "Elmsworth", "Fernhill",
            "Gorsebrook", "Hollowell", "Ivybridge", "Juniper", "Kestleton", "Larkspur",
            "Millbrook", "Nettlefield", "Oakhurst", "Pebblestone", "Quarrington", "Rushmere",
            "Sedgewick", "Thistlewood", "Underhay", "Valemont", "Willowby", "Yarrowfield"]
STREETS = ["Harbour Rise", "Orchard Lane", "Kestrel Close", "Moorland Way", "Channel View",
           "Pier Walk", "Mill Leat", "Lime Kiln Road", "Heron Gardens", "Saltmarsh Drive",
           "Beacon Row", "Quarry Steps", "Withy Bed Lane", "Tidewater Court", "Cider Press Way"]
ALERTS = ["Allergic to penicillin", "Risk of falls: walking frame at all times",
          "Lives with a friendly dog; keep the kitchen door shut", "Diabetic: check blood sugar log",
          "Hard of hearing: knock loudly and wait", "Thickened fluids (level 2)",
          "Pressure area care: check heels", "DNACPR in place (folder in the hall)"]
ACCESS = ["Key safe by the back door", "Ring the bell twice, daughter lets you in",
          "Side gate, key safe under the porch light", "Front door on the latch in the mornings"]

CALLS = {  # call type: (earliest default start, latest, durations to pick from)
    "morning": (7 * 60 + 30, 10 * 60 + 30, [30, 30, 30, 45]),
    "lunch": (12 * 60, 13 * 60 + 30, [30]),
    "tea": (16 * 60 + 30, 18 * 60, [30]),
    "bed": (19 * 60 + 30, 21 * 60, [30]),
}
PATTERNS = [  # which calls a client gets each day, with how often that pattern occurs
    (("morning", "lunch", "tea", "bed"), 2),
    (("morning", "tea", "bed"), 2),
    (("morning", "bed"), 3),
    (("morning",), 3),
    (("lunch", "tea"), 1),
    (("tea", "bed"), 1),
    (("lunch",), 1),
    (("bed",), 1),
]
TASKS = {
    "morning": ["Assist with washing and dressing", "Prepare breakfast", "Empty commode"],
    "lunch": ["Prepare lunch", "Encourage fluids"],
    "tea": ["Prepare tea", "Encourage fluids"],
    "bed": ["Assist to bed", "Night-time personal care", "Secure property"],
}
SHIFTS = {  # a carer's daily pattern: their working windows
    "early": [(7 * 60, 14 * 60 + 30)],
    "late": [(14 * 60, 22 * 60)],
    "split": [(7 * 60, 13 * 60), (16 * 60, 22 * 60)],
    "long": [(7 * 60, 22 * 60)],
}
SHIFT_MIX = ["early", "split", "late", "early", "long", "late", "split", "early", "late",
             "split", "early", "long", "late", "split", "early", "late"]


def _scatter(rng: random.Random, town: str) -> tuple[float, float]:
    lat, lon, _ = TOWNS[town]
    return round(lat + rng.uniform(-0.012, 0.012), 5), round(lon + rng.uniform(-0.018, 0.018), 5)


def _postcode(rng: random.Random, town: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{TOWNS[town][2]} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _name(rng: random.Random, gender: str) -> str:
    first = rng.choice(FIRST_F if gender == "female" else FIRST_M)
    return f"{first} {rng.choice(SURNAMES)}"


# A well-run agency trains every carer in medication, moving and handling (hoist) and
# dementia care, and two in three in catheter care: every call then has carers who can take it.
WELL_RUN_SKILLS = ("medication", "hoist", "dementia")


async def _train_well(carer_id: int, i: int, skills: set[str], seed: int, today: dt.date) -> None:
    """The training a well-run agency gives beyond the short-staffed mix (its own random
    stream, so the rest of the demo is the same agency either way)."""
    extra = set(WELL_RUN_SKILLS) | ({"catheter"} if i % 3 != 2 else set())
    extra -= skills
    if not extra:
        return
    rng = random.Random(seed * 1000 + i)
    skills |= extra
    await Carer.update({Carer.skills: sorted(skills)}).where(Carer.id == carer_id)
    await Qualification.insert(*[Qualification(
        carer=carer_id, skill=skill, name=f"{skill.replace('_', ' ').title()} training",
        obtained_on=today - dt.timedelta(days=rng.randint(60, 700)),
        expires_on=today + dt.timedelta(days=rng.choice([200, 400, 700])),
    ) for skill in sorted(extra)])


async def _relief_carers(seed: int, carers: int, secret: str, today: dt.date) -> list[str]:
    """A well-run agency also employs enough carers for its busiest hours (the bed calls of
    the evening): one more trained carer for every two, on split and late shifts. Their own
    random stream, so the rest of the demo is the same agency either way. Returns their user
    names."""
    rng = random.Random(seed * 7919)
    names = []
    for k in range(max(1, carers // 2)):
        i = carers + k
        gender = "male" if k % 3 == 2 else "female"
        name = _name(rng, gender)
        town = ["Weston-super-Mare", "Clevedon", "Portishead", "Nailsea"][k % 4]
        lat, lon = _scatter(rng, town)
        username = f"carer{i + 1:02d}"
        user = await User.insert(User(username=username, password_hash=secret, role="carer",
                                      display_name=name)).returning(User.id)
        skills = ["catheter", "dementia", "hoist", "medication", "personal_care"]
        row = await Carer.insert(Carer(
            user=user[0]["id"], name=name, gender=gender, phone=f"07700 900{i:03d}",
            home_postcode=_postcode(rng, town), home_lat=lat, home_lon=lon, transport_mode="car",
            contracted_minutes=rng.choice([24, 30, 37]) * 60, skills=skills,
        )).returning(Carer.id)
        await Qualification.insert(*[Qualification(
            carer=row[0]["id"], skill=skill, name=f"{skill.replace('_', ' ').title()} training",
            obtained_on=today - dt.timedelta(days=rng.randint(60, 700)),
            expires_on=today + dt.timedelta(days=rng.choice([200, 400, 700])),
        ) for skill in skills if skill != "personal_care"])
        pattern = SHIFTS["split" if k % 2 == 0 else "late"]
        await Availability.insert(*[
            Availability(carer=row[0]["id"], weekday=d, start_minute=a, end_minute=b)
            for d in range(7) for a, b in pattern
        ])
        names.append(username)
    return names


async def is_empty() -> bool:
    return not await User.exists() and not await Client.exists()


async def build_demo(
    seed: int = 1, clients: int = 60, carers: int = 16, password: str = "carerun-demo",
    today: dt.date | None = None, short_staffed: bool = False,
) -> dict:
    """Create the demo agency, its calls for this week and next, and today's runs.

    By default a well-run agency: enough carers hold each skill the calls need, so every call
    can be covered and a newcomer first sees a complete rota. `short_staffed` keeps the hard
    case: fewer carers trained for medication, hoists, dementia and catheters, so some calls
    stay unallocated with their reasons."""
    rng = random.Random(seed)
    today = today or server_today()
    secret = await hash_password(password)  # demo only: all demo users share one password
    towns = list(TOWNS)
    async with write_transaction():
        staff = {}
        for username, role, name in (("admin", "admin", "Agency Admin"),
                                     ("manager", "manager", "Morgan Registered-Manager"),
                                     ("planner", "planner", "Pat Service-Planner"),
                                     ("supervisor", "planner", "Sam Field-Supervisor")):
            row = await User.insert(User(username=username, password_hash=secret, role=role,
                                         display_name=name)).returning(User.id)
            staff[username] = row[0]["id"]

        carer_ids, carer_genders = [], {}
        for i in range(carers):
            gender = "male" if i % 5 == 4 else "female"
            name = _name(rng, gender)
            town = rng.choices(towns, TOWN_WEIGHTS)[0]
            lat, lon = _scatter(rng, town)
            skills = {"personal_care"}
            if i % 8 != 7:
                skills.add("medication")
            if i % 3 != 2:
                skills.add("hoist")
            if i % 2 == 0:
                skills.add("dementia")
            if i % 3 == 0:
                skills.add("catheter")
            user = await User.insert(User(
                username=f"carer{i + 1:02d}", password_hash=secret, role="carer", display_name=name,
            )).returning(User.id)
            row = await Carer.insert(Carer(
                user=user[0]["id"], name=name, gender=gender, phone=f"07700 900{i:03d}",
                home_postcode=_postcode(rng, town), home_lat=lat, home_lon=lon,
                transport_mode="walk" if i == 11 else "car",
                contracted_minutes=rng.choice([16, 24, 30, 37, 37]) * 60 + rng.choice([0, 30]),
                skills=sorted(skills),
            )).returning(Carer.id)
            carer_id = row[0]["id"]
            carer_ids.append(carer_id)
            carer_genders[carer_id] = gender
            for skill in sorted(skills - {"personal_care"}):
                # Most certificates run for years; a few lapse soon, as in life.
                expires = today + dt.timedelta(days=rng.choice([40, 200, 400, 700]))
                await Qualification.insert(Qualification(
                    carer=carer_id, skill=skill, name=f"{skill.replace('_', ' ').title()} training",
                    obtained_on=today - dt.timedelta(days=rng.randint(100, 900)), expires_on=expires,
                ))
            if not short_staffed:
                await _train_well(carer_id, i, skills, seed, today)
            pattern = SHIFTS[SHIFT_MIX[i % len(SHIFT_MIX)]]
            await Availability.insert(*[
                Availability(carer=carer_id, weekday=d, start_minute=s, end_minute=e)
                for d in range(7) for s, e in pattern
            ])

        for i in range(clients):
            gender = rng.choice(["female", "female", "male"])
            town = rng.choices(towns, TOWN_WEIGHTS)[0]
            lat, lon = _scatter(rng, town)
            needs_hoist = rng.random() < 0.12
            skills = set()
            if rng.random() < 0.45:
                skills.add("medication")
            if rng.random() < 0.2:
                skills.add("dementia")
            if rng.random() < 0.07:
                skills.add("catheter")
            row = await Client.insert(Client(
                name=_name(rng, gender), address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                town=town, postcode=_postcode(rng, town), lat=lat, lon=lon,
                gender_preference="female" if gender == "female" and rng.random() < 0.25 else "any",
                alerts="; ".join(rng.sample(ALERTS, rng.randint(0, 2))),
                phone=f"01275 000{i:03d}",
            )).returning(Client.id)
            client_id = row[0]["id"]
            await ClientSensitive.insert(ClientSensitive(
                client=client_id, access_notes=rng.choice(ACCESS),
                key_safe_code=f"{rng.randint(0, 9999):04d}" if rng.random() < 0.6 else "",
            ))
            pattern = rng.choices([p for p, _ in PATTERNS], [w for _, w in PATTERNS])[0]
            plan = await CarePlan.insert(CarePlan(
                client=client_id, title="Care and support plan",
                summary="Support to stay safely at home.", starts_on=today - dt.timedelta(days=90),
            )).returning(CarePlan.id)
            plan_tasks = sorted({t for call in pattern for t in TASKS[call]})
            if "medication" in skills:
                plan_tasks.append("Prompt and record medication (MAR chart)")
            if "catheter" in skills:
                plan_tasks.append("Catheter care and empty bag")
            await CarePlanTask.insert(*[
                CarePlanTask(care_plan=plan[0]["id"], name=t, position=n)
                for n, t in enumerate(plan_tasks)
            ])
            for call in pattern:
                earliest, latest, durations = CALLS[call]
                start = rng.randrange(earliest, latest + 1, 15)
                duration = rng.choice(durations)
                call_skills = set(skills) if call != "lunch" else skills - {"catheter"}
                double = needs_hoist and call in ("morning", "bed")
                if double:
                    call_skills.add("hoist")
                tasks = list(TASKS[call])
                if "medication" in call_skills:
                    tasks.append("Prompt and record medication (MAR chart)")
                await ClientDefault.insert(*[
                    ClientDefault(client=client_id, weekday=d, start_minute=start,
                                  duration_minutes=duration, carers_required=2 if double else 1,
                                  required_skills=sorted(call_skills), tasks=tasks, call_type=call)
                    for d in range(7)
                ])
            if rng.random() < 0.08:  # a few clients do not get on with one carer
                await ClientCarerPreference.insert(ClientCarerPreference(
                    client=client_id, carer=rng.choice(carer_ids), kind="excluded"))
            elif rng.random() < 0.3:
                await ClientCarerPreference.insert(ClientCarerPreference(
                    client=client_id, carer=rng.choice(carer_ids), kind="preferred"))

        monday = week_start(today)
        for week in range(2):
            await OnCall.insert(
                OnCall(week_start=monday + dt.timedelta(weeks=week), role="supervisor",
                       user=staff["supervisor"], phone="07700 900900"),
                OnCall(week_start=monday + dt.timedelta(weeks=week), role="manager",
                       user=staff["manager"], phone="07700 900901"),
            )
        # Leave in the weeks after next, so that today's and next week's runs are whole.
        await Leave.insert(
            Leave(carer=carer_ids[2 % carers], kind="annual", start_date=monday + dt.timedelta(weeks=3),
                  end_date=monday + dt.timedelta(weeks=3, days=4), status="approved",
                  decided_by=staff["manager"]),
            Leave(carer=carer_ids[5 % carers], kind="annual", start_date=monday + dt.timedelta(weeks=3, days=2),
                  end_date=monday + dt.timedelta(weeks=3, days=6), status="requested",
                  reason="Family wedding"),
        )
        relief = [] if short_staffed else await _relief_carers(seed, carers, secret, today)
        # a sleep-in and a waking night, with night carers (kept out of the short-staffed case)
        relief += [] if short_staffed else await demo_nights.add_nights(seed, secret, today, carers + len(relief) + 1)

    calls = await generate_calls(monday, monday + dt.timedelta(days=13))
    # Today gets optimised runs (a deterministic, short search); later days a quick first
    # allocation (the solver's insertion, making room where a call does not fit) that the
    # planner optimises when ready.
    allocated = {"assigned": 0, "unallocated_calls": 0}
    for offset in range((today - monday).days, 14):
        day = monday + dt.timedelta(days=offset)
        problem, _ = await build_problem(day)
        plan = solve(problem, DEMO_SEARCH) if day == today else replan(problem, Plan(runs=[])).plan
        result = await store_plan(day, plan)
        allocated["assigned"] += result["assigned"]
        allocated["unallocated_calls"] += result["unallocated"]
    await demo_history.add_history(seed, today)  # a month of past calls with their records
    await demo_records.add_records(seed, today)  # office records: contacts, plans, risks, training
    await demo_career.add_careers(today)  # each carer's role and its history (the career map)
    await demo_staff_defaults.add_changes_of_hours(today)  # one carer's change of hours, history and scheduled
    await demo_reviews.add_reviews(seed, today)  # client reviews (from the plans' dates) and surveys
    await add_report_details(seed, today)
    await add_urgent(seed, today)  # the out-of-hours team and a month of urgent requests
    allocated["rolled_calls"] = await roll_demo_rota(today)  # four weeks ahead, master-rota carers
    await demo_published.publish_demo_rota(today)  # the past month and this week, as carers see them
    await demo_supervision.add_supervisions(seed, today)  # supervisions, spot checks (some on coming calls), appraisals
    return {
        "users": ["admin", "manager", "planner", "supervisor"]
        + [f"carer{i + 1:02d}" for i in range(carers)] + relief,
        "password": password,
        "clients": clients,
        "carers": carers + len(relief),
        "calls": calls["created"],
        **allocated,
    }
