"""Complaints and compliments (planners, managers, admins)."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody

from api.auth import planner_guard
from api.domain.quality import feedback
from api.domain.shared.choices import FeedbackKind, FeedbackStatus
from api.domain.shared.common import ConflictException, Page
from api.routes.shared.params import Limit, Offset


class FeedbackController(Controller):
    path = "/feedback"
    tags = ["complaints and compliments"]
    guards = [planner_guard]

    @post("/", operation_id="recordFeedback")
    async def record(self, request: Request, data: JSONBody[feedback.FeedbackIn]) -> feedback.FeedbackOut:
        """A complaint (with its acknowledge and respond dates from the settings) or a compliment."""
        return await feedback.record_feedback(request.user, data)

    @get("/", operation_id="listFeedback")
    async def list_all(self, kind: FromQuery[FeedbackKind | None] = None, status: FromQuery[FeedbackStatus | None] = None,
                       limit: Limit = 50, offset: Offset = 0) -> Page[feedback.FeedbackOut]:
        items, total = await feedback.list_feedback(kind.value if kind else None, status.value if status else None,
                                                    limit, offset)
        return Page(items, total, limit, offset)

    @get("/due", operation_id="feedbackDue")
    async def due(self) -> list[feedback.FeedbackOut]:
        """Open complaints with the next thing due (acknowledge, respond), earliest first."""
        return await feedback.due()

    @get("/{feedback_id:int}", operation_id="getFeedback", raises=[NotFoundException])
    async def get_one(self, feedback_id: FromPath[int]) -> feedback.FeedbackOut:
        return await feedback.get_feedback(feedback_id)

    @patch("/{feedback_id:int}", operation_id="changeFeedback", raises=[NotFoundException, ConflictException])
    async def change(self, request: Request, feedback_id: FromPath[int],
                     data: JSONBody[feedback.FeedbackChange]) -> feedback.FeedbackOut:
        """Acknowledge, investigate, respond, record satisfaction, close (with the version read)."""
        return await feedback.change_feedback(request.user, feedback_id, data)
