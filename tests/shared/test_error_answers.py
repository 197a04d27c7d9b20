"""A value the database cannot hold or a reference to a row that does not exist is a 400 naming
the field, never a 404/409 or a message from the database."""

import pytest

MISSING = 987654


def _field_of(response) -> str:
    return response.json()["extra"][0]["key"]


def _assert_400_naming(response, field: str):
    assert response.status_code == 400, response.text
    assert _field_of(response) == field
    for leak in ("constraint", "sqlite", "asyncpg", "violat", "FOREIGN", "UNIQUE", "Key ("):
        assert leak.lower() not in response.text.lower(), response.text


def test_care_plan_for_a_missing_client_is_400_naming_client_id(client, factory):
    body = {"client_id": MISSING, "title": "Morning", "starts_on": "2026-12-01", "tasks": []}
    _assert_400_naming(client.post("/care-plans", json=body, headers=factory.headers("planner")), "client_id")


def test_client_default_for_a_missing_client_is_400_naming_client_id(client, factory):
    body = {"client_id": MISSING, "weekday": 0, "start": "08:00", "duration_minutes": 30}
    _assert_400_naming(client.post("/client-defaults", json=body, headers=factory.headers("planner")),
                       "client_id")


def test_carer_linked_to_a_missing_user_is_400_naming_user_id(client, factory):
    body = {"name": "Carer X", "home_lat": 51.4, "home_lon": -2.8, "user_id": MISSING}
    _assert_400_naming(client.post("/carers", json=body, headers=factory.headers("planner")), "user_id")


@pytest.mark.parametrize("path", ["/clients", "/carers", "/audit", "/users"])
def test_a_page_offset_too_large_to_store_is_400_naming_offset(client, factory, path):
    r = client.get(path, params={"offset": 2**64 + 1}, headers=factory.headers("admin"))
    _assert_400_naming(r, "offset")


def test_text_with_a_nul_character_is_a_400_not_a_server_error(client, factory):
    # PostgreSQL cannot store NUL in text (found by the schemathesis run on the login form).
    r = client.post("/clients", json={"name": "Nul\x00Name", "address": "1 Test Street", "lat": 51.44,
                                      "lon": -2.85}, headers=factory.headers("planner"))
    assert r.status_code in (201, 400), r.text
    if r.status_code == 400:
        assert "UTF8" not in r.text and "0x00" not in r.text
