"""The demo's rolling rota: its four weeks ahead made as the daily roll makes them."""

from __future__ import annotations

import datetime as dt

from api.domain.rostering.rolling import ROLLING_DAYS, roll_forward
from api.domain.rostering.rolling_schedule import record_roll


async def roll_demo_rota(today: dt.date) -> int:
    """Calls from defaults for the four weeks from today, each with its carer from the master
    rota, recorded as today's roll (so the daily roll does not run again today). Returns how
    many calls it made."""
    rolled = await roll_forward(today, ROLLING_DAYS)
    await record_roll(rolled)
    return rolled["calls_created"]
