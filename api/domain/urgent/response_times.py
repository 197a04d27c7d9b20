"""How fast the agency answered urgent requests: from the request to a carer at the door (the
call's first check-in), as median, 90th percentile and the share within the agency's target, by
hour of day and by area; and what urgent calls did to planned ones (calls made late, minutes)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from api.domain.setup import agency_settings
from api.domain.shared.common import agency_zone
from api.domain.tables import UrgentRequest
from api.domain.urgent.requests import times_of


def _percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (what a manager can check by hand on a short list)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _summary(minutes: list[float], target: int) -> dict:
    return {
        "answered": len(minutes),
        "median_minutes": _percentile(minutes, 0.5),
        "p90_minutes": _percentile(minutes, 0.9),
        "within_target_pct": round(100 * sum(m <= target for m in minutes) / len(minutes), 1) if minutes else None,
    }


async def report(start: dt.date, end: dt.date) -> dict:
    zone = agency_zone()
    target = int(await agency_settings.get("urgent_target_minutes"))
    rows = await UrgentRequest.select().where(
        (UrgentRequest.received_at >= dt.datetime.combine(start, dt.time(), zone))
        & (UrgentRequest.received_at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone))
        & (UrgentRequest.status != "cancelled")).order_by(UrgentRequest.received_at)
    times = await times_of([r["visit"] for r in rows if r["visit"]])
    by_hour: dict[int, list[float]] = defaultdict(list)
    by_area: dict[str, list[float]] = defaultdict(list)
    every, requests = [], []
    for r in rows:
        t = times.get(r["visit"], {})
        arrived = t.get("arrived_at")
        minutes = None if arrived is None else round((arrived - r["received_at"]).total_seconds() / 60, 1)
        hour = r["received_at"].astimezone(zone).hour
        if minutes is not None:
            every.append(minutes)
            by_hour[hour].append(minutes)
            by_area[r["town"] or "(no town)"].append(minutes)
        requests.append({
            "id": r["id"], "person_name": r["person_name"], "town": r["town"], "need": r["need"],
            "received_at": r["received_at"], "dispatched_at": r["dispatched_at"], "accepted_at": r["accepted_at"],
            "arrived_at": arrived, "completed_at": t.get("completed_at"), "minutes_to_arrive": minutes,
            "within_target": None if minutes is None else minutes <= target,
            "calls_made_late": r["calls_made_late"], "minutes_made_late": r["minutes_made_late"],
        })
    return {
        "start": start, "end": end, "target_minutes": target, "received": len(rows),
        **_summary(every, target),
        "by_hour": [{"hour": h, **_summary(v, target)} for h, v in sorted(by_hour.items())],
        "by_area": [{"area": a, **_summary(v, target)} for a, v in sorted(by_area.items())],
        "planned_calls_made_late": sum(r["calls_made_late"] for r in rows),
        "planned_minutes_made_late": sum(r["minutes_made_late"] for r in rows),
        "requests": requests,
    }
