"""Call records as CSV: one row per carer on a call (a call nobody was sent to: one row)."""

from __future__ import annotations

import csv
import io

from api.domain.shared.common import agency_zone
from api.domain.visits.call_records import CallRecordRow

HEADER = ["date", "client", "call", "window", "planned minutes", "carer", "planned start", "check-in",
          "check-out", "minutes delivered", "check-in metres from address", "phone clock off",
          "tasks done", "tasks not done", "notes", "flags", "resolutions"]


def _time(moment) -> str:
    return moment.astimezone(agency_zone()).strftime("%H:%M") if moment else ""


def call_records_csv(rows: list[CallRecordRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for r in rows:
        resolutions = "; ".join(f"{f.flag}: {f.comment} ({f.resolved_by})" for f in r.flags if f.resolved)
        common = [r.date.isoformat(), r.client_name, r.call_type, f"{r.window_start}-{r.window_end}", r.planned_minutes]
        tail = [r.tasks_done, r.tasks_not_done, r.notes]
        if not r.attendances:
            writer.writerow(common + ["(nobody sent)", "", "", "", "", "", ""] + tail
                            + [" ".join(f.flag for f in r.flags), resolutions])
        for a in r.attendances:
            writer.writerow(common + [a.carer_name, a.planned_start, _time(a.checked_in), _time(a.checked_out),
                                      "" if a.delivered_minutes is None else a.delivered_minutes,
                                      "" if a.check_in_distance_m is None else a.check_in_distance_m,
                                      "yes" if a.check_in_clock_off or a.check_out_clock_off else ""]
                            + tail + [" ".join(a.flags), resolutions])
    return out.getvalue()
