"""Supervisions, spot checks and appraisals (issue 11 point 8), through the HTTP API."""

import datetime as dt
from api.domain.shared.common import server_today

DAY = dt.timedelta(days=1)


def _months_later(day: dt.date, months: int) -> dt.date:  # days 1-28 only: no month-end clamping
    index = day.month - 1 + months
    return dt.date(day.year + index // 12, index % 12 + 1, day.day)


def _started(months_ago: int, day: int = 15) -> dt.date:
    index = server_today().year * 12 + server_today().month - 1 - months_ago
    return dt.date(index // 12, index % 12 + 1, day)


def _next(client, h, carer_id, kind):
    items = client.get("/supervisions", headers=h, params={"carer_id": carer_id, "kind": kind, "status": "all"}).json()
    return next(i for i in items if i["held_on"] is None)


def _call(client, h, carer_id, day=None, start="09:00"):
    day = day or server_today() + DAY
    su = client.post("/clients", headers=h, json={"name": f"Client of {carer_id} {start}", "address": "1 Test Street",
                                                  "town": "Clevedon", "lat": 51.44, "lon": -2.85}).json()
    r = client.post("/calls", headers=h, json={"client_id": su["id"], "date": str(day), "start": start,
                                                "duration_minutes": 30, "carer_ids": [carer_id]})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_next_due_follows_the_agencys_interval_from_the_start_then_from_the_last_held(client, factory):
    h = factory.headers("manager")
    started = _started(8)
    carer = factory.carer(employment_start=str(started))
    first = _next(client, h, carer["id"], "supervision")
    assert first["id"] is None and first["due_on"] == str(_months_later(started, 3))  # 3 months by default
    assert first["status"] == "overdue" and first["overdue"] is True
    assert client.put("/settings", headers=h, json={"values": {"supervision_every_months": 2}}).status_code == 200
    held = server_today().replace(day=min(server_today().day, 28))
    r = client.post("/supervisions", headers=h, json={"carer_id": carer["id"], "kind": "supervision",
                                                      "held_on": str(held), "notes": "Went well"})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "done"
    after = _next(client, h, carer["id"], "supervision")
    assert after["due_on"] == str(_months_later(held, 2))
    assert after["status"] in ("due", "upcoming") and after["overdue"] is False
    appraisal = _next(client, h, carer["id"], "appraisal")
    assert appraisal["due_on"] == str(_months_later(started, 12))  # other kinds keep their own interval


def test_overdue_list_holds_what_is_late_and_leaves_out_what_is_done(client, factory):
    h = factory.headers("planner")
    late = factory.carer(name="Lena Late", employment_start=str(_started(14)))
    new = factory.carer(name="Nina New", employment_start=str(server_today() - 5 * DAY))
    overdue = client.get("/supervisions", headers=h, params={"status": "overdue"}).json()
    assert {(i["carer_name"], i["kind"]) for i in overdue} == {
        ("Lena Late", "supervision"), ("Lena Late", "spot_check"), ("Lena Late", "appraisal")}
    client.post("/supervisions", headers=h, json={"carer_id": late["id"], "kind": "appraisal", "held_on": str(server_today())})
    overdue = client.get("/supervisions", headers=h, params={"status": "overdue", "kind": "appraisal"}).json()
    assert overdue == []
    done = client.get("/supervisions", headers=h, params={"status": "done"}).json()
    assert [(i["carer_name"], i["kind"]) for i in done] == [("Lena Late", "appraisal")]
    assert all(i["carer_id"] != new["id"] for i in client.get("/supervisions", headers=h).json())


def test_bad_input_names_the_field(client, factory):
    h = factory.headers("manager")
    carer = factory.carer()
    carer_user = factory.user("carer")
    base = {"carer_id": carer["id"], "kind": "supervision"}
    for body, field in (({"kind": "chat"}, "kind"), ({"carer_id": 999999}, "carer_id"),
                        ({"held_on": str(server_today() + DAY)}, "held_on"), ({"outcome": "satisfactory"}, "held_on"),
                        ({"observer_id": factory.user_id(carer_user)}, "observer_id"),
                        ({"visit_id": _call(client, h, carer["id"])}, "visit_id"),  # a call, but not a spot check
                        ({"notes": "x" * 8001}, "notes")):
        r = client.post("/supervisions", headers=h, json={**base, **body})
        assert r.status_code == 400 and field in r.text, (body, r.status_code, r.text)


def test_a_stale_save_is_refused_naming_who_changed_what(client, factory):
    carer = factory.carer()
    first, second = factory.headers("manager"), factory.headers("planner")
    made = client.post("/supervisions", headers=first, json={"carer_id": carer["id"], "kind": "supervision",
                                                             "booked_on": str(server_today() + DAY)}).json()
    assert made["status"] == "booked" and made["version"] == 1
    ok = client.patch(f"/supervisions/{made['id']}", headers=second, json={"version": 1, "notes": "Bring the rota"})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(f"/supervisions/{made['id']}", headers=first, json={"version": 1, "actions": "Refresher"})
    assert stale.status_code == 409
    assert "notes" in stale.json()["detail"] and "planner" in stale.json()["detail"].lower()
    events = client.get("/audit", headers=factory.headers("admin"), params={"entity": "supervision"}).json()
    assert {e["action"] for e in events["items"]} >= {"schedule", "update"}
    assert f"booked {carer['name']}'s supervision for" in events["items"][-1]["summary"]


def test_a_spot_check_is_booked_on_the_carers_coming_call_and_recorded_after_it(client, factory):
    h = factory.headers("manager")
    carer = factory.carer(name="Sam Seen")
    observer = factory.user("manager")
    visit_id = _call(client, h, carer["id"], day=server_today())
    coming = client.get("/supervisions/calls", headers=h, params={"carer_id": carer["id"]}).json()
    assert [c["visit_id"] for c in coming] == [visit_id]
    booked = client.post("/supervisions", headers=h, json={"carer_id": carer["id"], "kind": "spot_check",
                                                           "visit_id": visit_id, "observer_id": factory.user_id(observer)})
    assert booked.status_code == 201, booked.text
    b = booked.json()
    assert b["status"] == "booked" and b["booked_on"] == str(server_today()) and b["call"]["visit_id"] == visit_id
    assert b["observer_name"] == observer.title()
    on_call = client.get("/supervisions", headers=h, params={"visit_id": visit_id}).json()
    assert [i["id"] for i in on_call] == [b["id"]]  # the call detail shows it is observed
    recorded = client.patch(f"/supervisions/{b['id']}", headers=h, json={
        "version": b["version"], "held_on": str(server_today()), "outcome": "satisfactory", "notes": "Kind and safe"})
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["status"] == "done" and recorded.json()["call"]["visit_id"] == visit_id
    open_ = client.get("/supervisions", headers=h, params={"carer_id": carer["id"], "kind": "spot_check"}).json()
    assert all(i["id"] != b["id"] for i in open_)


def test_a_spot_check_on_another_carers_call_is_refused(client, factory):
    h = factory.headers("manager")
    carer, other = factory.carer(name="Ann Own"), factory.carer(name="Bob Other")
    others_call = _call(client, h, other["id"])
    r = client.post("/supervisions", headers=h, json={"carer_id": carer["id"], "kind": "spot_check",
                                                      "visit_id": others_call})
    assert r.status_code == 400 and "visit_id" in r.text and "Ann Own" in r.text
    past_call = _call(client, h, carer["id"], day=server_today() - 3 * DAY)
    r = client.post("/supervisions", headers=h, json={"carer_id": carer["id"], "kind": "spot_check",
                                                      "visit_id": past_call})
    assert r.status_code == 400 and "coming call" in r.text
    own = client.post("/supervisions", headers=h, json={"carer_id": carer["id"], "kind": "spot_check",
                                                        "visit_id": _call(client, h, carer["id"], start="10:00")}).json()
    moved = client.patch(f"/supervisions/{own['id']}", headers=h, json={"version": own["version"], "visit_id": others_call})
    assert moved.status_code == 400 and "visit_id" in moved.text  # nor rebooked onto another carer's call
    early = client.patch(f"/supervisions/{own['id']}", headers=h, json={"version": own["version"], "held_on": str(server_today())})
    assert early.status_code == 400 and "before the observed call" in early.text


def test_carers_see_only_their_own_held_supervisions_without_the_notes(client, factory):
    h = factory.headers("manager")
    carer, carer_headers = factory.carer_user()
    other = factory.carer()
    for who in (carer, other):
        client.post("/supervisions", headers=h, json={"carer_id": who["id"], "kind": "supervision", "held_on": str(server_today()),
                                                      "outcome": "improvement_needed", "notes": "Private notes",
                                                      "actions": "Medication refresher"})
    client.post("/supervisions", headers=h, json={"carer_id": carer["id"], "kind": "spot_check",
                                                  "booked_on": str(server_today() + DAY)})
    mine = client.get("/me/supervisions", headers=carer_headers)
    assert mine.status_code == 200
    assert [(m["kind"], m["actions"]) for m in mine.json()] == [("supervision", "Medication refresher")]
    assert "Private notes" not in mine.text
    assert client.get("/supervisions", headers=carer_headers, params={"carer_id": carer["id"]}).status_code == 403
    assert client.get("/supervisions/export.csv", headers=carer_headers).status_code == 403


def test_csv_export_lists_the_filtered_records(client, factory):
    h = factory.headers("planner")
    carer = factory.carer(name="Cara Csv", employment_start=str(_started(14)))
    client.post("/supervisions", headers=h, json={"carer_id": carer["id"], "kind": "appraisal", "held_on": str(server_today()),
                                                  "notes": "=HYPERLINK(1)"})
    r = client.get("/supervisions/export.csv", headers=h, params={"status": "done"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.text.strip().splitlines()
    assert lines[0].startswith("carer,kind,status") and len(lines) == 2
    assert "Cara Csv,Appraisal,done" in lines[1] and "'=HYPERLINK(1)" in lines[1]


def test_the_dashboard_counts_the_overdue_and_links_to_the_list(client, factory):
    h = factory.headers("manager")
    factory.carer(employment_start=str(_started(14)))  # all three kinds overdue
    carer = factory.carer(employment_start=str(_started(14)))
    client.post("/supervisions", headers=h, json={"carer_id": carer["id"], "kind": "appraisal", "held_on": str(server_today())})
    body = client.get("/reports/dashboard", params={"today": str(server_today())}, headers=h).json()
    figure = next(f for f in body["figures"] if f["key"] == "supervisions_overdue")
    assert figure["value"] == 5 and figure["link"] == "#/staff/supervision"
