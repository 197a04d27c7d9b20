"""Incidents: a carer names only clients and calls on their own runs, so no client's name leaks;
staff may name any. The list carries each client's name."""

from tests.support.carer_world import new_uuid, now_iso


def _incident(**about) -> dict:
    return {"client_uuid": new_uuid(), "type": "fall", "severity": "medium", "occurred_at": now_iso(),
            "what_happened": "Found on the floor", **about}


def test_a_carer_cannot_name_another_carers_call_or_client(client, factory, world):
    carer, _ = factory.carer_user()
    _, stranger = factory.carer_user()
    visit_id = world.call([carer["id"]])
    for about in ({"visit_id": visit_id}, {"client_id": world.su["id"]}):
        response = client.post("/incidents", headers=stranger, json=_incident(**about))
        assert response.status_code == 403, response.text
        assert world.su["name"] not in response.text
    assert client.get("/incidents", headers=factory.headers("manager")).json()["total"] == 0


def test_unknown_ids_answer_as_foreign_ones(client, factory, world):
    carer, _ = factory.carer_user()
    _, stranger = factory.carer_user()
    visit_id = world.call([carer["id"]])
    foreign = client.post("/incidents", headers=stranger, json=_incident(visit_id=visit_id))
    unknown = client.post("/incidents", headers=stranger, json=_incident(visit_id=visit_id + 1000))
    assert foreign.status_code == unknown.status_code == 403
    assert foreign.json() == unknown.json()
    foreign = client.post("/incidents", headers=stranger, json=_incident(client_id=world.su["id"]))
    unknown = client.post("/incidents", headers=stranger, json=_incident(client_id=world.su["id"] + 1000))
    assert foreign.status_code == unknown.status_code == 403
    assert foreign.json() == unknown.json()


def test_a_carer_names_clients_and_calls_on_their_own_runs(client, factory, world):
    carer, headers = factory.carer_user()
    visit_id = world.call([carer["id"]])
    by_call = client.post("/incidents", headers=headers, json=_incident(visit_id=visit_id))
    by_client = client.post("/incidents", headers=headers, json=_incident(client_id=world.su["id"]))
    assert by_call.status_code == 201 and by_call.json()["client_name"] == world.su["name"]
    assert by_client.status_code == 201 and by_client.json()["client_name"] == world.su["name"]


def test_staff_may_name_any_client_and_the_list_names_each(client, factory, world):
    other_client = factory.client_(name="Olive Other")
    manager = factory.headers("manager")
    for client_id in (world.su["id"], other_client["id"], None):
        about = {"client_id": client_id} if client_id else {}
        assert client.post("/incidents", headers=manager, json=_incident(**about)).status_code == 201
    names = sorted(str(i["client_name"]) for i in client.get("/incidents", headers=manager).json()["items"])
    assert names == sorted([world.su["name"], "Olive Other", "None"])
