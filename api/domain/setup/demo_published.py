"""The demo agency's published rota: the past month and this week are published (as a
well-run agency's would be), next week is still the planner's draft. Carers' phones show the
published days; next week's days say "not rostered yet" until the planner publishes them, and
the board marks those calls as differing from what carers see.

Stored directly (no messages to carers: the demo starts with an empty inbox)."""

from __future__ import annotations

import datetime as dt

from api.domain.rostering.carer_view import record_publication
from api.domain.rostering.publishing import working_allocation
from api.domain.shared.common import week_start
from api.domain.tables import RotaPublication, User

PAST_DAYS = 30  # as far back as the demo's history goes


async def publish_demo_rota(today: dt.date) -> int:
    """One publication per week from a month ago to the end of this week; the calls published."""
    planner = await User.select(User.id).where(User.username == "planner").first()
    end_of_week = week_start(today) + dt.timedelta(days=6)
    start, published = today - dt.timedelta(days=PAST_DAYS), 0
    while start <= end_of_week:
        end = min(week_start(start) + dt.timedelta(days=6), end_of_week)
        snapshot = await working_allocation(start, end)
        row = (await RotaPublication.insert(RotaPublication(
            start_date=start, end_date=end, version=1, published_by=planner["id"] if planner else None,
            snapshot=snapshot,
        )).returning(RotaPublication.id))[0]
        await record_publication(row["id"], snapshot)
        published += len(snapshot)
        start = end + dt.timedelta(days=1)
    return published
