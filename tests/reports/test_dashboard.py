"""The manager's dashboard on the hand-worked calls (tests/reports/worked_calls.py)."""


def test_this_weeks_figures_link_to_their_reports(worked, client, factory):
    body = client.get("/reports/dashboard", params={"today": "2026-11-04"}, headers=factory.headers("manager")).json()
    figures = {f["key"]: f for f in body["figures"]}
    assert figures["on_time_percent"]["value"] == 57.1
    assert figures["on_time_percent"]["link"] == "#/staff/reports/punctuality?from=2026-11-02&to=2026-11-04"
    assert (figures["missed"]["value"], figures["unallocated"]["value"], figures["flags"]["value"]) == (2, 0.5, 3)
    assert figures["continuity"]["value"] == 2.0 and figures["continuity"]["link"].startswith("#/staff/reports/continuity")
    assert (figures["open_incidents"]["value"], figures["training_expiring"]["value"]) == (0, 0)


def test_client_reviews_and_surveys_feed_the_dashboard(client, factory):
    manager = factory.headers("manager")
    someone = factory.client_()
    r = client.post(f"/clients/{someone['id']}/reviews", json={"scheduled_on": "2026-10-20"}, headers=manager)
    assert r.status_code in (200, 201), r.text
    for overall in (4, 2):
        r = client.post(f"/clients/{someone['id']}/surveys", json={
            "overall": overall, "punctuality": 3, "kindness": 5, "communication": 4, "taken_on": "2026-11-01"},
            headers=manager)
        assert r.status_code in (200, 201), r.text
    body = client.get("/reports/dashboard", params={"today": "2026-11-04"}, headers=manager).json()
    figures = {f["key"]: f for f in body["figures"]}
    assert figures["reviews_overdue"]["value"] == 1 and figures["reviews_overdue"]["link"] == "#/staff/reviews"
    assert figures["satisfaction"]["value"] == 3.0
