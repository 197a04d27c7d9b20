"""Medication lists for the demo agency's clients who need support with medication (eMAR).

Every client whose care plan says "Prompt and record medication" gets two to four medicines due
at their own calls (morning, lunch, tea or bed), some prompted, some administered, and a few an
"as needed" gel with a daily maximum. Names and doses are ordinary, made-up prescriptions.
"""

from __future__ import annotations

import datetime as dt
import random

from api.domain.tables import ClientDefault, Medication

MEDICINES = [  # name, dose, route, preferred call types
    ("Paracetamol", "2 tablets (1 g)", "oral", ["morning", "lunch", "tea", "bed"]),
    ("Amlodipine", "1 tablet (5 mg)", "oral", ["morning"]),
    ("Metformin", "1 tablet (500 mg)", "oral", ["morning", "tea"]),
    ("Senna", "2 tablets (15 mg)", "oral", ["bed"]),
    ("Lansoprazole", "1 capsule (30 mg)", "oral", ["morning"]),
    ("Sertraline", "1 tablet (50 mg)", "oral", ["morning"]),
    ("Donepezil", "1 tablet (10 mg)", "oral", ["bed"]),
    ("Calcium and vitamin D", "1 chewable tablet", "oral", ["lunch", "tea"]),
]
PRESCRIBERS = ["Dr A. Fenwick (Clevedon Medical Centre)", "Dr R. Osei (Portishead Surgery)",
               "Dr M. Llewellyn (Weston Health Centre)", "Dr J. Hartley (Nailsea Surgery)"]
MEDICATION_TASK = "Prompt and record medication (MAR chart)"


async def add_lists(seed: int, today: dt.date) -> int:
    """Create the lists (call before the month of history, which records their doses)."""
    rng = random.Random(seed * 104729 + 3)
    calls: dict[int, set[str]] = {}
    for d in await ClientDefault.select(ClientDefault.client, ClientDefault.call_type, ClientDefault.tasks).output(
            load_json=True):
        if MEDICATION_TASK in (d["tasks"] or []):
            calls.setdefault(d["client"], set()).add(d["call_type"])
    rows = []
    for client_id in sorted(calls):
        prescriber = rng.choice(PRESCRIBERS)
        support = rng.choice(["prompt", "prompt", "administer"])
        for name, dose, route, wanted in rng.sample(MEDICINES, rng.randint(2, 3)):
            slots = [c for c in wanted if c in calls[client_id]] or sorted(calls[client_id])[:1]
            if name == "Paracetamol":
                slots = slots[:2]
            rows.append(Medication(client=client_id, name=name, dose=dose, route=route, call_types=slots,
                                   prescriber=prescriber, starts_on=today - dt.timedelta(days=rng.randint(60, 400)),
                                   support=support))
        if rng.random() < 0.35:
            rows.append(Medication(client=client_id, name="Ibuprofen 5% gel", dose="a thin layer to the knee",
                                   route="topical", call_types=[], prescriber=prescriber, prn=True,
                                   prn_max_per_day=3, starts_on=today - dt.timedelta(days=90), support="administer",
                                   notes="As needed for knee pain; no more than 3 times a day."))
    if rows:
        await Medication.insert(*rows)
    return len(rows)
