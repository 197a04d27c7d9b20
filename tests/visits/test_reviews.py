"""Client reviews and satisfaction surveys."""

import datetime as dt

from api.domain.shared.common import server_today


def test_a_review_is_scheduled_then_recorded(client, factory):
    office = factory.headers("planner")
    su = factory.client_()
    scheduled = client.post(f"/clients/{su['id']}/reviews", headers=office,
                            json={"scheduled_on": (server_today() - dt.timedelta(days=2)).isoformat()})
    assert scheduled.status_code == 201, scheduled.text
    review = scheduled.json()
    assert review["overdue"] is True
    assert [r["id"] for r in client.get("/reviews", params={"open_only": "true"}, headers=office).json()] == [review["id"]]
    held = client.patch(f"/reviews/{review['id']}", headers=office, json={
        "version": 1, "held_on": server_today().isoformat(), "attended": "Client, daughter, social worker",
        "outcome": "Needs more help at bedtime", "care_plan_changes": "Bed call extended to 45 minutes"})
    assert held.status_code == 200, held.text
    assert (held.json()["overdue"], held.json()["care_plan_changes"]) == (False, "Bed call extended to 45 minutes")
    assert client.get("/reviews", params={"open_only": "true"}, headers=office).json() == []


def test_surveys_are_recorded_and_averaged(client, factory):
    office = factory.headers("manager")
    su = factory.client_()
    for overall, punctuality in ((5, 3), (4, 4)):
        answer = client.post(f"/clients/{su['id']}/surveys", headers=office, json={
            "overall": overall, "punctuality": punctuality, "kindness": 5, "communication": 4, "comments": "Kind carers"})
        assert answer.status_code == 201, answer.text
    summary = client.get("/surveys", headers=office).json()
    assert summary["averages"] == {"overall": 4.5, "punctuality": 3.5, "kindness": 5.0, "communication": 4.0}
    bad = client.post(f"/clients/{su['id']}/surveys", headers=office,
                      json={"overall": 9, "punctuality": 3, "kindness": 5, "communication": 4})
    assert bad.status_code == 400 and "overall" in bad.text
