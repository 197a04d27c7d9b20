"""Browser hardening: every answer carries the security headers; the app page runs no inline
script; HSTS over https; the OpenAPI document declares the bearer scheme and error answers."""

import re

from api.app import STATIC_DIR


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


def test_every_answer_carries_the_security_headers(client, factory):
    for response in (client.get("/"), client.get("/health"), client.get("/carers"),
                     client.get("/no-such-page"), client.get("/carers", headers=factory.headers("planner"))):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        csp = _csp(response)
        assert csp["script-src"] == "script-src 'self'"  # no 'unsafe-inline', no 'unsafe-eval'
        assert csp["frame-ancestors"] == "frame-ancestors 'none'"
        assert csp["object-src"] == "object-src 'none'"
        assert "Strict-Transport-Security" not in response.headers  # plain http here


def test_the_app_page_has_no_inline_script_or_handler():
    html = (STATIC_DIR / "index.html").read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> block"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler attribute"
    assert "javascript:" not in html


def test_hsts_when_served_over_https(client):
    response = client.get("https://carerun.test/health")  # the request's scheme is https
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_the_openapi_document_declares_bearer_auth_and_error_answers(client):
    document = client.get("/schema/openapi.json").json()
    scheme = document["components"]["securitySchemes"]["BearerToken"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    paths = document["paths"]
    create_carer = paths["/carers"]["post"]
    assert create_carer["security"] == [{"BearerToken": []}]
    assert {"401", "403", "409"} <= set(create_carer["responses"])
    login = paths["/auth/login"]["post"]
    assert login["security"] == [] and "429" in login["responses"]
    assert paths["/health"]["get"]["security"] == []
    for path, item in paths.items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete") and operation["security"]:
                assert "401" in operation["responses"], f"{method.upper()} {path} lacks its 401"
