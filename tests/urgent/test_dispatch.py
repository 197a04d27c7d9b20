"""Asking carers: a decline or no answer moves to the next carer by itself; answers are
idempotent by their UUID; accepting puts the call on the carer's run today; the response-time
report shows the request once the carer is at the door."""

import datetime as dt
import time

from tests.support.carer_world import new_uuid, now_iso
from tests.urgent.conftest import ALL_DAY, SPOT, log_fall
from api.domain.shared.common import server_today


def _wait_for(read, check, seconds=60):
    """Poll a state the API exposes until it holds (the server moves offers on by itself)."""
    deadline = time.monotonic() + seconds
    while True:
        state = read()
        if check(state) or time.monotonic() > deadline:
            return state
        time.sleep(0.2)


def _two_carers(factory, out_of_hours):
    first, first_h = factory.carer_user(name="Ann Nearest", home_lat=SPOT["lat"] + 0.01, home_lon=SPOT["lon"],
                                        availability=ALL_DAY)
    second, second_h = factory.carer_user(name="Ben Next", home_lat=SPOT["lat"] + 0.05, home_lon=SPOT["lon"],
                                          availability=ALL_DAY)
    out_of_hours(first, second)
    return (first, first_h), (second, second_h)


def test_no_answer_in_time_moves_to_the_next_carer(client, factory, out_of_hours):
    planner, manager = factory.headers("planner"), factory.headers("manager")
    (ann, _), (ben, _) = _two_carers(factory, out_of_hours)
    r = client.put("/settings", json={"values": {"urgent_offer_timeout_seconds": 1}}, headers=manager)
    assert r.status_code == 200, r.text
    request = log_fall(client, planner, factory.client_(**SPOT)["id"])
    r = client.post(f"/urgent/{request['id']}/offers", json={"carer_id": ann["id"]}, headers=planner)
    assert r.status_code == 201, r.text
    assert [(o["carer_name"], o["status"]) for o in r.json()["offers"]] == [("Ann Nearest", "pending")]
    state = _wait_for(lambda: client.get(f"/urgent/{request['id']}", headers=planner).json(),
                      lambda s: len(s["offers"]) == 2)
    assert [(o["carer_id"], o["status"]) for o in state["offers"]][:1] == [(ann["id"], "expired")]
    assert state["offers"][1]["carer_id"] == ben["id"] and not state["offers"][1]["asked_by_office"]


def test_decline_then_accept_each_once_and_the_call_is_on_the_run(client, factory, out_of_hours):
    planner = factory.headers("planner")
    (ann, ann_h), (ben, ben_h) = _two_carers(factory, out_of_hours)
    person = factory.client_(**SPOT)
    request = log_fall(client, planner, person["id"])
    client.post(f"/urgent/{request['id']}/offers", json={"carer_id": ann["id"]}, headers=planner)
    offer = client.get("/me/urgent", headers=ann_h).json()["offers"][0]
    assert offer["what_happened"].startswith("Found on the bedroom floor")
    no = {"client_uuid": new_uuid(), "reason": "Driving to another call"}
    assert client.post(f"/me/urgent/{offer['offer_id']}/decline", json=no, headers=ann_h).status_code == 201
    again = client.post(f"/me/urgent/{offer['offer_id']}/decline", json=no, headers=ann_h)
    assert again.status_code == 200 and again.json()["replayed"] is True
    # the decline moved it on to the next carer by itself
    offered = client.get("/me/urgent", headers=ben_h).json()["offers"]
    assert [o["request_id"] for o in offered] == [request["id"]]
    yes = {"client_uuid": new_uuid()}
    first = client.post(f"/me/urgent/{offered[0]['offer_id']}/accept", json=yes, headers=ben_h)
    assert first.status_code == 201, first.text
    replay = client.post(f"/me/urgent/{offered[0]['offer_id']}/accept", json=yes, headers=ben_h)
    assert replay.status_code == 200 and replay.json()["replayed"] is True
    late = client.post(f"/me/urgent/{offer['offer_id']}/accept", json={"client_uuid": new_uuid()}, headers=ann_h)
    assert late.status_code == 409 and "another carer" in late.text
    stranger = client.post(f"/me/urgent/{offered[0]['offer_id']}/accept", json={"client_uuid": new_uuid()},
                           headers=ann_h)
    assert stranger.status_code == 404

    state = client.get(f"/urgent/{request['id']}", headers=planner).json()
    assert state["status"] == "accepted" and state["visit_id"]
    run = client.get("/me/run", headers=ben_h).json()
    assert [c["call_type"] for c in run["calls"] if c["visit_id"] == state["visit_id"]] == ["urgent"]
    mine = client.get("/me/urgent", headers=ben_h).json()["calls"]
    assert mine[0]["visit_id"] == state["visit_id"] and mine[0]["key_safe_code"] == "1234"
    assert client.get("/me/urgent", headers=ann_h).json()["calls"] == []  # the code is for Ben's call only


def test_the_response_report_counts_the_request_once_the_carer_is_at_the_door(client, factory, out_of_hours):
    planner, manager = factory.headers("planner"), factory.headers("manager")
    (ann, ann_h), _ = _two_carers(factory, out_of_hours)
    request = log_fall(client, planner, factory.client_(**SPOT, town="Portishead")["id"])
    client.post(f"/urgent/{request['id']}/offers", json={"carer_id": ann["id"]}, headers=planner)
    offer = client.get("/me/urgent", headers=ann_h).json()["offers"][0]
    client.post(f"/me/urgent/{offer['offer_id']}/accept", json={"client_uuid": new_uuid()}, headers=ann_h)
    visit_id = client.get(f"/urgent/{request['id']}", headers=planner).json()["visit_id"]
    today = server_today().isoformat()
    before = client.get("/urgent/report", params={"start": today, "end": today}, headers=manager).json()
    assert before["received"] == 1 and before["answered"] == 0
    r = client.post(f"/visits/{visit_id}/check-in", json={"client_uuid": new_uuid(), "device_time": now_iso(),
                                                         **SPOT}, headers=ann_h)
    assert r.status_code == 201, r.text
    after = client.get("/urgent/report", params={"start": today, "end": today}, headers=manager).json()
    assert after["answered"] == 1 and after["within_target_pct"] == 100.0
    assert after["by_area"][0]["area"] == "Portishead"
    assert after["requests"][0]["arrived_at"] is not None


def test_a_person_who_is_not_a_client_needs_a_pin(client, factory):
    planner = factory.headers("planner")
    r = client.post("/urgent", json={"need": "pendant_alarm", "what_happened": "Alarm pressed, no answer",
                                     "person_name": "Pat Example", "address": "3 Quay Road"}, headers=planner)
    assert r.status_code == 400 and "lat" in r.text
    r = client.post("/urgent", json={"need": "pendant_alarm", "what_happened": "Alarm pressed, no answer",
                                     "person_name": "Pat Example", "address": "3 Quay Road", **SPOT}, headers=planner)
    assert r.status_code == 201 and r.json()["client_id"] is None


def test_the_carer_asked_finds_the_offer_in_their_inbox(client, factory, out_of_hours):
    planner = factory.headers("planner")
    (ann, ann_h), _ = _two_carers(factory, out_of_hours)
    request = log_fall(client, planner, factory.client_(**SPOT, address="4 Harbour Row")["id"])
    client.post(f"/urgent/{request['id']}/offers", json={"carer_id": ann["id"]}, headers=planner)
    inbox = client.get("/me/notifications", headers=ann_h).json()
    assert inbox["unread"] == 1
    assert inbox["items"][0]["title"] == "Urgent call: can you go?" and "4 Harbour Row" in inbox["items"][0]["body"]
