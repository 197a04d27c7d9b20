"""Turning client defaults into calls (visits) for a date range.

Idempotent: a default makes at most one call per date, so running it again creates nothing
new, and a call that was cancelled or moved by hand stays as the planner left it.
"""

from __future__ import annotations

import datetime as dt

from api.db import write_transaction
from api.domain import audit
from api.domain.common import invalid
from api.domain.tables import Client, ClientDefault, Visit
from api.settings import get_settings

MAX_RANGE_DAYS = 28


def client_receives_calls(client: dict, day: dt.date) -> bool:
    """No calls while a client is in hospital, nor once they have ceased."""
    status, since = client["status"], client["status_since"]
    if status == "active":
        return True
    # A status with a future start date does not stop calls before it.
    return since is not None and day < since


def dates_in(start: dt.date, end: dt.date) -> list[dt.date]:
    if end < start:
        raise invalid("end", "is before start")
    days = (end - start).days + 1
    if days > MAX_RANGE_DAYS:
        raise invalid("end", f"a range is at most {MAX_RANGE_DAYS} days; this one is {days}")
    return [start + dt.timedelta(days=i) for i in range(days)]


async def generate_calls(start: dt.date, end: dt.date, actor_id: int | None = None) -> dict:
    days = dates_in(start, end)
    tolerance = get_settings().agency.window_tolerance_minutes
    defaults = await ClientDefault.select().where(ClientDefault.active == True).output(  # noqa: E712
        load_json=True
    )
    clients = {c["id"]: c for c in await Client.select()}
    existing = {
        (v["client_default"], v["date"])
        for v in await Visit.select(Visit.client_default, Visit.date).where(
            (Visit.date >= start) & (Visit.date <= end) & Visit.client_default.is_not_null()
        )
    }
    new_rows = []
    skipped_status = 0
    for day in days:
        for d in defaults:
            if d["weekday"] != day.weekday() or (d["id"], day) in existing:
                continue
            if not client_receives_calls(clients[d["client"]], day):
                skipped_status += 1
                continue
            new_rows.append(
                Visit(
                    client=d["client"],
                    client_default=d["id"],
                    date=day,
                    window_start=max(0, d["start_minute"] - tolerance),
                    window_end=min(24 * 60 - 1, d["start_minute"] + tolerance),
                    duration_minutes=d["duration_minutes"],
                    carers_required=d["carers_required"],
                    required_skills=d["required_skills"],
                    tasks=d["tasks"],
                    call_type=d["call_type"],
                )
            )
    async with write_transaction():
        for i in range(0, len(new_rows), 500):
            await Visit.insert(*new_rows[i : i + 500])
        if new_rows:
            await audit.record(
                actor_id, "visit", f"{start}..{end}", "generate", None,
                {"created": len(new_rows), "start": start, "end": end},
            )
    return {"created": len(new_rows), "skipped_client_status": skipped_status, "days": len(days)}
