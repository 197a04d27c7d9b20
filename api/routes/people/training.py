"""Qualifications, training and training sessions (staff), and a carer's own records (/me)."""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, get, patch, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, JSONBody

from api.auth import planner_guard
from api.domain.people import training as records
from api.domain.people import training_sessions as sessions
from api.domain.shared.common import ConflictException, server_today
from api.routes.shared.params import VersionIn


class TrainingController(Controller):
    path = "/training"
    tags = ["training"]
    guards = [planner_guard]

    @get("/courses", operation_id="listCourses")
    async def list_courses(self) -> list[records.CourseOut]:
        """The qualification grid, mandatory training and optimiser skills the agency records."""
        return records.courses()

    @get("/matrix", operation_id="trainingMatrix")
    async def matrix(self) -> records.Matrix:
        """Every active carer against every course: expired, due within 30 days, valid, missing."""
        return await records.matrix(server_today())

    @get("/records", operation_id="listTrainingRecords")
    async def list_records(self, carer_id: FromQuery[int | None] = None) -> list[records.RecordOut]:
        return await records.list_records(carer_id, server_today())

    @post("/records", operation_id="createTrainingRecord")
    async def create_record(self, request: Request, data: JSONBody[records.RecordIn]) -> records.RecordOut:
        return await records.create_record(data, request.user.id, server_today())

    @patch("/records/{record_id:int}", operation_id="updateTrainingRecord",
           raises=[NotFoundException, ConflictException])
    async def update_record(self, request: Request, record_id: FromPath[int],
                            data: JSONBody[records.RecordUpdate]) -> records.RecordOut:
        return await records.update_record(record_id, data, request.user.id, server_today())

    @get("/sessions", operation_id="listTrainingSessions")
    async def list_sessions(self, start: FromQuery[dt.date | None] = None, end: FromQuery[dt.date | None] = None,
                            carer_id: FromQuery[int | None] = None) -> list[sessions.SessionOut]:
        return await sessions.list_sessions(start, end, carer_id)

    @post("/sessions", operation_id="bookTrainingSession")
    async def book(self, request: Request, data: JSONBody[sessions.SessionIn]) -> sessions.SessionOut:
        """Book a carer on a course: their calls in those hours are released for cover."""
        return await sessions.book_session(data, request.user.id, server_today())

    @post("/sessions/{session_id:int}/cancel", operation_id="cancelTrainingSession", status_code=200,
          raises=[NotFoundException, ConflictException])
    async def cancel(self, request: Request, session_id: FromPath[int], data: JSONBody[VersionIn]) -> sessions.SessionOut:
        return await sessions.cancel_session(session_id, data.version, request.user.id)


class MyTrainingController(Controller):
    tags = ["carer app"]

    @get("/me/training", operation_id="myTraining", raises=[PermissionDeniedException])
    async def my_training(self, request: Request) -> list[records.RecordOut]:
        """A carer's own qualifications and training (the More screen)."""
        if request.user.carer_id is None:
            raise PermissionDeniedException(detail="only carers have training records here; staff use /training")
        return await records.list_records(request.user.carer_id, server_today())
