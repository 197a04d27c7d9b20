"""Complaints and compliments."""

import datetime as dt

from api.domain.shared.common import server_today


def test_a_complaint_is_due_then_responded_to_and_closed(client, factory):
    office = factory.headers("manager")
    carer = factory.carer()
    received = server_today() - dt.timedelta(days=5)
    made = client.post("/feedback", headers=office, json={
        "kind": "complaint", "raised_by": "June (daughter)", "raised_by_kind": "family", "carer_id": carer["id"],
        "summary": "Morning calls have been 40 minutes late all week", "received_on": received.isoformat()})
    assert made.status_code == 201, made.text
    complaint = made.json()
    assert (complaint["acknowledge_by"], complaint["respond_by"]) == (
        (received + dt.timedelta(days=3)).isoformat(), (received + dt.timedelta(days=20)).isoformat())
    due = client.get("/feedback/due", headers=office).json()
    assert [(d["id"], d["next_due"], d["overdue"]) for d in due] == [(complaint["id"], "acknowledge", True)]
    refused = client.patch(f"/feedback/{complaint['id']}", headers=office,
                           json={"version": 1, "status": "closed", "outcome": "Run changed"})
    assert refused.status_code == 400 and "responded_on" in refused.text
    closed = client.patch(f"/feedback/{complaint['id']}", headers=office, json={
        "version": 1, "acknowledged_on": server_today().isoformat(), "investigation": "Checked the call records",
        "outcome": "The run was changed so mornings start on time", "responded_on": server_today().isoformat(),
        "satisfied": True, "status": "closed"})
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed" and closed.json()["satisfied"] is True
    assert client.get("/feedback/due", headers=office).json() == []


def test_a_compliment_is_logged_with_nothing_due(client, factory):
    office = factory.headers("planner")
    su = factory.client_()
    made = client.post("/feedback", headers=office, json={
        "kind": "compliment", "raised_by": "Mr Birchley", "raised_by_kind": "client", "client_id": su["id"],
        "summary": "Thank you to Edie for the lovely care"}).json()
    assert (made["status"], made["next_due"], made["client_name"]) == ("closed", "", su["name"])
    listed = client.get("/feedback", params={"kind": "compliment"}, headers=office).json()["items"]
    assert [f["id"] for f in listed] == [made["id"]]


def test_carers_cannot_read_complaints(client, factory):
    _, phone = factory.carer_user()
    assert client.get("/feedback", headers=phone).status_code == 403
