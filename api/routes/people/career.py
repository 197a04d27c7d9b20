"""Career progression: the agency's career map (managers edit it), each carer's role history and
what they lack for the next role (staff), and a carer's own (/me/career, the More screen)."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, patch, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, JSONBody

from api.auth import manager_guard, planner_guard
from api.domain.people import career, career_roles
from api.domain.shared.common import ConflictException, server_today


class CareerController(Controller):
    path = "/career"
    tags = ["career"]
    guards = [planner_guard]

    @get("/roles", operation_id="listCareerRoles")
    async def list_roles(self) -> list[career_roles.RoleOut]:
        """The career map's roles, the courses each requires and the roles each leads to."""
        return await career_roles.list_roles()

    @patch("/roles/{code:str}", operation_id="updateCareerRole", guards=[manager_guard],
           raises=[NotFoundException, ConflictException])
    async def update_role(self, request: Request, code: FromPath[str],
                          data: JSONBody[career_roles.RoleUpdate]) -> career_roles.RoleOut:
        """Managers: a role's name, required courses, next roles and what else it asks."""
        return await career_roles.update_role(code, data, request.user.id)

    @get("/progression", operation_id="careerProgression")
    async def progression(self, role: FromQuery[str | None] = None,
                          ready: FromQuery[bool | None] = None) -> career.Progression:
        """Every working carer: role, and per next role ready or what they lack."""
        return await career.progression(server_today(), role, ready)

    @get("/progression/export.csv", operation_id="exportCareerProgressionCsv", media_type="text/csv")
    async def export_csv(self, role: FromQuery[str | None] = None,
                         ready: FromQuery[bool | None] = None) -> Response[str]:
        data = await career.progression(server_today(), role, ready)
        return Response(career.progression_csv(data), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="career-progression.csv"'})

    @get("/carers/{carer_id:int}", operation_id="getCarerCareer", raises=[NotFoundException])
    async def carer_career(self, carer_id: FromPath[int]) -> career.CareerOut:
        """A carer's role and its history, what they hold, and what they lack for the next role."""
        return await career.carer_career(carer_id, server_today())

    @post("/carers/{carer_id:int}/roles", operation_id="recordCarerRole", guards=[manager_guard],
          raises=[NotFoundException])
    async def record_role(self, request: Request, carer_id: FromPath[int],
                          data: JSONBody[career.RoleChangeIn]) -> career.CareerOut:
        """Managers: the carer's role from a date (a promotion or a correction), kept as history."""
        return await career.record_role(carer_id, data, request.user.id, server_today())


class MyCareerController(Controller):
    tags = ["carer app"]

    @get("/me/career", operation_id="myCareer", raises=[PermissionDeniedException])
    async def my_career(self, request: Request) -> career.CareerOut:
        """A carer's own role, what they hold and what they lack for the next role (More screen)."""
        if request.user.carer_id is None:
            raise PermissionDeniedException(detail="only carers have a career here; staff use /career")
        return await career.carer_career(request.user.carer_id, server_today(), for_carer=True)
