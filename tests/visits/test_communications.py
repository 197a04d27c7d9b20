"""The communications log and the morning handover."""

import datetime as dt

from api.domain.shared.common import server_today


def test_a_planner_logs_a_familys_call_and_actions_it_in_the_morning_handover(client, factory):
    planner = factory.headers("planner")
    su = factory.client_(name="Ada Birchley")
    owner = factory.user_id(factory.user("planner"))
    yesterday_evening = dt.datetime.combine(server_today() - dt.timedelta(days=1), dt.time(19, 30),
                                            tzinfo=dt.timezone.utc).isoformat()
    logged = client.post("/communications", headers=planner, json={
        "client_id": su["id"], "contact_from": "family", "contact_name": "Daughter, June",
        "summary": "Mum has a hospital appointment on Friday morning", "follow_up": "Move Friday's morning call to 07:30",
        "owner_id": owner, "received_at": yesterday_evening})
    assert logged.status_code == 201, logged.text
    entry = logged.json()
    assert (entry["client_name"], entry["contact_from"]) == ("Ada Birchley", "family")
    items = {i["key"]: i for i in client.get("/handover", headers=planner).json()["items"]}
    item = items[f"communication:{entry['id']}"]
    assert "Ada Birchley" in item["title"] and "07:30" in item["detail"] and item["actioned_at"] is None
    assert client.post("/handover/actioned", json={"key": item["key"]}, headers=planner).status_code == 204
    again = {i["key"]: i for i in client.get("/handover", headers=planner).json()["items"]}[item["key"]]
    assert again["actioned_at"] is not None and again["actioned_by"]
    audit = client.get("/audit", params={"entity": "handover"}, headers=factory.headers("manager")).json()["items"]
    assert [e["entity_id"] for e in audit] == [item["key"]]


def test_a_follow_up_needs_an_owner(client, factory):
    answer = client.post("/communications", headers=factory.headers("planner"), json={
        "contact_from": "social_worker", "summary": "Review meeting next week", "follow_up": "Book a room"})
    assert answer.status_code == 400 and "owner_id" in answer.text


def test_carers_cannot_read_the_log(client, factory):
    _, phone = factory.carer_user()
    assert client.get("/communications", headers=phone).status_code == 403
    assert client.get("/handover", headers=phone).status_code == 403
