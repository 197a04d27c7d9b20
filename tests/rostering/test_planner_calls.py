"""The planner's hand changes: one-off calls, moves with warnings, pins, cancels."""

from tests.support.planner_setup import MONDAY, add_call


def test_one_off_call_shows_as_unallocated_with_a_reason(client, factory):
    h = factory.headers("planner")
    someone = factory.client_()
    call = add_call(client, h, someone["id"], start="10:00", required_skills=["hoist"])
    assert call["window_start"] == "09:30" and call["changed_by_hand"] is True
    uncovered = client.get(f"/calls/uncovered?date={MONDAY}", headers=h).json()
    assert [c["id"] for c in uncovered] == [call["id"]]
    assert "hoist" in uncovered[0]["reason"]


def test_carers_cannot_use_the_planner_api(client, factory):
    _, carer_h = factory.carer_user()
    someone = factory.client_()
    body = {"client_id": someone["id"], "date": MONDAY, "start": "09:00", "duration_minutes": 30}
    assert client.post("/calls", json=body, headers=carer_h).status_code == 403
    assert client.get(f"/planner/day?date={MONDAY}", headers=carer_h).status_code == 403


def test_bad_call_input_names_the_field(client, factory):
    h = factory.headers("planner")
    someone = factory.client_()
    r = client.post("/calls", json={"client_id": someone["id"], "date": MONDAY, "start": "25:00",
                                    "duration_minutes": 30}, headers=h)
    assert r.status_code == 400 and "start" in r.text
    r = client.post("/calls", json={"client_id": 99999, "date": MONDAY, "start": "09:00",
                                    "duration_minutes": 30}, headers=h)
    assert r.status_code == 400 and "client_id" in r.text
    assert client.get("/planner/day?date=2030-02-30", headers=h).status_code == 400


def test_move_preview_warns_then_confirm_applies(client, factory):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann", skills=[])
    bea = factory.carer(name="Bea", skills=[])
    near = factory.client_(lat=51.44, lon=-2.85)
    far = factory.client_(lat=51.35, lon=-2.98, excluded_carer_ids=[bea["id"]])  # Weston, ~14 km away
    add_call(client, h, near["id"], start="09:00", carer_ids=[bea["id"]])
    call = add_call(client, h, far["id"], start="09:40", carer_ids=[ann["id"]], required_skills=["hoist"])
    move = {"version": call["version"], "from_carer_id": ann["id"], "to_carer_id": bea["id"], "start": "09:40"}
    preview = client.post(f"/calls/{call['id']}/move/preview", json=move, headers=h)
    assert preview.status_code == 200, preview.text
    codes = {w["code"] for w in preview.json()["warnings"]}
    assert codes == {"skill_missing", "excluded_carer", "travel_tight"}
    # Nothing changed by the preview.
    assert client.get(f"/calls/{call['id']}", headers=h).json()["assignments"][0]["carer_id"] == ann["id"]
    moved = client.post(f"/calls/{call['id']}/move", json=move, headers=h)
    assert moved.status_code == 200, moved.text
    assert [a["carer_id"] for a in moved.json()["assignments"]] == [bea["id"]]
    assert moved.json()["version"] == call["version"] + 1
    stale = client.post(f"/calls/{call['id']}/move", json=move, headers=h)
    assert stale.status_code == 409


def test_overlap_absence_and_window_warnings(client, factory):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann")
    someone = factory.client_()
    add_call(client, h, someone["id"], start="09:00", carer_ids=[ann["id"]])
    other = add_call(client, h, factory.client_()["id"], start="12:00")
    move = {"version": other["version"], "to_carer_id": ann["id"], "start": "09:15"}
    codes = {w["code"] for w in client.post(f"/calls/{other['id']}/move/preview", json=move, headers=h).json()["warnings"]}
    # The solver's checker also sees that the overlapping call cannot be reached in time.
    assert {"overlap", "outside_window"} <= codes <= {"overlap", "outside_window", "travel_tight"}
    sick = client.post("/leave", json={"kind": "sick", "carer_id": ann["id"], "start_date": MONDAY,
                                       "end_date": MONDAY}, headers=h)
    assert sick.status_code == 201
    move["start"] = "12:00"
    codes = {w["code"] for w in client.post(f"/calls/{other['id']}/move/preview", json=move, headers=h).json()["warnings"]}
    assert codes == {"carer_absent"}


def test_moving_a_call_outside_its_window_moves_the_window(client, factory):
    h = factory.headers("planner")
    ann = factory.carer()
    call = add_call(client, h, factory.client_()["id"], start="09:00", carer_ids=[ann["id"]])
    moved = client.post(f"/calls/{call['id']}/move", json={"version": call["version"], "start": "11:00"}, headers=h).json()
    assert (moved["window_start"], moved["window_end"]) == ("10:30", "11:30")
    assert moved["assignments"][0]["planned_start"] == "11:00"


def test_a_move_must_say_who_gives_up_a_full_call(client, factory):
    h = factory.headers("planner")
    ann, bea = factory.carer(), factory.carer()
    call = add_call(client, h, factory.client_()["id"], carer_ids=[ann["id"]])
    r = client.post(f"/calls/{call['id']}/move/preview", json={"version": 1, "to_carer_id": bea["id"]}, headers=h)
    assert r.status_code == 400 and "from_carer_id" in r.text
    r = client.post(f"/calls/{call['id']}/move", json={"version": 1, "to_carer_id": 4242, "from_carer_id": ann["id"]}, headers=h)
    assert r.status_code == 400 and "to_carer_id" in r.text


def test_pin_and_unpin(client, factory):
    h = factory.headers("planner")
    ann = factory.carer()
    call = add_call(client, h, factory.client_()["id"], carer_ids=[ann["id"]])
    pinned = client.post(f"/calls/{call['id']}/pin", json={"version": 1, "locked": True}, headers=h).json()
    assert pinned["assignments"][0]["locked"] is True and pinned["version"] == 2
    assert client.post(f"/calls/{call['id']}/pin", json={"version": 1, "locked": False}, headers=h).status_code == 409
    unpinned = client.post(f"/calls/{call['id']}/pin", json={"version": 2, "locked": False}, headers=h).json()
    assert unpinned["assignments"][0]["locked"] is False
    empty = add_call(client, h, factory.client_()["id"])
    assert client.post(f"/calls/{empty['id']}/pin", json={"version": 1, "locked": True}, headers=h).status_code == 400


def test_cancel_removes_the_carers_and_writes_audit(client, factory):
    h = factory.headers("planner")
    ann = factory.carer()
    call = add_call(client, h, factory.client_()["id"], carer_ids=[ann["id"]])
    done = client.post(f"/calls/{call['id']}/cancel", json={"version": 1, "reason": "family visiting"}, headers=h)
    assert done.status_code == 200 and done.json()["status"] == "cancelled" and done.json()["assignments"] == []
    again = client.post(f"/calls/{call['id']}/cancel", json={"version": 2}, headers=h)
    assert again.status_code == 409  # a cancelled call can no longer change
    events = client.get(f"/audit?entity=visit&entity_id={call['id']}", headers=factory.headers("manager")).json()
    assert [e["action"] for e in events["items"]] == ["cancel", "create"]
    assert events["items"][0]["before"]["assignments"][0]["carer_id"] == ann["id"]
    assert events["items"][0]["after"]["reason"] == "family visiting"


def test_unassign_one_carer_of_a_double_up(client, factory):
    h = factory.headers("planner")
    ann, bea = factory.carer(), factory.carer()
    call = add_call(client, h, factory.client_()["id"], carer_ids=[ann["id"], bea["id"]], carers_required=2)
    out = client.post(f"/calls/{call['id']}/unassign", json={"version": 1, "carer_id": ann["id"]}, headers=h).json()
    assert [a["carer_id"] for a in out["assignments"]] == [bea["id"]]
    uncovered = client.get(f"/calls/uncovered?date={MONDAY}", headers=h).json()
    assert [c["id"] for c in uncovered] == [call["id"]]


def test_day_board_lists_runs_with_travel_and_the_unallocated(client, factory):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann")
    factory.carer(name="Bea")
    first = add_call(client, h, factory.client_(lat=51.44, lon=-2.85)["id"], start="08:00", carer_ids=[ann["id"]])
    add_call(client, h, factory.client_(lat=51.48, lon=-2.76)["id"], start="09:00", carer_ids=[ann["id"]])
    loose = add_call(client, h, factory.client_()["id"], start="12:00")
    board = client.get(f"/planner/day?date={MONDAY}", headers=h).json()
    rows = {c["name"]: c for c in board["carers"]}
    assert set(rows) == {"Ann", "Bea"}
    calls = rows["Ann"]["calls"]
    assert calls[0]["visit_id"] == first["id"]
    assert "free_minutes" not in calls[0] and calls[1]["free_minutes"] == 30 and calls[1]["travel_minutes"] > 5
    assert [c["id"] for c in board["unallocated"]] == [loose["id"]]
    # The reason is worked out on demand, not on every board load.
    uncovered = client.get(f"/calls/uncovered?date={MONDAY}", headers=h).json()
    assert uncovered[0]["reason"].startswith("not yet allocated")


def test_settings_give_the_tile_server(client, factory):
    body = client.get("/planner/settings", headers=factory.headers("planner")).json()
    assert "{z}" in body["tile_url"] and body["late_after_minutes"] == 15
