"""The Litestar application factory."""

from __future__ import annotations

import logging
from pathlib import Path

from litestar import Litestar, Request, Response
from litestar.config.cors import CORSConfig
from litestar.exceptions import HTTPException
from litestar.middleware.base import DefineMiddleware
from litestar.static_files import create_static_files_router
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from api.auth import JWTAuthMiddleware
from api.browser_security import add_security_headers
from api.openapi import describe_security, openapi_config
from api.load_shedding import ConcurrencyLimit, InFlight, max_in_flight_from_env
from api.domain.shared.db import close_pool, open_pool
from api.domain.shared.db_errors import refusal as db_refusal
from api.routes.shared.audit import AuditController
from api.routes.people.auth import AuthController
from api.routes.clients.care_plans import CarePlanController
from api.routes.visits.carer_app import CarerAppController
from api.routes.visits.call_records import CallRecordController, PhoningInController
from api.routes.visits.incidents import IncidentController
from api.routes.quality.communications import CommunicationController
from api.routes.quality.feedback import FeedbackController
from api.routes.quality.reviews import ReviewController
from api.routes.visits.medication import CarerDoseController, MedicationController
from api.routes.people.carers import CarerController
from api.routes.people.carer_defaults import CarerDefaultsController
from api.routes.people.training import MyTrainingController, TrainingController
from api.routes.people.career import CareerController, MyCareerController
from api.routes.people.supervision import MySupervisionController, SupervisionController
from api.routes.clients.clients import ClientController
from api.routes.clients.defaults import DefaultController
from api.routes.clients.pattern import PatternController
from api.routes.clients.risks import RiskController
from api.routes.shared.health import health
from api.routes.setup.csv_import import ImportController
from api.routes.setup.settings import SettingsController
from api.domain.urgent.dispatch import start_ticker, stop_ticker
from api.routes.urgent.carer import CarerUrgentController
from api.routes.urgent.urgent import OutOfHoursController, UrgentController
from api.routes.people.users import UserController
from api.routes.people.leave import LeaveController
from api.routes.rostering.live import LiveController
from api.routes.rostering.oncall import OnCallController, RotaController
from api.routes.rostering.jobs import OptimiseController
from api.routes.rostering.rolling import RollingRotaController
from api.domain.rostering.rolling_schedule import start_scheduler, stop_scheduler
from api.routes.rostering.board import PlannerController
from api.routes.rostering.call_commands import CallController
from api.routes.rostering.publishing import PublishingController
from api.routes.notify.inbox import InboxController, NotificationStaffController
from api.routes.notify.push import PushController
from api.routes.rostering.runs import RunController
from api.routes.reports.reports import ReportController

log = logging.getLogger("carerun")
STATIC_DIR = Path(__file__).resolve().parent.parent / "pwa" / "static"


def _unexpected(request: Request, exc: Exception) -> Response:
    """The last resort: a database refusal becomes a 400 (or a 409 for a duplicate) in plain
    words, anything else a bare 500. The database's own message stays in the log."""
    answer = db_refusal(exc)
    if answer is not None:
        log.warning("database refused %s %s: %r", request.method, request.url.path, exc)
        return Response(answer.body(), status_code=answer.status_code)
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return Response({"status_code": 500, "detail": "internal error"},
                    status_code=HTTP_500_INTERNAL_SERVER_ERROR)


def route_handlers() -> list:
    return [
        health,
        AuthController,
        CarerController,
        CarerDefaultsController,
        TrainingController,
        MyTrainingController,
        CareerController, MyCareerController,
        SupervisionController,
        MySupervisionController,
        ClientController,
        CarePlanController,
        DefaultController,
        PatternController,
        RiskController,
        RunController,
        CarerAppController,
        ImportController,
        UserController,
        OptimiseController,
        PushController, InboxController, NotificationStaffController,
        PlannerController, CallController, LeaveController, PublishingController,
        OnCallController, RotaController, LiveController, AuditController,
        ReportController,
        SettingsController,
        CallRecordController,
        IncidentController,
        MedicationController,
        CarerDoseController,
        CommunicationController,
        PhoningInController,
        FeedbackController,
        ReviewController,
        RollingRotaController,
        UrgentController, OutOfHoursController, CarerUrgentController,
    ]


def create_app(extra_handlers: list | None = None, max_in_flight: int | None = None) -> Litestar:
    auth = DefineMiddleware(JWTAuthMiddleware, exclude=["^/schema", "^/health"])
    shed = DefineMiddleware(ConcurrencyLimit, gate=InFlight(max_in_flight or max_in_flight_from_env()))
    handlers = route_handlers() + (extra_handlers or [])
    if STATIC_DIR.is_dir():
        handlers.append(create_static_files_router(
            path="/", directories=[STATIC_DIR], html_mode=True, opt={"exclude_from_auth": True},
            include_in_schema=False, name="pwa",
        ))
    return Litestar(
        route_handlers=handlers,
        middleware=[shed, auth],  # shedding first: refusing must not cost an authentication
        on_startup=[open_pool, describe_security, start_scheduler, start_ticker],
        on_shutdown=[stop_ticker, stop_scheduler, close_pool],
        openapi_config=openapi_config(),
        before_send=[add_security_headers],
        exception_handlers={Exception: _exception_handler},
    )


def _exception_handler(request: Request, exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        body = {"status_code": exc.status_code, "detail": exc.detail}
        if exc.extra:
            body["extra"] = exc.extra
        return Response(body, status_code=exc.status_code, headers=exc.headers)
    return _unexpected(request, exc)
