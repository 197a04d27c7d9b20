"""Client reviews and satisfaction surveys (planners, managers, admins)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, Request, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter

from api.auth import planner_guard
from api.domain.quality import reviews
from api.domain.shared.common import ConflictException, server_today

Id = Annotated[int | None, QueryParameter(ge=1, le=2_147_483_647)]


class ReviewController(Controller):
    tags = ["reviews and surveys"]
    guards = [planner_guard]

    @post("/clients/{client_id:int}/reviews", operation_id="scheduleReview", raises=[NotFoundException])
    async def schedule(self, request: Request, client_id: FromPath[int], data: JSONBody[reviews.ReviewIn]) -> reviews.ReviewOut:
        return await reviews.schedule_review(request.user, client_id, data)

    @patch("/reviews/{review_id:int}", operation_id="recordReview", raises=[NotFoundException, ConflictException])
    async def record(self, request: Request, review_id: FromPath[int], data: JSONBody[reviews.ReviewRecord]) -> reviews.ReviewOut:
        """Record the review held: date, who attended, outcome, changes to the care plan."""
        return await reviews.record_review(request.user, review_id, data)

    @get("/reviews", operation_id="listReviews")
    async def list_reviews(self, client_id: Id = None,
                           open_only: Annotated[bool, QueryParameter(description="only reviews not yet held")] = False,
                           ) -> list[reviews.ReviewOut]:
        return await reviews.list_reviews(client_id, open_only)

    @post("/clients/{client_id:int}/surveys", operation_id="recordSurvey", raises=[NotFoundException])
    async def survey(self, request: Request, client_id: FromPath[int], data: JSONBody[reviews.SurveyIn]) -> reviews.SurveyOut:
        return await reviews.record_survey(request.user, client_id, data)

    @get("/surveys", operation_id="listSurveys")
    async def list_surveys(self, start: Annotated[dt.date | None, QueryParameter(description="default: 90 days ago")] = None,
                           end: Annotated[dt.date | None, QueryParameter(description="default: today")] = None,
                           client_id: Id = None) -> reviews.SurveySummary:
        end = end or server_today()
        return await reviews.surveys(start or end - dt.timedelta(days=90), end, client_id)
