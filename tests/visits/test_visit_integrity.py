"""One UUID is one record whatever the answer, and only carers who were on a call write into it."""

from tests.support.carer_world import new_uuid, now_iso
from tests.support.concurrent import post_together


def _office_view(client, factory, visit_id):
    response = client.get(f"/visits/{visit_id}/logs", headers=factory.headers("planner"))
    assert response.status_code == 200, response.text
    return response.json()


def test_ten_concurrent_replays_on_a_cancelled_call_keep_one_conflict(client, factory, world):
    carer, headers = factory.carer_user()
    visit_id = world.call([carer["id"]])
    world.cancel(visit_id)
    body = {"client_uuid": new_uuid(), "device_time": now_iso(), "note": "Door was locked"}

    answers = post_together(client, [(f"/visits/{visit_id}/notes", body, headers)] * 10)

    assert {a.status_code for a in answers} == {409}
    assert len({a.text for a in answers}) == 1  # the same answer to every copy
    assert answers[0].json()["extra"] == {"reason": "cancelled", "visit_id": visit_id, "kept": True,
                                          "client_uuid": body["client_uuid"]}
    office = _office_view(client, factory, visit_id)
    assert [k["client_uuid"] for k in office["conflicts"]] == [body["client_uuid"]]
    trail = client.get("/audit", params={"entity": "sync_conflict"}, headers=factory.headers("manager"))
    assert [e["entity_id"] for e in trail.json()["items"]] == [f"{visit_id}:{body['client_uuid']}"]


def test_ten_concurrent_copies_of_one_check_in_are_one_log(client, factory, world):
    carer, headers = factory.carer_user()
    visit_id = world.call([carer["id"]])
    body = {"client_uuid": new_uuid(), "device_time": now_iso()}

    answers = post_together(client, [(f"/visits/{visit_id}/check-in", body, headers)] * 10)

    assert sorted(a.status_code for a in answers) == [200] * 9 + [201]
    assert len({a.json()["record_id"] for a in answers}) == 1
    office = _office_view(client, factory, visit_id)
    assert len(office["logs"]) == 1 and office["conflicts"] == []


def test_a_carer_never_on_the_call_gets_403_and_nothing_is_kept(client, factory, world):
    carer, _ = factory.carer_user()
    _, stranger = factory.carer_user()
    visit_id = world.call([carer["id"]])
    world.cancel(visit_id)  # even a cancelled call: a stranger's data is not kept as a conflict
    for path, extra in (("check-in", {}), ("notes", {"note": "hello"}),
                        ("tasks", {"task": "Breakfast", "done": True}), ("check-out", {})):
        response = client.post(f"/visits/{visit_id}/{path}", headers=stranger,
                               json={"client_uuid": new_uuid(), "device_time": now_iso(), **extra})
        assert response.status_code == 403, (path, response.text)
    office = _office_view(client, factory, visit_id)
    assert office["logs"] == [] and office["conflicts"] == []


def test_unknown_and_foreign_call_ids_answer_the_same(client, factory, world):
    carer, _ = factory.carer_user()
    _, stranger = factory.carer_user()
    foreign = world.call([carer["id"]])
    body = {"client_uuid": new_uuid(), "device_time": now_iso()}
    to_foreign = client.post(f"/visits/{foreign}/check-in", json=body, headers=stranger)
    to_unknown = client.post(f"/visits/{foreign + 1000}/check-in", json={**body, "client_uuid": new_uuid()},
                             headers=stranger)
    assert to_foreign.status_code == to_unknown.status_code == 403
    assert to_foreign.json() == to_unknown.json()


def test_a_carer_taken_off_the_call_still_has_the_record_kept(client, factory, world, run):
    carer, headers = factory.carer_user()
    other, _ = factory.carer_user()
    visit_id = world.call([carer["id"]])
    moved = client.post(f"/calls/{visit_id}/move", headers=factory.headers("planner"),
                        json={"version": 1, "to_carer_id": other["id"], "from_carer_id": carer["id"]})
    assert moved.status_code == 200, moved.text
    body = {"client_uuid": new_uuid(), "device_time": now_iso()}
    response = client.post(f"/visits/{visit_id}/check-in", json=body, headers=headers)
    assert response.status_code == 409 and response.json()["extra"]["reason"] == "reassigned"
    assert [k["client_uuid"] for k in _office_view(client, factory, visit_id)["conflicts"]] == [
        body["client_uuid"]]
