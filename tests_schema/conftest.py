"""Sign-ins for the schema run."""

from __future__ import annotations

import pytest
from schemathesis.python import asgi

from tests_schema.demo_app import APP, PASSWORD


@pytest.fixture(scope="session")
def tokens() -> dict[str, str]:
    """Access tokens of the demo admin and a demo carer, from the real login."""
    out = {}
    with asgi.get_client(APP) as http:
        for role, username in (("admin", "admin"), ("carer", "carer01")):
            response = http.post(f"http://{asgi.HOST}/auth/login",
                                 json={"username": username, "password": PASSWORD})
            assert response.status_code == 200, response.text
            out[role] = response.json()["access_token"]
    return out
