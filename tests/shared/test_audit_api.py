"""Managers read the audit trail, filtered and paged."""

import datetime as dt

from tests.support.planner_setup import add_call, me


def test_filter_by_entity_actor_and_dates_with_paging(client, factory):
    planner, manager = factory.headers("planner"), factory.headers("manager")
    someone = factory.client_()
    calls = [add_call(client, planner, someone["id"], start=f"0{h}:00") for h in range(7, 10)]
    client.post(f"/calls/{calls[0]['id']}/cancel", json={"version": 1}, headers=manager)
    visits = client.get("/audit?entity=visit", headers=manager).json()
    assert visits["total"] == 4 and [e["action"] for e in visits["items"]][:1] == ["cancel"]
    page = client.get("/audit?entity=visit&limit=2&offset=2", headers=manager).json()
    assert len(page["items"]) == 2 and page["total"] == 4
    assert page["items"][-1]["entity_id"] == str(calls[0]["id"])
    mine = client.get(f"/audit?entity=visit&actor_id={me(client, manager)['id']}", headers=manager).json()
    assert [e["action"] for e in mine["items"]] == ["cancel"]
    assert mine["items"][0]["actor_username"] == me(client, manager)["username"]
    today = dt.date.today()
    assert client.get(f"/audit?entity=visit&since={today}&until={today}", headers=manager).json()["total"] == 4
    tomorrow = today + dt.timedelta(days=1)
    assert client.get(f"/audit?entity=visit&since={tomorrow}", headers=manager).json()["total"] == 0


def test_audit_errors(client, factory):
    manager = factory.headers("manager")
    assert client.get("/audit", headers=factory.headers("planner")).status_code == 403
    r = client.get("/audit?since=2030-01-10&until=2030-01-01", headers=manager)
    assert r.status_code == 400 and "until" in r.text
    assert client.get("/audit?limit=0", headers=manager).status_code == 400
