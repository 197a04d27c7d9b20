"""The OpenAPI document's security: the bearer scheme, which operations need it, and the error
answers every client must expect (401, 403, 409, 429).

Litestar builds the document once, on first use; `describe_security` runs at startup, builds
it and completes each operation from its route handler (public or not, method, event stream).
"""

from __future__ import annotations

from litestar import Litestar
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, OpenAPIResponse, SecurityScheme

from api.auth import EVENT_STREAM

BEARER = "BearerToken"
STREAM_TICKET = "StreamTicket"
PUBLIC_PATHS = ("/health", "/schema")
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
RATE_LIMITED = {"login"}

_ANSWERS = {
    "401": "No valid access token: missing, expired, revoked or for a session that has ended.",
    "403": "Signed in, but this role (or this carer) may not do this.",
    "409": "Conflicts with the current state: changed by someone else meanwhile, or a duplicate.",
    "429": "Too many failed sign-ins for this user name or address; the Retry-After header says "
           "how many seconds to wait.",
}


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Carerun API",
        version="0.1.0",
        path="/schema",
        components=Components(security_schemes={
            BEARER: SecurityScheme(
                type="http", scheme="bearer", bearer_format="JWT",
                description="The access token from POST /auth/login or /auth/refresh."),
            STREAM_TICKET: SecurityScheme(
                type="apiKey", name="ticket", security_scheme_in="query",
                description="Event streams only: a one-minute ticket from POST /auth/stream-ticket "
                            "for that stream's path (EventSource cannot send headers)."),
        }),
    )


def _handlers_by_operation(app: Litestar) -> dict[str, tuple[object, str]]:
    found = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if isinstance(handler.operation_id, str):
                found[handler.operation_id] = (handler, route.path)
    return found


def _answer(code: str) -> OpenAPIResponse:
    return OpenAPIResponse(description=_ANSWERS[code])


def describe_security(app: Litestar) -> None:
    """Startup hook: mark each operation public or bearer-only and list its error answers."""
    document = app.openapi_schema
    handlers = _handlers_by_operation(app)
    for path, item in (document.paths or {}).items():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(item, method, None)
            if operation is None:
                continue
            handler, _ = handlers.get(operation.operation_id, (None, path))
            opt = getattr(handler, "opt", {}) or {}
            public = opt.get("exclude_from_auth") or path.startswith(PUBLIC_PATHS)
            responses = operation.responses if operation.responses is not None else {}
            if public:
                operation.security = []
            else:
                operation.security = [{BEARER: []}]
                if opt.get(EVENT_STREAM):
                    operation.security.append({STREAM_TICKET: []})
                responses.setdefault("401", _answer("401"))
                responses.setdefault("403", _answer("403"))
            if method.upper() in WRITES and not public:
                responses.setdefault("409", _answer("409"))
            if operation.operation_id in RATE_LIMITED:
                responses.setdefault("429", _answer("429"))
            operation.responses = responses
