"""The demo agency's month of past calls and what was recorded at them."""

import datetime as dt
from collections import Counter

from api.domain.setup.demo import build_demo
from api.domain.shared.common import server_today


def _login(client, username):
    token = client.post("/auth/login", json={"username": username, "password": "demo-password"}).json()
    return {"Authorization": "Bearer " + token["access_token"]}


def test_demo_has_a_month_of_recorded_calls_with_a_few_exceptions(client, run):
    today = server_today()
    run(build_demo, seed=5, clients=8, carers=3, password="demo-password", today=today)
    staff = _login(client, "manager")
    start, end = today - dt.timedelta(days=28), today - dt.timedelta(days=1)
    calls = client.get(f"/assignments?start={start}&end={end}", headers=staff).json()
    assert {c["date"] for c in calls} == {(start + dt.timedelta(days=n)).isoformat() for n in range(28)}
    statuses = Counter(c["status"] for c in calls)
    assert statuses["missed"] >= 1 and statuses["done"] > 0.9 * len(calls)
    done = next(c for c in calls if c["status"] == "done")
    logs = client.get(f"/visits/{done['visit_id']}/logs", headers=staff).json()["logs"]
    kinds = Counter(log["kind"] for log in logs)
    assert kinds["check_in"] == kinds["check_out"] >= 1 and kinds["task"] >= 1
    incidents = client.get("/incidents", headers=staff).json()["items"]
    assert {i["type"] for i in incidents} == {"fall", "safeguarding"}
    exceptions = client.get("/medication/exceptions", params={"start": start.isoformat(), "end": end.isoformat()},
                            headers=staff).json()
    assert {"refused", "not_given"} <= {e["kind"] for e in exceptions}
    feedback = client.get("/feedback", headers=staff).json()["items"]
    assert sorted(f["kind"] for f in feedback) == ["complaint", "compliment", "compliment"]


def test_demo_has_client_reviews_due_one_overdue_and_recent_surveys(client, run):
    today = server_today()
    run(build_demo, seed=5, clients=8, carers=3, password="demo-password", today=today)
    staff = _login(client, "manager")
    reviews = client.get("/reviews", headers=staff).json()
    waiting = [r for r in reviews if r["held_on"] is None]
    assert [r["overdue"] for r in waiting].count(True) == 1 and len(waiting) >= 2  # one overdue, some due
    assert all(r["client_name"] for r in reviews)
    held = [r for r in reviews if r["held_on"] is not None]
    assert held and all(r["attended"] and r["outcome"] for r in held)
    assert len({r["client_id"] for r in held}) == len(held)  # one recorded review per client
    surveys = client.get("/surveys", headers=staff).json()
    assert len(surveys["surveys"]) >= 3 and set(surveys["averages"]) == {
        "overall", "punctuality", "kindness", "communication"}
