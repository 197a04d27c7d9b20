"""Publishing a day or week: versions, the diff carers are told about, and one web push per
changed carer, delivered over real HTTP to a local receiver that decrypts it."""

import time

from tests.support.planner_setup import MONDAY, add_call, me


def _wait_for(condition, what):
    deadline = time.monotonic() + 15  # a guard against hanging, not a timing assertion
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_publish_records_versions_and_a_diff(client, factory):
    h = factory.headers("planner")
    ann, bea = factory.carer(name="Ann"), factory.carer(name="Bea")
    call = add_call(client, h, factory.client_(name="Olive")["id"], start="09:00", carer_ids=[ann["id"]])
    diff = client.get(f"/publications/diff?start={MONDAY}", headers=h).json()
    assert diff["published"] is False
    assert [(c["carer_name"], c["summary"]) for c in diff["carers"]] == [("Ann", "Mon 7 Jan: 1 call added")]
    first = client.post("/publications", json={"start": MONDAY, "end": MONDAY}, headers=h)
    assert first.status_code == 201 and first.json()["version"] == 1 and first.json()["changed_carers"] == 1
    assert client.get(f"/publications/diff?start={MONDAY}", headers=h).json()["carers"] == []

    client.post(f"/calls/{call['id']}/move", json={"version": call["version"], "from_carer_id": ann["id"],
                                                   "to_carer_id": bea["id"], "start": "09:15"}, headers=h)
    add_call(client, h, factory.client_()["id"], start="11:00", carer_ids=[bea["id"]])
    diff = client.get(f"/publications/diff?start={MONDAY}&end=2030-01-13", headers=h).json()
    summaries = {c["carer_name"]: c["summary"] for c in diff["carers"]}
    assert summaries == {"Ann": "Mon 7 Jan: 1 call removed", "Bea": "Mon 7 Jan: 2 calls added"}
    second = client.post("/publications", json={"start": MONDAY, "end": MONDAY}, headers=h).json()
    assert second["version"] == 2
    # Moving a published call in time shows as moved.
    now = client.get(f"/calls/{call['id']}", headers=h).json()
    client.post(f"/calls/{call['id']}/move", json={"version": now["version"], "start": "09:30"}, headers=h)
    diff = client.get(f"/publications/diff?start={MONDAY}", headers=h).json()
    (bea_changes,) = diff["carers"]
    assert bea_changes["summary"] == "Mon 7 Jan: 1 call moved"
    assert bea_changes["days"][0]["moved"][0] | {"visit_id": 0} == {"visit_id": 0, "client_name": "Olive",
                                                                    "start": "09:30", "was": "09:15"}
    listed = client.get(f"/publications?start={MONDAY}", headers=h).json()
    assert [p["version"] for p in listed] == [2, 1]
    events = client.get("/audit?entity=publication", headers=factory.headers("manager")).json()
    assert events["total"] == 2


def test_publish_errors(client, factory):
    h = factory.headers("planner")
    _, carer_h = factory.carer_user()
    assert client.post("/publications", json={"start": MONDAY, "end": MONDAY}, headers=carer_h).status_code == 403
    r = client.post("/publications", json={"start": "2030-01-13", "end": MONDAY}, headers=h)
    assert r.status_code == 400 and "end" in r.text
    assert client.get("/publications/diff?start=2030-01-01&end=2030-03-01", headers=h).status_code == 400


def test_each_changed_carer_gets_one_push_summarising_it(client, factory, receiver):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user(name="Ann")
    bea, bea_h = factory.carer_user(name="Bea")
    cat, cat_h = factory.carer_user(name="Cat")
    someone = factory.client_()
    add_call(client, h, someone["id"], start="08:00", carer_ids=[cat["id"]])
    client.post("/publications", json={"start": MONDAY, "end": "2030-01-13"}, headers=h)
    subs = {name: receiver.new_subscription(name) for name in ("ann", "bea", "bea-old", "cat")}
    receiver.gone_paths.add("/push/bea-old")
    for name, headers in (("ann", ann_h), ("bea", bea_h), ("bea-old", bea_h), ("cat", cat_h)):
        assert client.post("/push/subscriptions", json=subs[name].as_json(), headers=headers).status_code == 201

    add_call(client, h, someone["id"], start="12:00", carer_ids=[ann["id"]])
    add_call(client, h, someone["id"], start="17:00", carer_ids=[ann["id"]])
    add_call(client, h, someone["id"], date="2030-01-08", start="09:00", carer_ids=[ann["id"]])
    add_call(client, h, someone["id"], start="13:00", carer_ids=[bea["id"]])
    published = client.post("/publications", json={"start": MONDAY, "end": "2030-01-13"}, headers=h)
    assert published.status_code == 201
    assert [n["carer_name"] for n in published.json()["notices"]] == ["Ann", "Bea"]

    _wait_for(lambda: len(receiver.received) >= 2, "the pushes")
    by_path = {r["path"]: r["payload"] for r in receiver.received}
    assert set(by_path) == {"/push/ann", "/push/bea"}  # Cat's calls did not change: no push
    assert by_path["/push/ann"] == {
        "title": "Your rota has changed", "body": "Mon 7 Jan: 2 calls added; Tue 8 Jan: 1 call added",
        "url": "/#/day/2030-01-07", "tag": "rota-2030-01-07", "kind": "rota-changed",
        "dates": ["2030-01-07", "2030-01-08"],
    }
    assert by_path["/push/bea"]["body"] == "Mon 7 Jan: 1 call added"
    # The gone subscription was deleted: a re-subscribe counts as new again.
    _wait_for(lambda: client.post("/push/subscriptions", json=subs["bea-old"].as_json(),
                                  headers=bea_h).status_code == 201, "the gone subscription to be deleted")


def test_a_failing_push_service_never_blocks_publishing(client, factory, loopback_push_allowed):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user()
    dead = {"endpoint": "http://127.0.0.1:9/push/nobody-listens", "keys": {
        "p256dh": _a_public_key(), "auth": "c2VjcmV0LWF1dGgtMTIzNA"}}
    assert client.post("/push/subscriptions", json=dead, headers=ann_h).status_code == 201
    add_call(client, h, factory.client_()["id"], carer_ids=[ann["id"]])
    r = client.post("/publications", json={"start": MONDAY, "end": MONDAY}, headers=h)
    assert r.status_code == 201 and [n["push"] for n in r.json()["notices"]] == ["pending"]
    assert me(client, ann_h)["id"]  # the app still answers

    def push_outcome():
        return client.get(f"/publications/{r.json()['id']}/notices", headers=h).json()[0]["push"]

    _wait_for(lambda: push_outcome() != "pending", "the push to be tried")
    assert push_outcome() == "failed"  # said plainly, never counted as notified


def _a_public_key() -> str:
    from tests.support.push_receiver import Subscription

    return Subscription("http://127.0.0.1/x").as_json()["keys"]["p256dh"]
