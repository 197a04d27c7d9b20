"""What each day of a carer's coming weeks is, in the words the 4-week view shows: working,
annual leave, sick, training, a day off, not rostered yet, or no calls.

- approved leave names its kind (annual leave, sick, training), calls or not;
- a day the carer does not work (no standing availability that weekday, or an exception
  marking them unavailable) is a day off;
- an available day with no calls is "not rostered yet" until a publication covers it, and
  "no calls" once the published rota gives them none.
"""

from __future__ import annotations

import datetime as dt

from api.domain.rostering.carer_view import latest_publications
from api.domain.people.default_rota import load_rotas
from api.domain.tables import AvailabilityException, Leave

WORKING = "working"
DAY_OFF = "day_off"
NOT_ROSTERED = "not_rostered"
NO_CALLS = "no_calls"
LEAVE_KINDS = {"annual": "annual_leave", "sick": "sick", "training": "training"}


async def day_kinds(carer_id: int, start: dt.date, end: dt.date, call_dates: set[dt.date]) -> dict[dt.date, str]:
    leave = await Leave.select(Leave.kind, Leave.start_date, Leave.end_date).where(
        (Leave.carer == carer_id) & (Leave.status == "approved") & (Leave.start_date <= end) & (Leave.end_date >= start))
    rotas = await load_rotas([carer_id])  # the default rota in force on each day
    exceptions = {e["date"]: bool(e["available"] and e["start_minute"] is not None and e["end_minute"] is not None)
                  for e in await AvailabilityException.select().where(
                      (AvailabilityException.carer == carer_id) & (AvailabilityException.date >= start)
                      & (AvailabilityException.date <= end))}
    published = await latest_publications(start, end)
    kinds = {}
    day = start
    while day <= end:
        off = next((LEAVE_KINDS.get(l["kind"], l["kind"]) for l in leave if l["start_date"] <= day <= l["end_date"]), None)
        if off:
            kinds[day] = off
        elif day in call_dates:
            kinds[day] = WORKING
        elif not exceptions.get(day, day.weekday() in rotas.weekdays(carer_id, day)):
            kinds[day] = DAY_OFF
        else:
            kinds[day] = NO_CALLS if day in published else NOT_ROSTERED
        day += dt.timedelta(days=1)
    return kinds
