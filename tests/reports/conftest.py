import pytest

from tests.reports import worked_calls


@pytest.fixture
def worked(run, client, factory):
    """The hand-worked calls of Monday 2 November 2026 (see worked_calls), paid at £12.75 an
    hour for call time and travel alike."""
    r = client.put("/settings", json={"values": {"pay_hourly_rate": 12.75, "pay_travel_hourly_rate": 12.75}},
                   headers=factory.headers("manager"))
    assert r.status_code == 200, r.text
    return run(worked_calls.build)


@pytest.fixture
def report(client, factory):
    """GET a report as a planner (or `as_` another role) for the worked day; the JSON body."""

    def _get(name, as_="planner", day="2026-11-02", to=None, **params):
        query = {"from": day, "to": to or day, **params}
        response = client.get(f"/reports/{name}", params=query, headers=factory.headers(as_))
        assert response.status_code == 200, response.text
        return response.json()

    return _get


def figures(body) -> dict:
    return {f["key"]: f["value"] for f in body["figures"]}


def table(body, key) -> list[dict]:
    return next(t for t in body["tables"] if t["key"] == key)["rows"]
