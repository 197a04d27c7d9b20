"""Managers approve or decline leave seeing who else is off and which calls need cover."""

import uuid

from tests.support.planner_setup import add_call

FEB = ("2030-02-04", "2030-02-08")


def _ask(client, h, start=FEB[0], end=FEB[1]):
    r = client.post("/leave", json={"client_uuid": str(uuid.uuid4()), "kind": "annual",
                                    "start_date": start, "end_date": end}, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


def _approved_leave(client, factory, carer_id, start=FEB[0], end=FEB[1]):
    r = client.post("/leave", json={"kind": "training", "carer_id": carer_id, "start_date": start,
                                    "end_date": end}, headers=factory.headers("planner"))
    leave = r.json()
    r = client.post(f"/leave/{leave['id']}/approve", json={"version": leave["version"]}, headers=factory.headers("manager"))
    assert r.status_code == 200, r.text


def test_approval_shows_impact_then_releases_the_calls(client, factory):
    ann, ann_h = factory.carer_user(name="Ann")
    bea = factory.carer(name="Bea")
    planner, manager = factory.headers("planner"), factory.headers("manager")
    someone = factory.client_(name="Olive Oakhurst")
    call = add_call(client, planner, someone["id"], date="2030-02-05", carer_ids=[ann["id"]])
    add_call(client, planner, someone["id"], date="2030-02-12", carer_ids=[ann["id"]])  # after the leave
    _approved_leave(client, factory, bea["id"], "2030-02-07", "2030-02-10")
    leave = _ask(client, ann_h)

    impact = client.get(f"/leave/{leave['id']}/impact", headers=manager).json()
    assert [o["carer_name"] for o in impact["others_off"]] == ["Bea"]
    assert [c["visit_id"] for c in impact["calls_needing_cover"]] == [call["id"]]
    assert impact["calls_needing_cover"][0]["client_name"] == "Olive Oakhurst"

    approved = client.post(f"/leave/{leave['id']}/approve", json={"version": leave["version"]}, headers=manager)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved" and approved.json()["released_call_ids"] == [call["id"]]
    uncovered = client.get("/calls/uncovered?date=2030-02-05", headers=planner).json()
    assert [c["id"] for c in uncovered] == [call["id"]]
    assert uncovered[0]["reason"].startswith("carer on annual leave; ")  # then what the explainer finds
    assert client.get("/calls/uncovered?date=2030-02-12", headers=planner).json() == []
    assert client.get(f"/leave?status=approved&carer_id={ann['id']}", headers=ann_h).json()[0]["id"] == leave["id"]
    events = client.get(f"/audit?entity=leave&entity_id={leave['id']}", headers=manager).json()["items"]
    assert [e["action"] for e in events] == ["approve", "create"]


def test_decline_stale_version_and_roles(client, factory):
    _, ann_h = factory.carer_user()
    leave = _ask(client, ann_h)
    manager = factory.headers("manager")
    assert client.post(f"/leave/{leave['id']}/approve", json={"version": 1}, headers=factory.headers("planner")).status_code == 403
    assert client.post(f"/leave/{leave['id']}/approve", json={"version": 1}, headers=ann_h).status_code == 403
    assert client.get(f"/leave/{leave['id']}/impact", headers=ann_h).status_code == 403
    declined = client.post(f"/leave/{leave['id']}/decline", json={"version": 1}, headers=manager)
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert client.post(f"/leave/{leave['id']}/approve", json={"version": 1}, headers=manager).status_code == 409
    assert client.post(f"/leave/{leave['id']}/approve", json={"version": 2}, headers=manager).status_code == 409
    assert client.post("/leave/99999/approve", json={"version": 1}, headers=manager).status_code == 404


def test_leave_beyond_the_agency_limit_is_flagged(client, factory):
    # The agency allows 2 carers off at once (the default).
    others = [factory.carer() for _ in range(2)]
    _, ann_h = factory.carer_user()
    early = _ask(client, ann_h, "2030-02-01", "2030-02-03")
    _approved_leave(client, factory, others[0]["id"], "2030-02-06", "2030-02-06")
    leave = _ask(client, ann_h)
    assert leave["others_off_peak"] == 1 and leave["over_limit"] is False
    _approved_leave(client, factory, others[1]["id"], "2030-02-06", "2030-02-09")
    listed = {l["id"]: l for l in client.get("/leave?status=requested", headers=factory.headers("manager")).json()}
    assert listed[leave["id"]]["others_off_peak"] == 2 and listed[leave["id"]]["over_limit"] is True
    assert listed[early["id"]]["over_limit"] is False
