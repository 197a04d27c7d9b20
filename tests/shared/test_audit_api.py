"""Managers read the audit trail, filtered and paged."""

import datetime as dt

from tests.support.planner_setup import add_call, me
from api.domain.shared.common import server_today


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
    today = server_today()
    assert client.get(f"/audit?entity=visit&since={today}&until={today}", headers=manager).json()["total"] == 4
    tomorrow = today + dt.timedelta(days=1)
    assert client.get(f"/audit?entity=visit&since={tomorrow}", headers=manager).json()["total"] == 0


def test_audit_errors(client, factory):
    manager = factory.headers("manager")
    assert client.get("/audit", headers=factory.headers("planner")).status_code == 403
    r = client.get("/audit?since=2030-01-10&until=2030-01-01", headers=manager)
    assert r.status_code == 400 and "until" in r.text
    assert client.get("/audit?limit=0", headers=manager).status_code == 400


def test_events_read_in_peoples_words_with_the_leave_decision_filled(client, factory):
    morgan = factory.headers_for(factory.user("manager", username="morgan"))
    edie, edie_h = factory.carer_user(name="Edie Juniper")
    leave = client.post("/leave", json={"client_uuid": "audit-words-1", "kind": "annual",
                                        "start_date": "2030-12-21", "end_date": "2030-12-23"}, headers=edie_h).json()
    assert client.post(f"/leave/{leave['id']}/approve", json={"version": 1}, headers=morgan).status_code == 200

    events = client.get(f"/audit?entity=leave&entity_id={leave['id']}", headers=morgan).json()["items"]
    assert [e["summary"] for e in events] == [
        "Morgan approved Edie Juniper's annual leave 21–23 Dec 2030",
        "Edie Juniper asked for annual leave 21–23 Dec 2030",
    ]
    assert events[0]["actor_name"] == "Morgan"
    decided = events[0]["after"]
    assert decided["decided_by"] == factory.user_id("morgan") and decided["decided_at"] is not None


def test_a_move_names_the_client_and_the_carers_and_the_picker_lists_people(client, factory):
    planner = factory.headers_for(factory.user("planner", username="pat"))
    ann, bea = factory.carer(name="Ann Applewood"), factory.carer(name="Bea Birchley")
    rosa = factory.client_(name="Rosa Juniper")
    call = add_call(client, planner, rosa["id"], date="2030-01-08", start="08:00", carer_ids=[ann["id"]])
    moved = client.post(f"/calls/{call['id']}/move", headers=planner, json={
        "version": call["version"], "from_carer_id": ann["id"], "to_carer_id": bea["id"], "start": "08:00"})
    assert moved.status_code == 200, moved.text

    manager = factory.headers("manager")
    latest = client.get(f"/audit?entity=visit&entity_id={call['id']}", headers=manager).json()["items"][0]
    assert latest["summary"] == "Pat moved Rosa Juniper's call on Tue 8 Jan 2030 at 08:00: Ann Applewood → Bea Birchley"
    assert str(call["id"]) not in latest["summary"]
    actors = client.get("/audit/actors", headers=manager).json()
    pat = next(a for a in actors if a["name"] == "Pat")  # the factory's planner made the carers
    assert (pat["username"], pat["role"]) == ("pat", "planner")
    assert client.get(f"/audit?actor_id={pat['id']}", headers=manager).json()["total"] == 2
