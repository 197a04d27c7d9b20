"""Health: is the app up and its database reachable."""

from litestar import get
from litestar.response import Response

from api.domain.shared.db import is_postgres, ping


@get("/health", operation_id="health", opt={"exclude_from_auth": True}, tags=["health"])
async def health() -> Response[dict]:
    ok = await ping()
    body = {"status": "ok" if ok else "degraded", "database": "reachable" if ok else "unreachable",
            "engine": "postgres" if is_postgres() else "sqlite"}
    return Response(body, status_code=200 if ok else 503)
