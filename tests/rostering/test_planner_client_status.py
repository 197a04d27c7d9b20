"""Calls from client defaults follow the client's status; one-off changes stay."""

import datetime as dt

from tests.support.planner_setup import MONDAY
from api.domain.shared.common import server_today


def test_hospital_cancels_unstarted_calls_and_home_brings_them_back(client, factory):
    h = factory.headers("planner")
    ann = factory.carer()
    someone = factory.client_()
    factory.default(someone["id"], weekday=0, start="08:00")
    factory.default(someone["id"], weekday=0, start="18:00")
    assert client.post("/calls/generate", json={"start": MONDAY, "end": MONDAY}, headers=h).json()["created"] == 2
    morning, evening = sorted(client.get(f"/calls/uncovered?date={MONDAY}", headers=h).json(),
                              key=lambda c: c["window_start"])
    # The planner assigns the morning call and cancels the evening one by hand.
    client.post(f"/calls/{morning['id']}/move", json={"version": 1, "to_carer_id": ann["id"]}, headers=h)
    client.post(f"/calls/{evening['id']}/cancel", json={"version": 1}, headers=h)

    client.patch(f"/clients/{someone['id']}", json={"version": 1, "status": "in_hospital"}, headers=h)
    result = client.post("/calls/generate", json={"start": MONDAY, "end": MONDAY}, headers=h).json()
    assert result["created"] == 0 and result["cancelled_client_status"] == 1
    gone = client.get(f"/calls/{morning['id']}", headers=h).json()
    assert gone["status"] == "cancelled" and gone["assignments"] == []
    events = client.get(f"/audit?entity=visit&entity_id={morning['id']}", headers=factory.headers("manager")).json()
    assert events["items"][0]["action"] == "cancel_client_status"
    assert events["items"][0]["before"]["carer_ids"] == [ann["id"]]

    client.patch(f"/clients/{someone['id']}", json={"version": 2, "status": "active"}, headers=h)
    result = client.post("/calls/generate", json={"start": MONDAY, "end": MONDAY}, headers=h).json()
    assert result["restored_client_status"] == 1 and result["created"] == 0
    assert client.get(f"/calls/{morning['id']}", headers=h).json()["status"] == "planned"
    # The call the planner cancelled by hand stays cancelled.
    assert client.get(f"/calls/{evening['id']}", headers=h).json()["status"] == "cancelled"


def test_ceasing_cancels_future_calls_at_once_and_applying_again_changes_nothing(client, factory):
    h = factory.headers("planner")
    someone = factory.client_()
    tomorrow = server_today() + dt.timedelta(days=1)
    factory.default(someone["id"], weekday=tomorrow.weekday(), start="08:00")
    client.post("/calls/generate", json={"start": tomorrow.isoformat(), "end": tomorrow.isoformat()}, headers=h)
    client.patch(f"/clients/{someone['id']}", json={"version": 1, "status": "ceased",
                                                    "status_since": server_today().isoformat()}, headers=h)
    assert client.get(f"/calls/uncovered?date={tomorrow}", headers=h).json() == []
    result = client.post(f"/planner/clients/{someone['id']}/apply-status", headers=h)
    assert result.status_code == 200 and result.json()["cancelled_client_status"] == 0
    assert client.post("/planner/clients/99999/apply-status", headers=h).status_code == 404
