"""The planner marks a carer sick; their calls become uncovered."""

from tests.support.planner_setup import MONDAY, add_call


def test_marking_sick_uncovers_the_calls_on_those_dates(client, factory):
    ann = factory.carer(name="Ann")
    bea = factory.carer(name="Bea")
    h = factory.headers("planner")
    one = add_call(client, h, factory.client_()["id"], carer_ids=[ann["id"]], start="08:00")
    double = add_call(client, h, factory.client_()["id"], carer_ids=[ann["id"], bea["id"]], start="10:00",
                      carers_required=2)
    next_day = add_call(client, h, factory.client_()["id"], date="2030-01-08", carer_ids=[ann["id"]])
    sick = client.post("/leave", json={"kind": "sick", "carer_id": ann["id"], "start_date": MONDAY,
                                       "end_date": MONDAY, "reason": "flu"}, headers=h)
    assert sick.status_code == 201, sick.text
    assert sick.json()["status"] == "approved"
    assert sorted(sick.json()["released_call_ids"]) == sorted([one["id"], double["id"]])
    uncovered = client.get(f"/calls/uncovered?date={MONDAY}", headers=h).json()
    reasons = {c["id"]: c["reason"] for c in uncovered}
    assert set(reasons) == {one["id"], double["id"]}
    assert reasons[one["id"]].startswith("carer off sick; ")
    assert reasons[double["id"]].startswith("carer off sick; half-covered: 1 of 2 carers; ")
    assert [a["carer_id"] for a in next(c for c in uncovered if c["id"] == double["id"])["assignments"]] == [bea["id"]]
    assert client.get("/calls/uncovered?date=2030-01-08", headers=h).json() == []
    board = client.get(f"/planner/day?date={MONDAY}", headers=h).json()
    ann_row = next(c for c in board["carers"] if c["name"] == "Ann")
    assert ann_row["absent"] is True and ann_row["calls"] == []
    assert client.get(f"/calls/{next_day['id']}", headers=h).json()["assignments"][0]["carer_id"] == ann["id"]


def test_only_staff_mark_others_sick(client, factory):
    bea = factory.carer()
    _, ann_h = factory.carer_user()
    r = client.post("/leave", json={"kind": "sick", "carer_id": bea["id"], "start_date": MONDAY,
                                    "end_date": MONDAY, "client_uuid": "abcdefgh-1"}, headers=ann_h)
    assert r.status_code == 403
    r = client.post("/leave", json={"kind": "sick", "carer_id": 99999, "start_date": MONDAY,
                                    "end_date": MONDAY}, headers=factory.headers("planner"))
    assert r.status_code == 400 and "carer_id" in r.text


def test_each_released_call_is_audited_with_the_call_before_and_after(client, factory):
    ann = factory.carer(name="Ann")
    bea = factory.carer(name="Bea")
    h = factory.headers("planner")
    double = add_call(client, h, factory.client_()["id"], carer_ids=[ann["id"], bea["id"]], start="10:00",
                      carers_required=2)
    sick = client.post("/leave", json={"kind": "sick", "carer_id": ann["id"], "start_date": MONDAY,
                                       "end_date": MONDAY, "reason": "flu"}, headers=h)
    assert sick.status_code == 201, sick.text
    events = client.get(f"/audit?entity=visit&entity_id={double['id']}", headers=factory.headers("manager")).json()
    [release] = [e for e in events["items"] if e["action"] == "release"]
    assert [a["carer_id"] for a in release["before"]["assignments"]] == [ann["id"], bea["id"]]
    assert [a["carer_id"] for a in release["after"]["assignments"]] == [bea["id"]]
    assert release["after"]["version"] == release["before"]["version"] + 1
    assert release["after"]["reason"] == "carer off sick" and release["after"]["released_carer_id"] == ann["id"]
    assert client.get(f"/calls/{double['id']}", headers=h).json()["version"] == release["after"]["version"]
