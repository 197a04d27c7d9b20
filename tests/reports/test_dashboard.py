"""The manager's dashboard on the hand-worked calls (tests/reports/worked_calls.py)."""


def test_this_weeks_figures_link_to_their_reports(worked, client, factory):
    body = client.get("/reports/dashboard", params={"today": "2026-11-04"}, headers=factory.headers("manager")).json()
    figures = {f["key"]: f for f in body["figures"]}
    assert figures["on_time_percent"]["value"] == 57.1
    assert figures["on_time_percent"]["link"] == "#/staff/reports/punctuality?from=2026-11-02&to=2026-11-04"
    assert (figures["missed"]["value"], figures["unallocated"]["value"], figures["flags"]["value"]) == (2, 0.5, 3)
    assert figures["continuity"]["value"] == 2.0 and figures["continuity"]["link"].startswith("#/staff/reports/continuity")
    assert (figures["open_incidents"]["value"], figures["training_expiring"]["value"]) == (0, 0)
