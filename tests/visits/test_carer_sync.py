"""The offline outbox's server side: each client UUID is accepted once, conflicts keep the data."""

from tests.support.carer_world import new_uuid, now_iso
from api.domain.shared.common import server_today


def _logs(client, visit_id, headers):
    response = client.get(f"/visits/{visit_id}/logs", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_same_check_in_twice_is_one_record(client, factory, world):
    carer, headers = factory.carer_user()
    visit_id = world.call([carer["id"]])
    body = {"client_uuid": new_uuid(), "device_time": now_iso(), "lat": 51.44, "lon": -2.85}

    first = client.post(f"/visits/{visit_id}/check-in", json=body, headers=headers)
    again = client.post(f"/visits/{visit_id}/check-in", json=body, headers=headers)

    assert first.status_code == 201, first.text
    assert again.status_code == 200, again.text
    assert again.json()["replayed"] is True
    assert again.json()["record_id"] == first.json()["record_id"]
    assert first.json()["visit_status"] == "in_progress"
    logs = _logs(client, visit_id, factory.headers("planner"))["logs"]
    assert [(log["kind"], log["lat"]) for log in logs] == [("check_in", 51.44)]


def test_a_whole_call_replayed_leaves_one_record_of_each(client, factory, world):
    carer, headers = factory.carer_user()
    visit_id = world.call([carer["id"]])
    actions = [
        ("check-in", {"client_uuid": new_uuid(), "device_time": now_iso()}),
        ("tasks", {"client_uuid": new_uuid(), "device_time": now_iso(), "task": "Breakfast", "done": True}),
        ("tasks", {"client_uuid": new_uuid(), "device_time": now_iso(), "task": "Medication",
                   "done": False, "reason": "medication declined"}),
        ("notes", {"client_uuid": new_uuid(), "device_time": now_iso(), "note": "In good spirits"}),
        ("check-out", {"client_uuid": new_uuid(), "device_time": now_iso()}),
    ]
    for _ in range(2):  # the outbox replays everything after losing the answers
        for path, body in actions:
            response = client.post(f"/visits/{visit_id}/{path}", json=body, headers=headers)
            assert response.status_code in (200, 201), response.text

    records = _logs(client, visit_id, headers)["logs"]
    assert sorted(r["kind"] for r in records) == ["check_in", "check_out", "note", "task", "task"]
    detail = client.get(f"/visits/{visit_id}", headers=headers).json()
    assert detail["status"] == "done"
    assert {t["task"]: (t["done"], t["reason"]) for t in detail["recorded"]["tasks"]} == {
        "Breakfast": (True, ""), "Medication": (False, "medication declined")}


def test_task_not_done_needs_a_reason(client, factory, world):
    carer, headers = factory.carer_user()
    visit_id = world.call([carer["id"]])
    response = client.post(f"/visits/{visit_id}/tasks", headers=headers, json={
        "client_uuid": new_uuid(), "device_time": now_iso(), "task": "Medication", "done": False})
    assert response.status_code == 400
    assert response.json()["extra"][0]["key"] == "reason"


def test_bad_uuid_and_naive_time_are_named(client, factory, world):
    carer, headers = factory.carer_user()
    visit_id = world.call([carer["id"]])
    bad_uuid = client.post(f"/visits/{visit_id}/check-in", headers=headers,
                           json={"client_uuid": "not-a-uuid", "device_time": now_iso()})
    naive = client.post(f"/visits/{visit_id}/check-in", headers=headers,
                        json={"client_uuid": new_uuid(), "device_time": "2026-11-24T08:00:00"})
    assert bad_uuid.status_code == 400 and "client_uuid" in bad_uuid.text
    assert naive.status_code == 400 and "device_time" in naive.text


def test_double_up_is_done_when_both_carers_check_out(client, factory, world):
    first, h1 = factory.carer_user()
    second, h2 = factory.carer_user()
    visit_id = world.call([first["id"], second["id"]])
    out = client.post(f"/visits/{visit_id}/check-out", headers=h1,
                      json={"client_uuid": new_uuid(), "device_time": now_iso()})
    assert out.json()["visit_status"] == "in_progress"
    out = client.post(f"/visits/{visit_id}/check-out", headers=h2,
                      json={"client_uuid": new_uuid(), "device_time": now_iso()})
    assert out.json()["visit_status"] == "done"


def test_reassigned_call_is_a_conflict_and_the_data_is_kept(client, factory, world):
    carer, headers = factory.carer_user()
    other, _ = factory.carer_user()
    visit_id = world.call([carer["id"]])
    world.reassign(visit_id, other["id"])
    body = {"client_uuid": new_uuid(), "device_time": now_iso(), "note": "Client had a fall last night"}

    response = client.post(f"/visits/{visit_id}/notes", json=body, headers=headers)
    again = client.post(f"/visits/{visit_id}/notes", json=body, headers=headers)

    assert response.status_code == 409
    assert "another carer" in response.json()["detail"]
    assert response.json()["extra"]["kept"] is True
    assert again.status_code == 409 and again.json()["extra"] == response.json()["extra"]
    office = _logs(client, visit_id, factory.headers("planner"))
    assert office["logs"] == []
    assert [(k["client_uuid"], k["reason"], k["submitted"]["note"]) for k in office["conflicts"]] == [
        (body["client_uuid"], "reassigned", "Client had a fall last night")]


def test_cancelled_call_is_a_conflict_and_the_check_in_is_kept(client, factory, world):
    carer, headers = factory.carer_user()
    visit_id = world.call([carer["id"]])
    world.cancel(visit_id)
    body = {"client_uuid": new_uuid(), "device_time": now_iso()}
    response = client.post(f"/visits/{visit_id}/check-in", json=body, headers=headers)
    assert response.status_code == 409
    assert response.json()["extra"]["reason"] == "cancelled"
    kept = _logs(client, visit_id, headers)["conflicts"]  # the carer sees their own kept action
    assert [k["client_uuid"] for k in kept] == [body["client_uuid"]]


def test_a_uuid_cannot_be_reused_for_another_carers_record(client, factory, world):
    first, h1 = factory.carer_user()
    second, h2 = factory.carer_user()
    v1 = world.call([first["id"]])
    v2 = world.call([second["id"]])
    body = {"client_uuid": new_uuid(), "device_time": now_iso()}
    assert client.post(f"/visits/{v1}/check-in", json=body, headers=h1).status_code == 201
    reused = client.post(f"/visits/{v2}/check-in", json=body, headers=h2)
    assert reused.status_code == 409 and "already used" in reused.json()["detail"]


def test_incident_is_recorded_once_and_listed_only_to_its_reporter(client, factory, world):
    carer, headers = factory.carer_user()
    _, other_headers = factory.carer_user()
    visit_id = world.call([carer["id"]])
    body = {"client_uuid": new_uuid(), "type": "fall", "severity": "high", "occurred_at": now_iso(),
            "what_happened": "Found on the floor by the bed", "action_taken": "Called 111",
            "visit_id": visit_id}
    first = client.post("/incidents", json=body, headers=headers)
    again = client.post("/incidents", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert first.json()["client_id"] == world.su["id"]
    assert client.get("/incidents", headers=headers).json()["total"] == 1
    assert client.get("/incidents", headers=other_headers).json()["total"] == 0
    assert client.get("/incidents", headers=factory.headers("manager")).json()["total"] == 1


def test_incident_type_is_checked(client, factory):
    _, headers = factory.carer_user()
    response = client.post("/incidents", headers=headers, json={
        "client_uuid": new_uuid(), "type": "alien", "severity": "low", "occurred_at": now_iso(),
        "what_happened": "x"})
    assert response.status_code == 400 and "type" in response.text


def test_end_of_shift_is_recorded_once(client, factory):
    import datetime as dt

    _, headers = factory.carer_user()
    body = {"client_uuid": new_uuid(), "date": server_today().isoformat(), "mileage": 23.5}
    assert client.post("/me/shift-reports", json=body, headers=headers).status_code == 201
    assert client.post("/me/shift-reports", json=body, headers=headers).status_code == 200
    reports = client.get("/me/shift-reports", headers=headers).json()
    assert [r["mileage"] for r in reports] == [23.5]
    bad = client.post("/me/shift-reports", headers=headers,
                      json={**body, "client_uuid": new_uuid(), "mileage": -3})
    assert bad.status_code == 400 and "mileage" in bad.text
