"""The office's incident record: from a carer's report to closure, actions, and alerts."""

import datetime as dt
import time
import uuid

import pytest

from tests.support.carer_world import now_iso
from api.domain.shared.common import server_today


def _wait_for(condition, what):
    deadline = time.monotonic() + 15  # a guard against hanging, not a timing assertion
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def _report(client, world, headers, visit_id, **fields):
    body = {"client_uuid": str(uuid.uuid4()), "type": "fall", "severity": "medium", "occurred_at": now_iso(),
            "what_happened": "Found on the floor by the bed", "visit_id": visit_id, **fields}
    response = client.post("/incidents", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


@pytest.fixture
def reported(client, factory, world):
    carer, headers = factory.carer_user()
    visit = world.call([carer["id"]])
    return _report(client, world, headers, visit), headers


def test_a_manager_works_an_incident_from_report_to_closed(client, factory, reported):
    incident_id, _ = reported
    manager = factory.headers("manager")
    record = client.get(f"/incidents/{incident_id}", headers=manager).json()
    assert (record["status"], record["type"], record["client_name"]) == ("open", "fall", record["client_name"])
    told = now_iso()
    record = client.patch(f"/incidents/{incident_id}", headers=manager, json={
        "version": record["version"], "status": "investigating", "investigation_notes": "Spoke to the client",
        "family_told_at": told, "people_involved": "Client; carer on the call"}).json()
    assert record["status"] == "investigating" and record["family_told_at"] is not None
    owner = next(o for o in client.get("/incidents/action-owners", headers=manager).json() if o["role"] == "manager")
    due = (server_today() + dt.timedelta(days=7)).isoformat()
    answer = client.post(f"/incidents/{incident_id}/actions", headers=manager,
                         json={"description": "Falls risk assessment", "owner_id": owner["id"], "due_on": due})
    assert answer.status_code == 201, answer.text
    record = answer.json()
    (action,) = record["actions"]
    assert (action["owner_name"], action["due_on"], action["done_at"]) == (owner["name"], due, None)
    close = {"version": record["version"], "status": "closed", "outcome": "No injury; sensor mat fitted",
             "recommendations": "Review the falls risk assessment monthly"}
    refused = client.patch(f"/incidents/{incident_id}", headers=manager, json=close)
    assert refused.status_code == 400 and "action" in refused.text
    record = client.post(f"/incidents/{incident_id}/actions/{action['id']}/done", headers=manager).json()
    closed = client.patch(f"/incidents/{incident_id}", headers=manager, json={**close, "version": record["version"]})
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed" and closed.json()["closed_at"] is not None
    listed = client.get("/incidents", params={"status": "closed"}, headers=manager).json()["items"]
    assert [i["id"] for i in listed] == [incident_id]
    audit = client.get("/audit", params={"entity": "incident", "entity_id": incident_id}, headers=manager).json()
    assert {e["action"] for e in audit["items"]} >= {"report", "update"}


def test_closing_needs_an_outcome(client, factory, reported):
    incident_id, _ = reported
    manager = factory.headers("manager")
    answer = client.patch(f"/incidents/{incident_id}", headers=manager, json={"version": 1, "status": "closed"})
    assert answer.status_code == 400 and "outcome" in answer.text


def test_a_stale_edit_is_refused(client, factory, reported):
    incident_id, _ = reported
    manager = factory.headers("manager")
    assert client.patch(f"/incidents/{incident_id}", headers=manager,
                        json={"version": 1, "investigation_notes": "first"}).status_code == 200
    stale = client.patch(f"/incidents/{incident_id}", headers=manager, json={"version": 1, "outcome": "second"})
    assert stale.status_code == 409


def test_a_carer_cannot_read_or_change_the_office_record(client, reported):
    incident_id, carer = reported
    assert client.get(f"/incidents/{incident_id}", headers=carer).status_code == 403
    assert client.patch(f"/incidents/{incident_id}", headers=carer, json={"version": 1, "outcome": "x"}).status_code == 403


def test_a_safeguarding_concern_reaches_the_managers_at_once(client, factory, world, receiver):
    manager_name = factory.user("manager")
    manager = factory.headers_for(manager_name)
    phone = receiver.new_subscription("manager-tablet")
    assert client.post("/push/subscriptions", json=phone.as_json(), headers=manager).status_code == 201
    carer, headers = factory.carer_user()
    visit = world.call([carer["id"]])
    _report(client, world, headers, visit, severity="low")  # a low-severity fall: no alert
    concern = _report(client, world, headers, visit, type="safeguarding", severity="low",
                      what_happened="Client says a caller took money for work never done")
    _wait_for(lambda: receiver.received, "the push to the manager")
    (push,) = receiver.received
    assert push["payload"]["title"].startswith("Safeguarding concern") and push["payload"]["url"].endswith(f"/{concern}")
    assert [a["id"] for a in client.get("/incidents/alerts", headers=manager).json()] == [concern]
    assert client.post(f"/incidents/{concern}/acknowledge", headers=manager).status_code == 200
    assert client.get("/incidents/alerts", headers=manager).json() == []
