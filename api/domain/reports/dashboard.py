"""The manager's dashboard (report 9): this week's key figures, each linking to the report
that explains it. This week runs Monday to today; punctuality judges only calls already due,
so the figures fill in as the week goes. Continuity looks at the last four weeks.
"""

from __future__ import annotations

import datetime as dt

from api.domain.reports.continuity import continuity
from api.domain.reports.filters import ReportFilters
from api.domain.reports.hours import hours_report
from api.domain.reports.punctuality import punctuality
from api.domain.reports.shape import Chart, Figure, Report, Series
from api.domain.shared.choices import IncidentStatus
from api.domain.shared.common import week_start
from api.domain.quality.reviews import surveys
from api.domain.people.supervision.due_list import counts as supervision_counts
from api.domain.tables import Carer, ClientReview, Incident, Qualification

TRAINING_WARNING_DAYS = 30
SURVEY_DAYS = 90  # satisfaction: the surveys of the last three months


def _link(report: str, f: ReportFilters) -> str:
    return f"#/staff/reports/{report}?from={f.date_from}&to={f.date_to}"


async def dashboard(today: dt.date, now: dt.datetime | None = None) -> Report:
    week = ReportFilters(week_start(today), today)
    week_end = ReportFilters(week_start(today), week_start(today) + dt.timedelta(days=6))
    four_weeks = ReportFilters(today - dt.timedelta(days=27), today)
    timing = {f.key: f for f in (await punctuality(week, now)).figures}
    hours = {f.key: f for f in (await hours_report(week_end)).figures}
    cont = {f.key: f for f in (await continuity(four_weeks)).figures}
    open_incidents = await Incident.count().where(Incident.status == IncidentStatus.OPEN)
    expiring = await Qualification.count().where(
        (Qualification.expires_on <= today + dt.timedelta(days=TRAINING_WARNING_DAYS))
        & (Qualification.carer.active == True)  # noqa: E712
    )
    reviews_overdue = await ClientReview.count().where(
        ClientReview.held_on.is_null() & (ClientReview.scheduled_on < today))
    supervisions = await supervision_counts(today)
    satisfaction = (await surveys(today - dt.timedelta(days=SURVEY_DAYS - 1), today, None)).averages
    flags = (timing["late"].value or 0) + (timing["short"].value or 0) + (timing["no_check_out"].value or 0)
    figures = [
        Figure("on_time_percent", "On time this week", timing["on_time_percent"].value, "%",
               timing["on_time_percent"].good, timing["on_time_percent"].note, _link("punctuality", week)),
        Figure("missed", "Missed calls this week", timing["missed"].value, "",
               timing["missed"].value == 0 if timing["missed"].value is not None else None,
               f"{timing['missed_per_1000'].value or 0:g} per 1,000", _link("punctuality", week)),
        Figure("unallocated", "Unallocated hours this week", hours["unallocated"].value, "h",
               hours["unallocated"].good, "Monday to Sunday", _link("hours", week_end)),
        Figure("continuity", "Different carers per client (4 weeks)", cont["mean_distinct_carers"].value, "",
               None, f"{cont['regular_percent'].value or 0:g}% of calls by a regular carer",
               _link("continuity", four_weeks)),
        Figure("flags", "Late, short or unclosed calls this week", flags, "", flags == 0,
               "flagged from the carers' check-ins", _link("punctuality", week)),
        Figure("open_incidents", "Open incidents", open_incidents, "", open_incidents == 0),
        Figure("training_expiring", f"Training expiring in {TRAINING_WARNING_DAYS} days", expiring, "",
               expiring == 0, "or already expired"),
        Figure("reviews_overdue", "Client reviews overdue", reviews_overdue, "", reviews_overdue == 0,
               "scheduled and not yet held", "#/staff/reviews"),
        Figure("satisfaction", f"Client satisfaction ({SURVEY_DAYS} days)", satisfaction.get("overall"), "of 5",
               None, "mean overall score of the surveys" if satisfaction else "no surveys yet", "#/staff/reviews"),
        Figure("supervisions_overdue", "Supervisions, spot checks and appraisals overdue", supervisions["overdue"], "",
               supervisions["overdue"] == 0, f"{supervisions['due']} more due soon, {supervisions['booked']} booked",
               "#/staff/supervision"),
    ]
    charts = [Chart("week", "This week", "bar", ["Commissioned", "Planned", "Delivered", "Unallocated"],
                    [Series("Hours", [hours[k].value for k in ("commissioned", "planned", "delivered", "unallocated")])],
                    "h")]
    return Report("dashboard", "This week", week.date_from, today, figures, charts, [])
