"""The demo agency's changes of hours (issue 11 point 4): one carer went down from their
starting hours eight weeks ago and has a further change scheduled from next Monday ("from
Monday 22.5 h instead of 30 h"), so the record page shows history and a scheduled change. The
demo's split shifts are in the carers' default rotas (demo.SHIFTS)."""

from __future__ import annotations

import datetime as dt

from api.domain.shared.common import week_start
from api.domain.shared.db import write_transaction
from api.domain.tables import Carer, ContractedHours, User


async def add_changes_of_hours(today: dt.date) -> None:
    carers = await Carer.select(Carer.id).where(Carer.active == True).order_by(Carer.id).limit(3)  # noqa: E712
    if len(carers) < 3:
        return
    planner = await User.select(User.id).where(User.username == "planner").first()
    carer_id, by = carers[2]["id"], planner["id"] if planner else None
    next_monday = week_start(today) + dt.timedelta(days=7)
    async with write_transaction():
        await ContractedHours.insert(
            ContractedHours(carer=carer_id, effective_from=week_start(today) - dt.timedelta(weeks=8), minutes=30 * 60,
                            note="new contract after review", recorded_by=by),
            ContractedHours(carer=carer_id, effective_from=next_monday, minutes=22 * 60 + 30,
                            note="asked for fewer hours (caring for a parent)", recorded_by=by),
        )
