"""Health check, OpenAPI, and secrets generated on first run."""

import os
import stat

from api.settings import var_dir


def test_health_reports_database_reachable(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["database"] == "reachable"


def test_openapi_schema_is_served(client):
    response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    assert "/carers" in response.json()["paths"]


def test_secrets_are_generated_owner_only(client):
    for name in ("jwt_secret", "vapid_private.pem"):
        path = var_dir() / name
        if os.environ.get("CARERUN_JWT_SECRET") and name == "jwt_secret":
            continue
        assert path.exists()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
