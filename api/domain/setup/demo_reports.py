"""Demo agency: what the reports need beyond the calls themselves - who funds each client
(most by the local authority, some by the NHS, some paying privately) and the carers' birth
dates (two under 21, so the minimum wage report shows more than one age band). Synthetic."""

from __future__ import annotations

import datetime as dt
import random

from api.domain.shared.choices import Funder
from api.domain.tables import Carer, Client

FUNDER_MIX = ((Funder.LOCAL_AUTHORITY, 6), (Funder.NHS_CHC, 1), (Funder.PRIVATE, 3))


async def add_report_details(seed: int, today: dt.date) -> None:
    rng = random.Random(seed * 7919 + 13)
    funders, weights = zip(*FUNDER_MIX)
    for client in await Client.select(Client.id).order_by(Client.id):
        await Client.update({Client.funder: rng.choices(funders, weights)[0]}).where(Client.id == client["id"])
    for n, carer in enumerate(await Carer.select(Carer.id).order_by(Carer.id)):
        age = 19 if n in (3, 9) else rng.randint(23, 63)
        born = today - dt.timedelta(days=age * 365 + rng.randint(30, 330))
        await Carer.update({Carer.birth_date: born}).where(Carer.id == carer["id"])
