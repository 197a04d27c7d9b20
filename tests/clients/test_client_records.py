"""The client record of issue 11 through the API: the fuller record, stale saves that name who
changed what, the audited key safe code, CSV export and the ceased process."""

import csv
import datetime as dt
import io
from api.domain.shared.common import server_today


def test_client_record_keeps_contacts_and_preferences_with_reasons(client, factory):
    carer = factory.carer(name="Dawn Pike")
    c = factory.client_(
        preferred_name="Peggy", date_of_birth="1936-04-02", funder="nhs_chc", allergies="Penicillin",
        communication_needs="Hard of hearing: face her and speak clearly",
        contacts=[{"kind": "next_of_kin", "name": "Tom Wren", "relationship": "son", "phone": "07700 900123",
                   "may_be_told": "everything"},
                  {"kind": "gp", "name": "Dr Ash, Elm Surgery", "phone": "01275 000111"}],
        carer_preferences=[{"carer_id": carer["id"], "kind": "excluded", "reason": "client asked"}])
    got = client.get(f"/clients/{c['id']}", headers=factory.headers("planner")).json()
    assert got["preferred_name"] == "Peggy" and got["funder"] == "nhs_chc" and got["allergies"] == "Penicillin"
    assert [k["name"] for k in got["contacts"]] == ["Tom Wren", "Dr Ash, Elm Surgery"]
    assert got["contacts"][0]["may_be_told"] == "everything"
    assert got["carer_preferences"] == [{"carer_id": carer["id"], "carer_name": "Dawn Pike",
                                         "kind": "excluded", "reason": "client asked"}]
    assert got["excluded_carer_ids"] == [carer["id"]] and got["has_key_safe_code"] is True


def test_bad_client_fields_are_named(client, factory):
    h = factory.headers("planner")
    base = {"name": "X", "address": "1 Lane", "lat": 51.4, "lon": -2.8}
    future = str(server_today() + dt.timedelta(days=2))
    for extra, field in (({"date_of_birth": future}, "date_of_birth"), ({"funder": "lottery"}, "funder"),
                         ({"contacts": [{"kind": "gp"}]}, "contacts"), ({"lat": 10}, "lat")):
        r = client.post("/clients", headers=h, json={**base, **extra})
        assert r.status_code == 400 and field in r.text, (extra, r.text)


def test_stale_save_says_who_changed_what(client, factory):
    c = factory.client_()
    alice = factory.headers_for(factory.user("planner", username="alice"))
    ok = client.patch(f"/clients/{c['id']}", headers=alice, json={"version": 1, "phone": "01934 111222",
                                                                  "alerts": "Uses a walking frame"})
    assert ok.status_code == 200
    stale = client.patch(f"/clients/{c['id']}", headers=factory.headers("planner"),
                         json={"version": 1, "town": "Nailsea"})
    assert stale.status_code == 409
    body = stale.json()
    assert "alice changed alerts, phone" in body["detail"]
    assert body["extra"]["changed_by"][0]["by"] == "alice"
    assert client.get(f"/clients/{c['id']}", headers=alice).json()["town"] == "Clevedon"


def test_every_view_of_the_key_safe_code_is_audited(client, factory):
    c = factory.client_(key_safe_code="4321")
    planner = factory.headers("planner")
    assert client.get(f"/clients/{c['id']}/sensitive", headers=planner).json()["key_safe_code"] == "4321"
    client.get(f"/clients/{c['id']}/sensitive", headers=planner)
    events = client.get("/audit", headers=factory.headers("manager"),
                        params={"entity": "client", "entity_id": str(c["id"])}).json()["items"]
    assert [e["action"] for e in events].count("view_key_safe") == 2
    assert "4321" not in str(events)


def test_clients_export_as_csv_with_filters(client, factory):
    factory.client_(name="Ada Lowe", town="Yatton", funder="private")
    factory.client_(name="=HYPERLINK(1)", town="Clevedon")
    r = client.get("/clients/export.csv", headers=factory.headers("planner"), params={"funder": "private"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["name"] for row in rows] == ["Ada Lowe"] and rows[0]["town"] == "Yatton"
    assert "key_safe_code" not in rows[0]
    every = list(csv.DictReader(io.StringIO(client.get("/clients/export.csv", headers=factory.headers("planner")).text)))
    assert "'=HYPERLINK(1)" in [row["name"] for row in every]


def test_ceased_client_loses_coming_calls_and_keeps_history(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    today = server_today()
    for i in range(7):
        factory.default(c["id"], weekday=i)
    end = today + dt.timedelta(days=6)
    client.post("/calls/generate", json={"start": str(today), "end": str(end)}, headers=h)
    cease_on = today + dt.timedelta(days=3)
    r = client.post(f"/clients/{c['id']}/cease", headers=h,
                    json={"version": 1, "date": str(cease_on), "reason": "moved to a care home"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "ceased" and r.json()["status_reason"] == "moved to a care home"
    for offset in range(7):
        day = today + dt.timedelta(days=offset)
        calls = client.get(f"/calls/uncovered?date={day}", headers=h).json()
        assert len(calls) == (1 if day < cease_on else 0), day
    # Generating again makes nothing after the date; the record stays readable.
    client.post("/calls/generate", json={"start": str(today), "end": str(end)}, headers=h)
    assert client.get(f"/calls/uncovered?date={end}", headers=h).json() == []
    assert client.get(f"/clients/{c['id']}", headers=h).status_code == 200
    again = client.post(f"/clients/{c['id']}/cease", headers=h,
                        json={"version": 2, "date": str(cease_on), "reason": "again"})
    assert again.status_code == 400 and "status" in again.text
