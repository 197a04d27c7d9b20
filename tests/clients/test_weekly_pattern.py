"""The standing weekly pattern edited as a week, effective from a date (issue 11 point 3)."""

import datetime as dt
from api.domain.shared.common import server_today

MORNING = {"weekdays": [0, 1, 2, 3, 4, 5, 6], "start": "08:00", "duration_minutes": 45, "call_type": "morning",
           "tasks": ["Wash and dress", "Breakfast"]}
LUNCH_HOIST = {"weekdays": [0, 1, 2, 3, 4, 5, 6], "start": "12:30", "duration_minutes": 30, "call_type": "lunch",
               "carers_required": 2, "required_skills": ["hoist"]}


def _next_monday(after: dt.date) -> dt.date:
    return after + dt.timedelta(days=7 - after.weekday())


def _calls(client, h, client_id, day):
    return sorted((c["window_start"], c["carers_required"]) for c in
                  client.get(f"/calls/uncovered?date={day}", headers=h).json() if c["client_id"] == client_id)


def test_pattern_round_trips_as_a_week(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    today = server_today()
    r = client.put(f"/clients/{c['id']}/pattern", headers=h,
                   json={"version": 1, "from_date": str(today), "calls": [MORNING]})
    assert r.status_code == 200, r.text
    got = client.get(f"/clients/{c['id']}/pattern", headers=h).json()
    assert got["version"] == 2 and len(got["calls"]) == 1
    assert got["calls"][0]["weekdays"] == list(range(7)) and got["calls"][0]["tasks"] == MORNING["tasks"]
    assert client.get(f"/client-defaults?client_id={c['id']}", headers=h).json()["total"] == 7


def test_change_from_next_monday_previews_and_changes_only_next_week(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    today = server_today()
    monday = _next_monday(today)
    client.put(f"/clients/{c['id']}/pattern", headers=h, json={"version": 1, "from_date": str(today), "calls": [MORNING]})
    end = monday + dt.timedelta(days=6)
    assert client.post("/calls/generate", headers=h, json={"start": str(today), "end": str(end)}).status_code == 200
    change = {"version": 2, "from_date": str(monday), "calls": [MORNING, LUNCH_HOIST]}

    preview = client.post(f"/clients/{c['id']}/pattern/preview", headers=h, json=change).json()
    assert len(preview["added"]) == 28 and preview["removed"] == []
    assert {a["date"] for a in preview["added"]} == {str(monday + dt.timedelta(days=i)) for i in range(28)}
    assert preview["added"][0]["start"] == "12:30" and preview["added"][0]["carers_required"] == 2
    assert client.get(f"/clients/{c['id']}/pattern", headers=h).json()["version"] == 2  # nothing saved

    saved = client.put(f"/clients/{c['id']}/pattern", headers=h, json=change)
    assert saved.status_code == 200, saved.text
    sunday = monday - dt.timedelta(days=1)
    if sunday >= today:
        assert _calls(client, h, c["id"], sunday) == [("07:30", 1)]
    assert _calls(client, h, c["id"], monday) == [("07:30", 1), ("12:00", 2)]
    assert _calls(client, h, c["id"], end) == [("07:30", 1), ("12:00", 2)]


def test_dropping_a_call_removes_its_generated_calls_from_the_date(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    today = server_today()
    client.put(f"/clients/{c['id']}/pattern", headers=h,
               json={"version": 1, "from_date": str(today), "calls": [MORNING, LUNCH_HOIST]})
    end = today + dt.timedelta(days=13)
    client.post("/calls/generate", headers=h, json={"start": str(today), "end": str(end)})
    start = today + dt.timedelta(days=7)
    change = {"version": 2, "from_date": str(start), "calls": [MORNING]}
    preview = client.post(f"/clients/{c['id']}/pattern/preview", headers=h, json=change).json()
    assert len(preview["removed"]) == 28 and preview["added"] == []
    client.put(f"/clients/{c['id']}/pattern", headers=h, json=change)
    assert len(_calls(client, h, c["id"], start - dt.timedelta(days=1))) == 2
    assert _calls(client, h, c["id"], start) == [("07:30", 1)]
    assert _calls(client, h, c["id"], end) == [("07:30", 1)]


def test_pattern_refuses_bad_input_and_stale_saves(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    today = str(server_today())
    overlap = {**MORNING, "start": "08:30", "weekdays": [2]}
    r = client.put(f"/clients/{c['id']}/pattern", headers=h, json={"version": 1, "from_date": today, "calls": [MORNING, overlap]})
    assert r.status_code == 400 and "Wednesday" in r.text and r.json()["extra"][0]["key"] == "calls"
    r = client.put(f"/clients/{c['id']}/pattern", headers=h, json={"version": 1, "from_date": today,
                                                                    "calls": [{**MORNING, "weekdays": [9]}]})
    assert r.status_code == 400 and "weekdays" in r.text
    past = str(server_today() - dt.timedelta(days=1))
    r = client.put(f"/clients/{c['id']}/pattern", headers=h, json={"version": 1, "from_date": past, "calls": []})
    assert r.status_code == 400 and "from_date" in r.text
    other = factory.headers_for(factory.user("planner", username="bea"))
    assert client.put(f"/clients/{c['id']}/pattern", headers=other,
                      json={"version": 1, "from_date": today, "calls": [MORNING]}).status_code == 200
    stale = client.put(f"/clients/{c['id']}/pattern", headers=h, json={"version": 1, "from_date": today, "calls": []})
    assert stale.status_code == 409 and "bea changed" in stale.json()["detail"]


def test_calls_the_new_pattern_keeps_stay_with_their_carer(client, factory):
    c = factory.client_()
    carer = factory.carer()
    h = factory.headers("planner")
    today = server_today()
    start = today + dt.timedelta(days=1)
    client.put(f"/clients/{c['id']}/pattern", headers=h, json={"version": 1, "from_date": str(today), "calls": [MORNING]})
    client.post("/calls/generate", headers=h, json={"start": str(today), "end": str(start)})
    call = client.get(f"/calls/uncovered?date={start}", headers=h).json()[0]
    moved = client.post(f"/calls/{call['id']}/move", headers=h, json={"version": call["version"], "to_carer_id": carer["id"]})
    assert moved.status_code == 200, moved.text
    saved = client.put(f"/clients/{c['id']}/pattern", headers=h,
                       json={"version": 2, "from_date": str(start), "calls": [MORNING, LUNCH_HOIST]})
    assert saved.status_code == 200
    assert client.get(f"/calls/{call['id']}", headers=h).status_code == 200  # kept, not remade
    assert _calls(client, h, c["id"], start) == [("12:00", 2)]  # only the new lunch call needs a carer
