"""Clients, care plans and client defaults through the API."""

from api.domain.shared.common import server_today


def test_client_sensitive_data_is_kept_apart(client, factory):
    c = factory.client_(key_safe_code="4321")
    h = factory.headers("planner")
    assert "key_safe_code" not in client.get(f"/clients/{c['id']}", headers=h).json()
    sensitive = client.get(f"/clients/{c['id']}/sensitive", headers=h).json()
    assert sensitive["key_safe_code"] == "4321"


def test_client_update_versions_and_status(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    r = client.patch(f"/clients/{c['id']}", json={"version": 1, "status": "in_hospital"}, headers=h)
    assert r.status_code == 200 and r.json()["status"] == "in_hospital"
    assert client.patch(f"/clients/{c['id']}", json={"version": 1, "town": "Yatton"}, headers=h).status_code == 409
    bad = client.patch(f"/clients/{c['id']}", json={"version": 2, "status": "asleep"}, headers=h)
    assert bad.status_code == 400 and "status" in bad.text
    assert client.get("/clients?status=in_hospital", headers=h).json()["total"] == 1


def test_client_preferences_must_name_real_carers(client, factory):
    carer = factory.carer()
    h = factory.headers("planner")
    c = factory.client_(preferred_carer_ids=[carer["id"]])
    assert c["preferred_carer_ids"] == [carer["id"]]
    bad = client.post("/clients", headers=h, json={"name": "Y", "address": "2 Lane", "lat": 51.4,
                                                  "lon": -2.8, "excluded_carer_ids": [424242]})
    assert bad.status_code == 400 and bad.json()["extra"][0]["key"] == "excluded_carer_ids"
    assert client.get("/clients", headers=h).json()["total"] == 1


def test_deactivate_client_marks_ceased(client, factory):
    c = factory.client_()
    r = client.post(f"/clients/{c['id']}/deactivate", json={"version": 1}, headers=factory.headers("planner"))
    assert r.json()["status"] == "ceased"


def test_care_plan_with_tasks(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    r = client.post("/care-plans", headers=h, json={
        "client_id": c["id"], "title": "Morning support",
        "tasks": [{"name": "Wash and dress"}, {"name": "Medication", "details": "MAR chart"}]})
    assert r.status_code == 201
    plan = r.json()
    assert [t["name"] for t in plan["tasks"]] == ["Wash and dress", "Medication"]
    r = client.patch(f"/care-plans/{plan['id']}", headers=h, json={"version": 1, "tasks": [{"name": "Breakfast"}]})
    assert r.json()["tasks"] == [{"name": "Breakfast", "details": "", "call_type": ""}]
    assert client.get(f"/care-plans?client_id={c['id']}", headers=h).json()["total"] == 1
    assert client.post("/care-plans", headers=h, json={"client_id": 99999, "title": "x"}).status_code == 400


def test_client_defaults_validate_time_and_carers(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    d = factory.default(c["id"], start="07:45", carers_required=2, required_skills=["hoist"])
    assert d["start"] == "07:45" and d["carers_required"] == 2
    bad = client.post("/client-defaults", headers=h, json={"client_id": c["id"], "weekday": 7,
                                                          "start": "25:00", "duration_minutes": 30})
    assert bad.status_code == 400
    assert client.patch(f"/client-defaults/{d['id']}", headers=h, json={"version": 1, "start": "08:15"}).json()["start"] == "08:15"
    assert client.patch(f"/client-defaults/{d['id']}", headers=h, json={"version": 1, "start": "09:00"}).status_code == 409
    assert client.get(f"/client-defaults?client_id={c['id']}", headers=h).json()["total"] == 1


def test_client_going_into_hospital_cancels_their_coming_calls(client, factory):
    import datetime as dt

    c = factory.client_()
    h = factory.headers("planner")
    tomorrow = server_today() + dt.timedelta(days=1)
    factory.default(c["id"], weekday=tomorrow.weekday())
    client.post("/calls/generate", json={"start": tomorrow.isoformat(), "end": tomorrow.isoformat()}, headers=h)
    assert client.get(f"/calls/uncovered?date={tomorrow}", headers=h).json()
    client.patch(f"/clients/{c['id']}", json={"version": 1, "status": "in_hospital"}, headers=h)
    assert client.get(f"/calls/uncovered?date={tomorrow}", headers=h).json() == []
    client.patch(f"/clients/{c['id']}", json={"version": 2, "status": "active"}, headers=h)
    assert len(client.get(f"/calls/uncovered?date={tomorrow}", headers=h).json()) == 1
