"""Small building blocks for the planner and manager tests (through the public API)."""

from __future__ import annotations

MONDAY = "2030-01-07"  # a Monday well in the future, so calls are unstarted


def add_call(client, headers, client_id, date=MONDAY, start="09:00", carer_ids=(), **fields) -> dict:
    body = {"client_id": client_id, "date": date, "start": start, "duration_minutes": 30,
            "carer_ids": list(carer_ids), **fields}
    response = client.post("/calls", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def me(client, headers) -> dict:
    return client.get("/auth/me", headers=headers).json()
