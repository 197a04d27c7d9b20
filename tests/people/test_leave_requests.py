"""Carers ask for leave; the app may retry a request offline without making two."""

import uuid


def _ask(client, h, **fields):
    body = {"client_uuid": str(uuid.uuid4()), "kind": "annual", "start_date": "2030-02-04",
            "end_date": "2030-02-08", "reason": "Family holiday", **fields}
    return client.post("/leave", json=body, headers=h)


def test_a_replayed_request_returns_the_stored_record(client, factory):
    carer, h = factory.carer_user()
    key = str(uuid.uuid4())
    first = _ask(client, h, client_uuid=key)
    assert first.status_code == 201 and first.json()["status"] == "requested"
    again = _ask(client, h, client_uuid=key)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert len(client.get("/leave", headers=h).json()) == 1


def test_a_carer_sees_only_their_own_leave(client, factory):
    ann, ann_h = factory.carer_user()
    bea, bea_h = factory.carer_user()
    _ask(client, ann_h)
    _ask(client, bea_h)
    mine = client.get("/leave", headers=ann_h).json()
    assert [l["carer_id"] for l in mine] == [ann["id"]]
    assert client.get(f"/leave?carer_id={bea['id']}", headers=ann_h).status_code == 403
    assert _ask(client, ann_h, carer_id=bea["id"]).status_code == 403
    assert len(client.get("/leave", headers=factory.headers("planner")).json()) == 2


def test_bad_leave_requests_are_refused_with_the_field(client, factory):
    _, h = factory.carer_user()
    r = _ask(client, h, start_date="2030-02-08", end_date="2030-02-04")
    assert r.status_code == 400 and "end_date" in r.text
    r = _ask(client, h, kind="holiday")
    assert r.status_code == 400 and "kind" in r.text
    r = _ask(client, h, start_date="2030-13-01")
    assert r.status_code == 400
    r = client.post("/leave", json={"kind": "annual", "start_date": "2030-02-04", "end_date": "2030-02-04"}, headers=h)
    assert r.status_code == 400 and "client_uuid" in r.text
    r = client.post("/leave", json={"kind": "annual", "start_date": "2030-02-04", "end_date": "2030-02-04"},
                    headers=factory.headers("planner"))
    assert r.status_code == 400 and "carer_id" in r.text


def test_a_uuid_cannot_be_reused_by_another_carer(client, factory):
    _, ann_h = factory.carer_user()
    _, bea_h = factory.carer_user()
    key = str(uuid.uuid4())
    _ask(client, ann_h, client_uuid=key)
    assert _ask(client, bea_h, client_uuid=key).status_code == 409
