"""Client reviews and satisfaction surveys for the demo agency (issue 12, point 7).

Read from the care plans' review dates (demo_records.py, so it runs after it): the reviews due
in the next four weeks are scheduled, one overdue review waits unheld, and three clients whose
plan was reviewed lately have that review recorded (who attended, outcome, care plan changes).
Five satisfaction surveys of the last 90 days, the complaint's client marking punctuality down.
Deterministic for a seed; synthetic throughout.
"""

from __future__ import annotations

import datetime as dt
import random

from api.domain.tables import CarePlan, ClientReview, Feedback, SatisfactionSurvey, User

REVIEW_INTERVAL_DAYS = 182  # the plans' 26 weeks
DUE_WITHIN_DAYS = 28  # reviews the office has booked: the next four weeks' plan reviews

HELD = [  # attended, outcome, care plan changes
    ("Client, daughter (by phone), care coordinator",
     "Happy with the morning and bed calls; wants the same two carers at weekends where possible.",
     "Weekend preference for familiar carers added to the plan."),
    ("Client, son, supervisor, district nurse",
     "Mobility has improved since the physiotherapy; managing the stairs with the rail.",
     "Lunch call shortened from 45 to 30 minutes; walking frame no longer needed upstairs."),
    ("Client, social worker, care coordinator",
     "Eating less at tea time; agreed to offer smaller meals and record what is eaten.",
     "Food and fluid record added at the tea call; GP asked to review appetite."),
]

COMMENTS = [
    "The carers are kind and never rush me.",
    "Lovely girls, always cheerful. The bed call is sometimes a bit early.",
    "Would like to know who is coming when the usual carer is off.",
    "Very happy with the help in the mornings.",
    "Good care. Evening carer once forgot to close the curtains.",
]


async def add_reviews(seed: int, today: dt.date) -> dict:
    rng = random.Random(seed * 104729 + 7)
    manager = await User.select(User.id).where(User.username == "manager").first()
    by = manager["id"] if manager else None
    plans = await CarePlan.select(CarePlan.client, CarePlan.next_review_on).where(
        CarePlan.next_review_on.is_not_null()).order_by(CarePlan.next_review_on, CarePlan.client)
    due = [p for p in plans if today <= p["next_review_on"] <= today + dt.timedelta(days=DUE_WITHIN_DAYS)]
    overdue = [p for p in plans if p["next_review_on"] < today][:1]
    booked = {p["client"] for p in overdue + due}
    lately: dict[int, dict] = {}  # one recorded review per client (a client may have several plans)
    for p in plans:
        if p["next_review_on"] > today + dt.timedelta(days=150) and p["client"] not in booked:
            lately[p["client"]] = p
    reviewed_lately = list(lately.values())[-len(HELD):]
    reviews = [ClientReview(client=p["client"], scheduled_on=p["next_review_on"], recorded_by=by)
               for p in overdue + due]
    for p, (attended, outcome, changes) in zip(reviewed_lately, HELD):
        held = p["next_review_on"] - dt.timedelta(days=REVIEW_INTERVAL_DAYS)
        reviews.append(ClientReview(client=p["client"], scheduled_on=held, held_on=held, attended=attended,
                                    outcome=outcome, care_plan_changes=changes, recorded_by=by))
    if reviews:
        await ClientReview.insert(*reviews)

    complaint = await Feedback.select(Feedback.client, Feedback.received_on).where(
        Feedback.kind == "complaint").first()
    others = [p["client"] for p in plans if not complaint or p["client"] != complaint["client"]]
    surveyed = rng.sample(others, min(len(others), len(COMMENTS) - (1 if complaint else 0)))
    surveys = [SatisfactionSurvey(
        client=client, taken_on=today - dt.timedelta(days=rng.randint(5, 85)), comments=comment, recorded_by=by,
        scores={"overall": rng.choice([4, 5, 5]), "punctuality": rng.choice([3, 4, 4, 5]),
                "kindness": rng.choice([4, 5, 5]), "communication": rng.choice([3, 4, 5])},
    ) for client, comment in zip(surveyed, COMMENTS)]
    if complaint and complaint["client"] is not None:
        surveys.append(SatisfactionSurvey(
            client=complaint["client"], taken_on=min(today, complaint["received_on"] + dt.timedelta(days=7)),
            comments="Carers are lovely but the morning call has been late a few times; Mum needs her tablets.",
            recorded_by=by, scores={"overall": 3, "punctuality": 2, "kindness": 5, "communication": 3}))
    if surveys:
        await SatisfactionSurvey.insert(*surveys)
    return {"reviews": len(reviews), "surveys": len(surveys)}
