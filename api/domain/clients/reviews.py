"""Reviews due: care plans and risk assessments whose review date has passed or falls within
the next weeks, for the assessment and review officer. Ceased clients are left out."""

from __future__ import annotations

import datetime as dt

import msgspec

from api.domain.tables import CarePlan, RiskAssessment


class ReviewDue(msgspec.Struct):
    kind: str  # care_plan | risk_assessment
    id: int
    client_id: int
    client_name: str
    what: str
    due_on: dt.date
    overdue: bool
    days: int  # days until due (negative: days overdue)


async def reviews_due(today: dt.date, within_days: int) -> list[ReviewDue]:
    until = today + dt.timedelta(days=within_days)
    plans = await CarePlan.select(CarePlan.id, CarePlan.client, CarePlan.title, CarePlan.next_review_on,
                                  CarePlan.client.name.as_alias("client_name")).where(
        (CarePlan.active == True) & CarePlan.next_review_on.is_not_null()  # noqa: E712
        & (CarePlan.next_review_on <= until) & (CarePlan.client.status != "ceased"))
    risks = await RiskAssessment.select(RiskAssessment.id, RiskAssessment.client, RiskAssessment.kind,
                                        RiskAssessment.review_on,
                                        RiskAssessment.client.name.as_alias("client_name")).where(
        (RiskAssessment.active == True) & (RiskAssessment.review_on <= until)  # noqa: E712
        & (RiskAssessment.client.status != "ceased"))
    out = [ReviewDue("care_plan", p["id"], p["client"], p["client_name"], f"Care plan: {p['title']}",
                     p["next_review_on"], p["next_review_on"] < today, (p["next_review_on"] - today).days)
           for p in plans]
    out += [ReviewDue("risk_assessment", r["id"], r["client"], r["client_name"],
                      f"Risk assessment: {r['kind'].replace('_', ' ')}", r["review_on"], r["review_on"] < today,
                      (r["review_on"] - today).days) for r in risks]
    return sorted(out, key=lambda r: (r.due_on, r.client_name))
