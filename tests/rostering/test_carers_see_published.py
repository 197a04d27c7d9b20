"""Carers see the published rota (issue 10 #1): their runs, 4-week view, calendar feed and the
key safe rule follow the latest publication of each day, never applied-but-unpublished
changes; the board marks the calls that differ from what carers see."""

import datetime as dt

from api.domain.shared.common import server_today
from tests.support.planner_setup import MONDAY, add_call


def _publish(client, h, start=MONDAY, end=None):
    r = client.post("/publications", json={"start": start, "end": end or start}, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


def _move(client, h, call_id, **body):
    now = client.get(f"/calls/{call_id}", headers=h).json()
    r = client.post(f"/calls/{call_id}/move", json={"version": now["version"], **body}, headers=h)
    assert r.status_code == 200, r.text


def _run(client, headers, day=MONDAY):
    return [(c["client_name"], c["planned_start"]) for c in
            client.get(f"/me/run?date={day}", headers=headers).json()["calls"]]


def test_applied_but_unpublished_changes_stay_off_the_carers_phones(client, factory):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user(name="Ann")
    bea, bea_h = factory.carer_user(name="Bea")
    olive, rose = factory.client_(name="Olive"), factory.client_(name="Rose")
    call = add_call(client, h, olive["id"], start="09:00", carer_ids=[ann["id"]])
    _publish(client, h)

    _move(client, h, call["id"], from_carer_id=ann["id"], to_carer_id=bea["id"], start="10:00")
    add_call(client, h, rose["id"], start="12:00", carer_ids=[bea["id"]])
    assert _run(client, ann_h) == [("Olive", "09:00")]  # as published
    assert _run(client, bea_h) == []
    (week,) = [d for d in client.get(f"/me/runs?start={MONDAY}&end={MONDAY}", headers=bea_h).json()]
    assert week["calls"] == []
    rota = client.get(f"/rota/carers/{bea['id']}?start={MONDAY}&weeks=1", headers=bea_h).json()
    assert [d["calls"] for d in rota["days"] if d["date"] == MONDAY] == [[]]
    # Staff still read the working rota in the same view.
    rota = client.get(f"/rota/carers/{bea['id']}?start={MONDAY}&weeks=1", headers=h).json()
    assert [c["client_name"] for d in rota["days"] if d["date"] == MONDAY for c in d["calls"]] == ["Olive", "Rose"]

    _publish(client, h)
    assert _run(client, ann_h) == []
    assert _run(client, bea_h) == [("Olive", "10:00"), ("Rose", "12:00")]


def test_a_day_published_after_its_week_overrides_the_week(client, factory):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user(name="Ann")
    olive = factory.client_(name="Olive")
    call = add_call(client, h, olive["id"], start="09:00", carer_ids=[ann["id"]])
    tuesday = add_call(client, h, olive["id"], date="2030-01-08", start="09:00", carer_ids=[ann["id"]])
    _publish(client, h, MONDAY, "2030-01-13")
    _move(client, h, call["id"], start="11:00")
    _move(client, h, tuesday["id"], start="11:00")
    _publish(client, h, MONDAY)  # Monday only
    days = client.get(f"/me/runs?start={MONDAY}&end=2030-01-08", headers=ann_h).json()
    assert [[c["planned_start"] for c in d["calls"]] for d in days] == [["11:00"], ["09:00"]]


def test_the_key_safe_code_follows_the_published_rota(client, factory):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user(name="Ann")
    bea, bea_h = factory.carer_user(name="Bea")
    today = server_today().isoformat()
    call = add_call(client, h, factory.client_(name="Olive", key_safe_code="4321")["id"], date=today,
                    start="23:00", carer_ids=[ann["id"]])
    _publish(client, h, today)
    _move(client, h, call["id"], from_carer_id=ann["id"], to_carer_id=bea["id"])
    assert client.get(f"/visits/{call['id']}", headers=bea_h).status_code == 403
    assert client.get(f"/visits/{call['id']}", headers=ann_h).json()["key_safe_code"] == "4321"
    _publish(client, h, today)
    assert client.get(f"/visits/{call['id']}", headers=bea_h).json()["key_safe_code"] == "4321"
    assert client.get(f"/visits/{call['id']}", headers=ann_h).status_code == 403


def test_the_calendar_feed_shows_the_published_rota(client, factory):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user(name="Ann")
    day = (server_today() + dt.timedelta(days=3)).isoformat()
    add_call(client, h, factory.client_(name="Olive")["id"], date=day, start="09:00", carer_ids=[ann["id"]])
    _publish(client, h, day)
    add_call(client, h, factory.client_(name="Rose")["id"], date=day, start="12:00", carer_ids=[ann["id"]])
    path = client.post(f"/rota/carers/{ann['id']}/calendar-link", headers=ann_h).json()["path"]
    feed = client.get(path).text
    assert "SUMMARY:Olive" in feed and "Rose" not in feed


def test_the_board_marks_calls_that_differ_from_what_carers_see(client, factory):
    h = factory.headers("planner")
    ann, _ = factory.carer_user(name="Ann")
    bea, _ = factory.carer_user(name="Bea")
    kept = add_call(client, h, factory.client_(name="Olive")["id"], start="09:00", carer_ids=[ann["id"]])
    moved = add_call(client, h, factory.client_(name="Rose")["id"], start="11:00", carer_ids=[ann["id"]])
    dropped = add_call(client, h, factory.client_(name="Ivy")["id"], start="14:00", carer_ids=[ann["id"]])
    _publish(client, h)

    _move(client, h, moved["id"], from_carer_id=ann["id"], to_carer_id=bea["id"])
    now = client.get(f"/calls/{dropped['id']}", headers=h).json()
    r = client.post(f"/calls/{dropped['id']}/unassign", json={"version": now["version"], "carer_id": ann["id"]},
                    headers=h)
    assert r.status_code == 200, r.text
    add_call(client, h, factory.client_(name="June")["id"], start="16:00", carer_ids=[bea["id"]])
    board = client.get(f"/planner/day?date={MONDAY}", headers=h).json()
    marks = {(row["name"], c["client_name"]): c["differs_from_published"] for row in board["carers"] for c in row["calls"]}
    assert marks == {("Ann", "Olive"): False, ("Bea", "Rose"): True, ("Bea", "June"): True}
    assert {c["client_name"]: c["differs_from_published"] for c in board["unallocated"]} == {"Ivy": True}
    assert kept["id"]

    _publish(client, h)
    board = client.get(f"/planner/day?date={MONDAY}", headers=h).json()
    assert not any(c["differs_from_published"] for row in board["carers"] for c in row["calls"])
    assert not any(c["differs_from_published"] for c in board["unallocated"])


def test_a_day_never_published_shows_only_when_the_agency_says_so(client, factory):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user(name="Ann")
    add_call(client, h, factory.client_(name="Olive")["id"], start="09:00", carer_ids=[ann["id"]])
    assert _run(client, ann_h) == []  # the default: nothing until it is published
    board = client.get(f"/planner/day?date={MONDAY}", headers=h).json()
    assert [c["differs_from_published"] for row in board["carers"] for c in row["calls"]] == [True]

    r = client.put("/settings", json={"values": {"show_unpublished_days_to_carers": True}},
                   headers=factory.headers("manager"))
    assert r.status_code == 200, r.text
    assert _run(client, ann_h) == [("Olive", "09:00")]
    board = client.get(f"/planner/day?date={MONDAY}", headers=h).json()
    assert [c["differs_from_published"] for row in board["carers"] for c in row["calls"]] == [False]
