"""The weekly staff rota: on-call staff, 4-week views, CSV and the iCalendar feed."""

import csv
import io

from tests.support.planner_setup import MONDAY, add_call, me


def test_managers_name_the_on_call_staff_for_a_week(client, factory):
    manager = factory.headers("manager")
    sup = me(client, factory.headers("planner"))
    boss = me(client, manager)
    names = {c["user_id"]: c["role"] for c in client.get("/on-call/candidates", headers=manager).json()}
    assert names == {sup["id"]: "planner", boss["id"]: "manager"}
    r = client.post("/on-call", json={"week_start": MONDAY, "role": "supervisor", "user_id": sup["id"],
                                      "phone": "07700 900001"}, headers=manager)
    assert r.status_code == 201, r.text
    client.post("/on-call", json={"week_start": MONDAY, "role": "manager", "user_id": boss["id"]}, headers=manager)
    # Naming someone else replaces the week's supervisor.
    other = me(client, factory.headers_for(factory.user("planner")))
    client.post("/on-call", json={"week_start": MONDAY, "role": "supervisor", "user_id": other["id"]}, headers=manager)
    week = client.get(f"/rota/week?week_start={MONDAY}", headers=factory.headers("planner")).json()
    assert {(o["role"], o["user_id"]) for o in week["on_call"]} == {("supervisor", other["id"]), ("manager", boss["id"])}
    _, carer_h = factory.carer_user()
    listed = client.get(f"/on-call?start={MONDAY}", headers=carer_h).json()  # carers may see whom to phone
    assert len(listed) == 2
    mgr = next(o for o in listed if o["role"] == "manager")
    assert client.delete(f"/on-call/{mgr['id']}", headers=manager).status_code == 204
    assert len(client.get(f"/on-call?start={MONDAY}", headers=carer_h).json()) == 1
    assert client.delete(f"/on-call/{mgr['id']}", headers=manager).status_code == 404


def test_on_call_errors(client, factory):
    manager = factory.headers("manager")
    sup = me(client, factory.headers("planner"))
    r = client.post("/on-call", json={"week_start": "2030-01-08", "role": "supervisor", "user_id": sup["id"]}, headers=manager)
    assert r.status_code == 400 and "Monday" in r.text
    r = client.post("/on-call", json={"week_start": MONDAY, "role": "manager", "user_id": sup["id"]}, headers=manager)
    assert r.status_code == 400 and "user_id" in r.text  # a planner cannot be the on-call manager
    r = client.post("/on-call", json={"week_start": MONDAY, "role": "supervisor", "user_id": sup["id"]},
                    headers=factory.headers("planner"))
    assert r.status_code == 403


def test_four_week_rota_and_csv(client, factory):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user(name="Ann")
    bea, _ = factory.carer_user(name="Bea")
    someone = factory.client_(name="Olive, Oakhurst", town="Clevedon")
    add_call(client, h, someone["id"], start="08:00", carer_ids=[ann["id"]])
    add_call(client, h, someone["id"], date="2030-01-30", start="18:00", carer_ids=[ann["id"]])
    client.post("/leave", json={"kind": "sick", "carer_id": ann["id"], "start_date": "2030-01-15",
                                "end_date": "2030-01-15"}, headers=h)
    published = client.post("/publications", json={"start": MONDAY, "end": "2030-02-03"}, headers=h)
    assert published.status_code == 201  # a carer reads her rota as published
    rota = client.get(f"/rota/carers/{ann['id']}?start=2030-01-09", headers=ann_h).json()  # a Wednesday
    assert rota["start"] == MONDAY and rota["end"] == "2030-02-03" and len(rota["days"]) == 28
    busy = {d["date"]: d for d in rota["days"] if d["calls"] or d["leave"]}
    assert busy[MONDAY]["calls"][0] | {"visit_id": 0} == {"visit_id": 0, "client_name": "Olive, Oakhurst",
                                                         "town": "Clevedon", "start": "08:00", "end": "08:30",
                                                         "duration_minutes": 30}
    assert busy["2030-01-15"]["leave"] == "sick" and busy["2030-01-30"]["minutes"] == 30
    assert client.get(f"/rota/carers/{bea['id']}?start={MONDAY}", headers=ann_h).status_code == 403
    assert client.get(f"/rota/carers/{ann['id']}?start={MONDAY}&weeks=9", headers=h).status_code == 400

    r = client.get(f"/rota/export.csv?start={MONDAY}&end=2030-02-03", headers=h)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(x["date"], x["carer"], x["client"], x["leave"]) for x in rows] == [
        (MONDAY, "Ann", "Olive, Oakhurst", ""), ("2030-01-15", "Ann", "", "sick"), ("2030-01-30", "Ann", "Olive, Oakhurst", "")]
    assert client.get(f"/rota/export.csv?start={MONDAY}&end=2030-02-03", headers=ann_h).status_code == 403
    assert client.get(f"/rota/export.csv?start=2030-02-03&end={MONDAY}", headers=h).status_code == 400


def test_weekly_rota_needs_a_monday(client, factory):
    assert client.get("/rota/week?week_start=2030-01-09", headers=factory.headers("planner")).status_code == 400
