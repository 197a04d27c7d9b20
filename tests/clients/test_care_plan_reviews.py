"""Care plans with outcomes, tasks per call type, risk assessments and the review schedule
(issue 11 point 2)."""

import datetime as dt
from api.domain.shared.common import server_today



def _plan(client, h, client_id, **fields):
    r = client.post("/care-plans", headers=h, json={"client_id": client_id, "title": "Support at home", **fields})
    assert r.status_code == 201, r.text
    return r.json()


def test_plan_keeps_outcomes_tasks_per_call_and_a_review_date(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    plan = _plan(client, h, c["id"], outcomes="Stay at home safely; keep walking to the garden", starts_on=str(server_today()),
                 review_interval_weeks=12, tasks=[{"name": "Medication", "call_type": "morning"},
                                                  {"name": "Check skin", "details": "heels"}])
    assert plan["outcomes"].startswith("Stay at home")
    assert plan["tasks"] == [{"name": "Medication", "details": "", "call_type": "morning"},
                             {"name": "Check skin", "details": "heels", "call_type": ""}]
    assert plan["next_review_on"] == str(server_today() + dt.timedelta(weeks=12))
    bad = client.post("/care-plans", headers=h, json={"client_id": c["id"], "title": "x",
                                                     "tasks": [{"name": "Tea", "call_type": "brunch"}]})
    assert bad.status_code == 400 and "call_type" in bad.text


def test_review_sets_the_next_date_and_stale_reviews_are_refused(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    plan = _plan(client, h, c["id"], review_interval_weeks=26)
    r = client.post(f"/care-plans/{plan['id']}/review", headers=h, json={"version": 1, "reviewed_on": str(server_today())})
    assert r.status_code == 200, r.text
    assert r.json()["last_reviewed_on"] == str(server_today())
    assert r.json()["next_review_on"] == str(server_today() + dt.timedelta(weeks=26))
    stale = client.post(f"/care-plans/{plan['id']}/review", headers=h, json={"version": 1, "reviewed_on": str(server_today())})
    assert stale.status_code == 409 and "changed" in stale.json()["detail"]
    future = client.post(f"/care-plans/{plan['id']}/review", headers=h,
                         json={"version": 2, "reviewed_on": str(server_today() + dt.timedelta(days=3))})
    assert future.status_code == 400 and "reviewed_on" in future.text


def test_risk_assessments_validate_and_version(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    body = {"client_id": c["id"], "kind": "falls", "level": "high", "hazards": "Loose rug in the hall",
            "controls": "Rug removed with consent; frame at all times", "assessed_on": str(server_today()),
            "review_on": str(server_today() + dt.timedelta(days=90))}
    r = client.post("/risk-assessments", headers=h, json=body)
    assert r.status_code == 201, r.text
    risk = r.json()
    assert risk["kind"] == "falls" and risk["assessed_by"]
    for bad, field in (({"kind": "dragons"}, "kind"), ({"review_on": str(server_today())}, "review_on"),
                       ({"client_id": 99999}, "client_id")):
        r = client.post("/risk-assessments", headers=h, json={**body, **bad})
        assert r.status_code == 400 and field in r.text, (bad, r.text)
    assert client.patch(f"/risk-assessments/{risk['id']}", headers=h, json={"version": 1, "level": "medium"}).status_code == 200
    assert client.patch(f"/risk-assessments/{risk['id']}", headers=h, json={"version": 1, "level": "low"}).status_code == 409
    assert [x["level"] for x in client.get(f"/risk-assessments?client_id={c['id']}", headers=h).json()] == ["medium"]


def test_reviews_due_and_overdue_list(client, factory):
    h = factory.headers("planner")
    a = factory.client_(name="Ann Overdue")
    b = factory.client_(name="Bob Soon")
    gone = factory.client_(name="Cy Ceased")
    later = factory.client_(name="Di Later")
    _plan(client, h, a["id"], next_review_on=str(server_today() - dt.timedelta(days=5)))
    _plan(client, h, later["id"], next_review_on=str(server_today() + dt.timedelta(days=100)))
    _plan(client, h, gone["id"], next_review_on=str(server_today() - dt.timedelta(days=1)))
    client.post(f"/clients/{gone['id']}/cease", headers=h, json={"version": 1, "date": str(server_today()), "reason": "died"})
    client.post("/risk-assessments", headers=h, json={
        "client_id": b["id"], "kind": "moving_handling", "assessed_on": str(server_today() - dt.timedelta(days=170)),
        "review_on": str(server_today() + dt.timedelta(days=10))})
    due = client.get("/care-plans/reviews-due?within_days=28", headers=h).json()
    assert [(d["client_name"], d["kind"], d["overdue"]) for d in due] == [
        ("Ann Overdue", "care_plan", True), ("Bob Soon", "risk_assessment", False)]
    assert due[0]["days"] == -5 and due[1]["what"] == "Risk assessment: moving handling"
    carer_headers = factory.carer_user()[1]
    assert client.get("/care-plans/reviews-due", headers=carer_headers).status_code == 403
