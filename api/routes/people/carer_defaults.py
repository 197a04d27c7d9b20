"""Staff defaults API (issue 11 point 4): a carer's contracted hours and default rota (their
standing weekly availability), each with changes from a date, and the exceptions to the rota.
Office staff only. (PATCH /carers/{id} `availability` corrects the week in force today.)"""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody

from api.auth import planner_guard
from api.domain.people import availability_exceptions as exceptions
from api.domain.people import contract_hours as hours
from api.domain.people import default_rota as rota
from api.domain.shared.common import ConflictException, server_today


class CarerDefaultsController(Controller):
    path = "/carers/{carer_id:int}"
    tags = ["carers"]
    guards = [planner_guard]

    @get("/hours", operation_id="getCarerHours", raises=[NotFoundException])
    async def get_hours(self, carer_id: FromPath[int]) -> hours.CarerHours:
        """Contracted hours in force today, the changes to come, and the history."""
        return await hours.carer_hours(carer_id)

    @post("/hours", operation_id="changeCarerHours", status_code=200, raises=[NotFoundException, ConflictException])
    async def change_hours(self, request: Request, carer_id: FromPath[int],
                           data: JSONBody[hours.HoursChangeIn]) -> hours.CarerHours:
        """A change of hours from a date ("from Monday 22.5 h"); the earlier hours stay as history."""
        return await hours.change_hours(carer_id, data, request.user.id)

    @post("/hours/{change_id:int}/withdraw", operation_id="withdrawCarerHoursChange", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def withdraw(self, request: Request, carer_id: FromPath[int], change_id: FromPath[int],
                       data: JSONBody[hours.HoursWithdrawIn]) -> hours.CarerHours:
        """Take back a change of hours that has not come into force."""
        return await hours.withdraw_change(carer_id, change_id, data, request.user.id)

    @get("/default-rota", operation_id="getCarerDefaultRota", raises=[NotFoundException])
    async def get_rota(self, carer_id: FromPath[int]) -> rota.CarerRota:
        """The week in force today, the changes to come, and the weeks before."""
        return await rota.carer_rota(carer_id)

    @post("/default-rota", operation_id="changeCarerDefaultRota", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def change_rota(self, request: Request, carer_id: FromPath[int],
                          data: JSONBody[rota.RotaChangeIn]) -> rota.CarerRota:
        """A new default rota from a date (today or later); this week stays as it is when that is next Monday."""
        return await rota.change_rota(carer_id, data, request.user.id)

    @post("/default-rota/withdraw", operation_id="withdrawCarerDefaultRotaChange", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def withdraw_rota(self, request: Request, carer_id: FromPath[int],
                            data: JSONBody[rota.RotaWithdrawIn]) -> rota.CarerRota:
        return await rota.withdraw_rota_change(carer_id, data, request.user.id)

    @get("/availability-exceptions", operation_id="listAvailabilityExceptions", raises=[NotFoundException])
    async def list_exceptions(self, carer_id: FromPath[int],
                              since: FromQuery[dt.date | None] = None) -> exceptions.CarerExceptions:
        """Dates the carer is off or works other hours than their default rota (from today by default)."""
        return await exceptions.list_exceptions(carer_id, since or server_today())

    @post("/availability-exceptions", operation_id="setAvailabilityException", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def set_exception(self, request: Request, carer_id: FromPath[int],
                            data: JSONBody[exceptions.ExceptionIn]) -> exceptions.CarerExceptions:
        return await exceptions.set_exception(carer_id, data, request.user.id)

    @post("/availability-exceptions/remove", operation_id="removeAvailabilityExceptions", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def remove_exceptions(self, request: Request, carer_id: FromPath[int],
                                data: JSONBody[exceptions.ExceptionRemoveIn]) -> exceptions.CarerExceptions:
        return await exceptions.remove_exceptions(carer_id, data, request.user.id)
