"""Client reviews (scheduled, then recorded: who attended, the outcome, changes to the care
plan) and short satisfaction surveys recorded by staff (scores 1-5 and comments). Both are
audited and feed the reports' figures (the list answers carry what a report needs)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.auth import AuthUser
from api.domain.shared import audit
from api.domain.shared.common import invalid, not_found, server_today, struct_values, versioned_update
from api.domain.shared.db import write_transaction
from api.domain.tables import Client, ClientReview, SatisfactionSurvey

Score = Annotated[int, Meta(ge=1, le=5)]
Long = Annotated[str, Meta(max_length=8000)]
QUESTIONS = ("overall", "punctuality", "kindness", "communication")


class ReviewIn(msgspec.Struct):
    scheduled_on: dt.date


class ReviewRecord(msgspec.Struct, omit_defaults=True):
    version: Annotated[int, Meta(ge=1)]
    held_on: dt.date | None | UnsetType = UNSET
    attended: Long | UnsetType = UNSET
    outcome: Long | UnsetType = UNSET
    care_plan_changes: Long | UnsetType = UNSET
    scheduled_on: dt.date | UnsetType = UNSET


class ReviewOut(msgspec.Struct):
    id: int
    client_id: int
    client_name: str
    scheduled_on: dt.date
    held_on: dt.date | None
    attended: str
    outcome: str
    care_plan_changes: str
    overdue: bool
    version: int


class SurveyIn(msgspec.Struct):
    overall: Score
    punctuality: Score
    kindness: Score
    communication: Score
    comments: Annotated[str, Meta(max_length=4000)] = ""
    taken_on: dt.date | None = None


class SurveyOut(msgspec.Struct):
    id: int
    client_id: int
    client_name: str
    taken_on: dt.date
    scores: dict[str, int]
    comments: str


class SurveySummary(msgspec.Struct):
    surveys: list[SurveyOut]
    averages: dict[str, float]  # per question, over the range


def _review_out(r: dict) -> ReviewOut:
    return ReviewOut(r["id"], r["client"], r["client_name"], r["scheduled_on"], r["held_on"], r["attended"],
                     r["outcome"], r["care_plan_changes"], r["held_on"] is None and r["scheduled_on"] < server_today(),
                     r["version"])


def _reviews():
    return ClientReview.select(*ClientReview.all_columns(), ClientReview.client.name.as_alias("client_name"))


async def _client(client_id: int) -> None:
    if not await Client.exists().where(Client.id == client_id):
        raise not_found("client", client_id)


async def schedule_review(user: AuthUser, client_id: int, data: ReviewIn) -> ReviewOut:
    await _client(client_id)
    async with write_transaction():
        inserted = await ClientReview.insert(ClientReview(client=client_id, scheduled_on=data.scheduled_on,
                                                          recorded_by=user.id)).returning(ClientReview.id)
        await audit.record(user.id, "client_review", inserted[0]["id"], "schedule", None,
                           {"client_id": client_id, "scheduled_on": data.scheduled_on})
    return _review_out(await _reviews().where(ClientReview.id == inserted[0]["id"]).first())


async def record_review(user: AuthUser, review_id: int, data: ReviewRecord) -> ReviewOut:
    values = struct_values(data)
    if values.get("held_on") and values["held_on"] > server_today():
        raise invalid("held_on", "is in the future")
    async with write_transaction():
        before = await versioned_update(ClientReview, review_id, data.version,
                                        {getattr(ClientReview, k): v for k, v in values.items()})
        await audit.record(user.id, "client_review", review_id, "record", {k: before[k] for k in values}, values)
    return _review_out(await _reviews().where(ClientReview.id == review_id).first())


async def list_reviews(client_id: int | None, only_open: bool) -> list[ReviewOut]:
    query = _reviews().order_by(ClientReview.scheduled_on)
    if client_id is not None:
        query = query.where(ClientReview.client == client_id)
    if only_open:
        query = query.where(ClientReview.held_on.is_null())
    return [_review_out(r) for r in await query]


async def record_survey(user: AuthUser, client_id: int, data: SurveyIn) -> SurveyOut:
    await _client(client_id)
    taken = data.taken_on or server_today()
    if taken > server_today():
        raise invalid("taken_on", "is in the future")
    scores = {q: getattr(data, q) for q in QUESTIONS}
    async with write_transaction():
        inserted = await SatisfactionSurvey.insert(SatisfactionSurvey(
            client=client_id, taken_on=taken, scores=scores, comments=data.comments.strip(), recorded_by=user.id,
        )).returning(SatisfactionSurvey.id)
        await audit.record(user.id, "satisfaction_survey", inserted[0]["id"], "record", None,
                           {"client_id": client_id, "taken_on": taken, "scores": scores})
    row = await SatisfactionSurvey.select(*SatisfactionSurvey.all_columns(),
                                          SatisfactionSurvey.client.name.as_alias("client_name")).where(
        SatisfactionSurvey.id == inserted[0]["id"]).output(load_json=True).first()
    return SurveyOut(row["id"], row["client"], row["client_name"], row["taken_on"], row["scores"], row["comments"])


async def surveys(start: dt.date, end: dt.date, client_id: int | None) -> SurveySummary:
    if end < start:
        raise invalid("end", "is before start")
    query = SatisfactionSurvey.select(*SatisfactionSurvey.all_columns(),
                                      SatisfactionSurvey.client.name.as_alias("client_name")).where(
        (SatisfactionSurvey.taken_on >= start) & (SatisfactionSurvey.taken_on <= end)).order_by(
        SatisfactionSurvey.taken_on).output(load_json=True)
    if client_id is not None:
        query = query.where(SatisfactionSurvey.client == client_id)
    rows = await query
    out = [SurveyOut(r["id"], r["client"], r["client_name"], r["taken_on"], r["scores"], r["comments"]) for r in rows]
    averages = {q: round(sum(s.scores[q] for s in out) / len(out), 2) for q in QUESTIONS} if out else {}
    return SurveySummary(out, averages)
