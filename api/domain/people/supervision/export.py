"""The supervision list as CSV (the same filters as the screen)."""

from __future__ import annotations

import csv
import io

from api.domain.people.supervision.records import SupervisionOut

COLUMNS = ("carer", "kind", "status", "overdue", "due_on", "booked_on", "call", "observer", "held_on",
           "outcome", "notes", "actions")


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "@", "-") else text


def supervisions_csv(items: list[SupervisionOut]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for i in items:
        call = f"{i.call.date} {i.call.start} {i.call.client_name}" if i.call else ""
        writer.writerow([_safe(str(v)) for v in (
            i.carer_name, i.kind_words, i.status, "yes" if i.overdue else "no", i.due_on, i.booked_on or "", call,
            i.observer_name, i.held_on or "", i.outcome.replace("_", " "), i.notes, i.actions)])
    return out.getvalue()
