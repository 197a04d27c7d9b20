"""The supervision list: recorded, booked and scheduled records, and for every working carer
the next of each kind the agency's intervals make due when none is scheduled yet (id None).
Filters: carer, kind, status (default: what needs the office, i.e. overdue, due and booked)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from api.domain.people.supervision import schedule
from api.domain.people.supervision.records import SupervisionOut, outs, rows
from api.domain.shared.choices import SupervisionKind
from api.domain.tables import Carer, Supervision

Status = Literal["open", "overdue", "due", "booked", "upcoming", "done", "all"]
OPEN = ("overdue", "due", "booked")
_ORDER = {"overdue": 0, "booked": 1, "due": 2, "upcoming": 3, "done": 4}


def _wanted(status: str, wanted: Status) -> bool:
    if wanted == "all":
        return True
    return status in OPEN if wanted == "open" else status == wanted


async def _next_ones(carer_ids: list[int], kinds: list[str], scheduled: set[tuple[int, str]],
                     today: dt.date, soon: int) -> list[SupervisionOut]:
    """The next of each kind for carers with none scheduled: due from the last one held."""
    months = await schedule.intervals()
    last: dict[tuple[int, str], dt.date] = {}
    if carer_ids:  # held dates in order, the latest kept (MAX of a date is text on SQLite)
        for r in await Supervision.select(Supervision.carer, Supervision.kind, Supervision.held_on).where(
                Supervision.held_on.is_not_null() & Supervision.carer.is_in(carer_ids)).order_by(Supervision.held_on):
            last[(r["carer"], r["kind"])] = r["held_on"]
    carers = await Carer.select(Carer.id, Carer.name, Carer.employment_start).where(
        Carer.id.is_in(carer_ids)) if carer_ids else []
    out = []
    for carer in carers:
        for kind in kinds:
            if (carer["id"], kind) in scheduled:
                continue
            due = schedule.next_due(last.get((carer["id"], kind)), carer["employment_start"], months[kind], today)
            out.append(SupervisionOut(
                None, None, carer["id"], carer["name"], kind, schedule.KIND_WORDS[kind],
                schedule.status_of(None, None, due, today, soon), due < today, due, None, None, None, "", None,
                "", "", ""))
    return out


async def supervision_list(today: dt.date, carer_id: int | None = None, kind: str | None = None,
                           status: Status = "open", visit_id: int | None = None) -> list[SupervisionOut]:
    soon = await schedule.due_soon_days()
    query = rows()
    if carer_id is not None:
        query = query.where(Supervision.carer == carer_id)
    if kind is not None:
        query = query.where(Supervision.kind == kind)
    if visit_id is not None:
        query = query.where(Supervision.visit == visit_id)
    if status not in ("done", "all"):  # open work is for the carers still working here
        query = query.where(Supervision.held_on.is_null() & (Supervision.carer.active == True))  # noqa: E712
    items = await outs(await query, today, soon)
    if visit_id is None and status != "done":
        scheduled = {(i.carer_id, i.kind) for i in items if i.held_on is None}
        carers = Carer.select(Carer.id).where(Carer.active == True)  # noqa: E712
        if carer_id is not None:
            carers = carers.where(Carer.id == carer_id)
        kinds = [kind] if kind else [str(k) for k in SupervisionKind]
        items += await _next_ones([c["id"] for c in await carers], kinds, scheduled, today, soon)
    items = [i for i in items if _wanted(i.status, status)]
    return sorted(items, key=lambda i: (_ORDER[i.status], (i.held_on or dt.date.min).toordinal() * -1
                                        if i.status == "done" else i.due_on.toordinal(), i.carer_name, i.kind))


async def counts(today: dt.date) -> dict[str, int]:
    """How many are overdue, due soon and booked (the manager's dashboard)."""
    items = await supervision_list(today)
    return {s: sum(1 for i in items if i.status == s) for s in OPEN}
