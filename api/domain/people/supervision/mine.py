"""What a carer sees of their own supervisions in the app: the ones held, with the observer,
the outcome and the actions agreed (theirs to act on), never the observer's notes, and nothing
booked ahead (spot checks are unannounced observations)."""

from __future__ import annotations

import datetime as dt

import msgspec

from api.domain.people.supervision import schedule
from api.domain.tables import Supervision


class MySupervision(msgspec.Struct):
    kind: str
    kind_words: str
    held_on: dt.date
    observer_name: str
    outcome: str
    actions: str


async def my_supervisions(carer_id: int) -> list[MySupervision]:
    rows = await Supervision.select(
        Supervision.kind, Supervision.held_on, Supervision.outcome, Supervision.actions,
        Supervision.observer.display_name.as_alias("observer_name"),
    ).where((Supervision.carer == carer_id) & Supervision.held_on.is_not_null()).order_by(
        Supervision.held_on, ascending=False)
    return [MySupervision(r["kind"], schedule.KIND_WORDS[r["kind"]], r["held_on"], r["observer_name"] or "",
                          r["outcome"], r["actions"]) for r in rows]
