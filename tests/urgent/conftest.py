"""Urgent response fixtures: carers who work all day, and a client to fall."""

import datetime as dt

import pytest
from api.domain.shared.common import server_today

ALL_DAY = [{"weekday": d, "start": "00:00", "end": "23:59"} for d in range(7)]
SPOT = {"lat": 51.4400, "lon": -2.8500}


@pytest.fixture
def out_of_hours(client, factory):
    """Put carers on tonight's and last night's out-of-hours team (so the tests hold at any hour)."""
    manager = factory.headers("manager")

    def _add(*carers):
        today = server_today()
        for carer in carers:
            for day in (today - dt.timedelta(days=1), today):
                r = client.post("/out-of-hours", json={"date": day.isoformat(), "role": "carer",
                                                       "person_id": carer["id"]}, headers=manager)
                assert r.status_code == 201, r.text
    return _add


def log_fall(client, headers, client_id, **fields) -> dict:
    body = {"need": "fall_no_injury", "what_happened": "Found on the bedroom floor, no injury seen",
            "client_id": client_id, **fields}
    r = client.post("/urgent", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()
