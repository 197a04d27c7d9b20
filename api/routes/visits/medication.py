"""Medication (eMAR): the office keeps each client's medication list and reads the MAR chart and
the exceptions; a carer reads the doses due at a call (on the day) and records each, offline
through the outbox (idempotent by UUID; a correction supersedes)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, Request, Response, get, patch, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, QueryParameter

from api.auth import planner_guard
from api.domain.shared.common import ConflictException, server_today
from api.domain.visits import doses, mar, medication

Id = Annotated[int | None, QueryParameter(ge=1, le=2_147_483_647)]


class MedicationController(Controller):
    tags = ["medication"]
    guards = [planner_guard]

    @get("/clients/{client_id:int}/medications", operation_id="listMedications", raises=[NotFoundException])
    async def list_medications(self, client_id: FromPath[int]) -> list[medication.MedicationOut]:
        """The client's medication list, stopped medicines included (with their stop date)."""
        return await medication.medication_list(client_id)

    @post("/clients/{client_id:int}/medications", operation_id="addMedication", raises=[NotFoundException])
    async def add(self, request: Request, client_id: FromPath[int],
                  data: JSONBody[medication.MedicationIn]) -> medication.MedicationOut:
        return await medication.add_medication(request.user, client_id, data)

    @patch("/medications/{medication_id:int}", operation_id="changeMedication",
           raises=[NotFoundException, ConflictException])
    async def change(self, request: Request, medication_id: FromPath[int],
                     data: JSONBody[medication.MedicationChange]) -> medication.MedicationOut:
        """Change a medicine (with the version read); stop it with a stop date."""
        return await medication.change_medication(request.user, medication_id, data)

    @get("/clients/{client_id:int}/mar", operation_id="marChart", raises=[NotFoundException])
    async def mar_chart(
        self, client_id: FromPath[int],
        month: Annotated[str | None, QueryParameter(max_length=7, description="YYYY-MM (default: this month)")] = None,
    ) -> mar.MarChart:
        """The month's MAR chart: each medicine's doses by day, with codes."""
        return await mar.mar_chart(client_id, month or server_today().strftime("%Y-%m"))

    @get("/medication/exceptions", operation_id="medicationExceptions")
    async def exceptions(
        self, start: Annotated[dt.date | None, QueryParameter(description="default: 6 days ago")] = None,
        end: Annotated[dt.date | None, QueryParameter(description="default: today")] = None, client_id: Id = None,
    ) -> list[mar.DoseException]:
        """Refused, not given, not recorded, late (the `dose_late_after_minutes` setting), and
        as-needed doses over their daily maximum."""
        end = end or server_today()
        return await mar.dose_exceptions(start or end - dt.timedelta(days=6), end, client_id)


class CarerDoseController(Controller):
    tags = ["carer app"]

    @get("/visits/{visit_id:int}/doses", operation_id="dosesDue",
         raises=[NotFoundException, PermissionDeniedException])
    async def due(self, request: Request, visit_id: FromPath[int]) -> list[doses.DoseDue]:
        """The medicines due at a call (and those taken as needed), each with its current record.
        A carer reads them for a call on their run, on the day only."""
        return await doses.doses_due(request.user, visit_id)

    @post("/visits/{visit_id:int}/doses", operation_id="recordDose",
          responses={200: ResponseSpec(data_container=doses.DoseOut, description="a replay: the stored record")},
          raises=[NotFoundException, PermissionDeniedException, ConflictException])
    async def record(self, request: Request, visit_id: FromPath[int],
                     data: JSONBody[doses.DoseIn]) -> Response[doses.DoseOut]:
        """One dose: given, prompted, refused, not given (with a reason) or an as-needed dose given
        (with why). Once per UUID; a correction names the record it supersedes."""
        result = await doses.record_dose(request.user, visit_id, data)
        return Response(result, status_code=200 if result.replayed else 201)
