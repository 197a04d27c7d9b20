"""Turning client defaults into calls."""

import datetime as dt

from api.domain.rostering.calls import generate_calls


def test_generating_calls_is_idempotent_and_honours_status(client, factory, run):
    monday = dt.date(2030, 1, 7)
    home = factory.client_()
    away = factory.client_()
    factory.default(home["id"], weekday=0)
    factory.default(away["id"], weekday=0)
    h = factory.headers("planner")
    client.patch(f"/clients/{away['id']}", json={"version": 1, "status": "in_hospital"}, headers=h)
    first = client.post("/calls/generate", json={"start": "2030-01-07", "end": "2030-01-20"}, headers=h).json()
    assert first["created"] == 2  # two Mondays, only the client at home
    again = run(generate_calls, monday, monday + dt.timedelta(days=13))
    assert again["created"] == 0
    bad = client.post("/calls/generate", json={"start": "2030-01-20", "end": "2030-01-07"}, headers=h)
    assert bad.status_code == 400
    too_long = client.post("/calls/generate", json={"start": "2030-01-01", "end": "2030-03-01"}, headers=h)
    assert too_long.status_code == 400 and "28" in too_long.text
