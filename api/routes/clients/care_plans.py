"""Care plans API: staff manage them; carers read the plans of clients on their calls."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from typing import Annotated

from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.auth import planner_guard
from api.domain.clients import care_plans as service
from api.domain.clients import reviews
from api.domain.clients.reviews import ReviewDue
from api.domain.shared.common import Page, server_today
from api.routes.clients.clients import allowed_client_ids, ensure_can_read_client
from api.routes.shared.params import Limit, Offset, VersionIn


class CarePlanController(Controller):
    path = "/care-plans"
    tags = ["care plans"]

    @get("/", operation_id="listCarePlans")
    async def list_care_plans(
        self, request: Request, limit: Limit = 50, offset: Offset = 0,
        client_id: FromQuery[int | None] = None, active: FromQuery[bool | None] = None,
    ) -> Page[service.CarePlanOut]:
        allowed = await allowed_client_ids(request)
        if allowed is not None:
            if client_id is None or client_id not in allowed:
                raise PermissionDeniedException(detail="carers list care plans one client of theirs at a time (client_id)")
        items, total = await service.list_care_plans(limit, offset, client_id, active)
        return Page(items, total, limit, offset)

    @get("/reviews-due", operation_id="reviewsDue", guards=[planner_guard])
    async def reviews_due(
        self, within_days: Annotated[int, QueryParameter(ge=0, le=366)] = 28,
    ) -> list[ReviewDue]:
        """Care plans and risk assessments overdue or due within `within_days`."""
        return await reviews.reviews_due(server_today(), within_days)

    @get("/{plan_id:int}", operation_id="getCarePlan", raises=[NotFoundException, PermissionDeniedException])
    async def get_care_plan(self, request: Request, plan_id: FromPath[int]) -> service.CarePlanOut:
        plan = await service.get_care_plan(plan_id)
        await ensure_can_read_client(request, plan.client_id)
        return plan

    @post("/", operation_id="createCarePlan", guards=[planner_guard])
    async def create_care_plan(self, request: Request, data: JSONBody[service.CarePlanCreate]) -> service.CarePlanOut:
        return await service.create_care_plan(data, request.user.id)

    @patch("/{plan_id:int}", operation_id="updateCarePlan", guards=[planner_guard], raises=[NotFoundException])
    async def update_care_plan(
        self, request: Request, plan_id: FromPath[int], data: JSONBody[service.CarePlanUpdate]
    ) -> service.CarePlanOut:
        return await service.update_care_plan(plan_id, data, request.user.id)

    @post("/{plan_id:int}/deactivate", operation_id="deactivateCarePlan", guards=[planner_guard],
          status_code=200, raises=[NotFoundException])
    async def deactivate(self, request: Request, plan_id: FromPath[int], data: JSONBody[VersionIn]) -> service.CarePlanOut:
        return await service.deactivate_care_plan(plan_id, data.version, request.user.id)

    @post("/{plan_id:int}/review", operation_id="reviewCarePlan", guards=[planner_guard],
          status_code=200, raises=[NotFoundException])
    async def review(self, request: Request, plan_id: FromPath[int], data: JSONBody[service.ReviewIn]) -> service.CarePlanOut:
        """Record a review; the next one is due after the plan's interval."""
        return await service.review_care_plan(plan_id, data, request.user.id)
