"""Leave impact covers the future: for dates whose calls are not generated yet, the impact
lists the calls the carer would have from client defaults and the master rota."""

import uuid


def _give(client, h, date, client_id, carer_id):
    for call in client.get(f"/calls/uncovered?date={date}", headers=h).json():
        if call["client_id"] == client_id:
            version = client.get(f"/calls/{call['id']}", headers=h).json()["version"]
            moved = client.post(f"/calls/{call['id']}/move", headers=h, json={"version": version, "to_carer_id": carer_id})
            assert moved.status_code == 200, moved.text


def test_leave_beyond_the_generated_calls_shows_the_calls_it_would_affect(client, factory):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user(name="Ann")
    bea = factory.carer(name="Bea")
    rosa, olive = factory.client_(name="Rosa Juniper", town="Clevedon"), factory.client_(name="Olive Oakhurst")
    factory.default(rosa["id"], weekday=0, start="08:00")
    factory.default(olive["id"], weekday=0, start="09:00")
    generated = client.post("/calls/generate", json={"start": "2030-01-07", "end": "2030-01-20"}, headers=h).json()
    assert generated["created"] == 4
    for monday in ("2030-01-07", "2030-01-14"):  # Ann does Rosa's Mondays, Bea Olive's
        _give(client, h, monday, rosa["id"], ann["id"])
        _give(client, h, monday, olive["id"], bea["id"])

    leave = client.post("/leave", headers=ann_h, json={"client_uuid": str(uuid.uuid4()), "kind": "annual",
                                                       "start_date": "2030-02-04", "end_date": "2030-02-12"}).json()
    impact = client.get(f"/leave/{leave['id']}/impact", headers=factory.headers("manager")).json()
    assert impact["calls_needing_cover"] == []  # nothing generated for February yet
    assert [(c["date"], c["start"], c["client_name"], c["town"]) for c in impact["projected_calls"]] == [
        ("2030-02-04", "08:00", "Rosa Juniper", "Clevedon"), ("2030-02-11", "08:00", "Rosa Juniper", "Clevedon")]

    # Once the calls exist, they are counted as generated calls, not twice.
    client.post("/calls/generate", json={"start": "2030-02-04", "end": "2030-02-04"}, headers=h)
    _give(client, h, "2030-02-04", rosa["id"], ann["id"])
    impact = client.get(f"/leave/{leave['id']}/impact", headers=factory.headers("manager")).json()
    assert [c["date"] for c in impact["calls_needing_cover"]] == ["2030-02-04"]
    assert [c["date"] for c in impact["projected_calls"]] == ["2030-02-11"]
