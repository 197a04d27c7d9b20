"""One truth about unallocated calls, and "Who can take this?".

Every screen (board, Sickness screen, draft) gives a call's reason from the solver's one
explainer on the same data; "Who can take this?" ranks the working carers by what inserting
the call into their run costs, with the warnings that move would bring, and one move assigns."""


import pytest

from tests.support.planner_setup import MONDAY, add_call
from tests.support.jobs import finished_job

pytestmark = pytest.mark.usefixtures("solver_queue")  # a queue worker on PostgreSQL



def test_board_sickness_screen_and_draft_give_the_same_reason(client, factory):
    h = factory.headers("planner")
    factory.carer(name="Ann Hale")  # the only carer: she can do one of two calls at 09:00
    first = add_call(client, h, factory.client_(name="Rosa Juniper")["id"], start="09:00", window_minutes=0,
                     duration_minutes=60)
    second = add_call(client, h, factory.client_(name="Tom Reed")["id"], start="09:00", window_minutes=0,
                      duration_minutes=60)
    job = client.post("/optimise/jobs", json={"start": MONDAY, "solution_limit": 10}, headers=h).json()
    assert finished_job(client, h, job["id"])["status"] == "done"
    draft = client.get(f"/optimise/jobs/{job['id']}/draft", headers=h).json()["days"][MONDAY]
    (left,) = draft["unallocated"]
    assert left["reason"] == "no carer is free 09:00-10:00"
    assert client.post(f"/optimise/jobs/{job['id']}/apply", headers=h).status_code == 200

    board = client.get(f"/planner/day?date={MONDAY}", headers=h).json()
    uncovered = client.get(f"/calls/uncovered?date={MONDAY}", headers=h).json()  # the Sickness screen's list
    assert [c["id"] for c in board["unallocated"]] == [int(left["call_id"])] == [c["id"] for c in uncovered]
    assert int(left["call_id"]) in (first["id"], second["id"])
    # The board's screen shows the reasons from /calls/uncovered (asked for once the board is drawn).
    assert uncovered[0]["reason"] == left["reason"]
    asked = client.get(f"/calls/{left['call_id']}/who-can-take", headers=h).json()
    assert asked["reason"] == left["reason"]
    assert [o["fits"] for o in asked["offers"]] == [False]  # Ann, with the overlap it would cause
    assert {w["code"] for w in asked["offers"][0]["warnings"]} >= {"overlap"}


def test_who_can_take_ranks_carers_with_their_warnings_and_one_move_assigns(client, factory):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann Hale")
    bea = factory.carer(name="Bea Moss", home_lat=51.44, home_lon=-2.85)  # lives by the call
    cas = factory.carer(name="Cas Lee", home_lat=51.35, home_lon=-2.98, skills=[])  # far, lacks medication
    add_call(client, h, factory.client_(name="Rosa Juniper")["id"], start="09:00", carer_ids=[ann["id"]])
    call = add_call(client, h, factory.client_(name="Tom Reed")["id"], start="09:00", window_minutes=0,
                    duration_minutes=45, required_skills=["medication"])
    (uncovered,) = client.get(f"/calls/uncovered?date={MONDAY}", headers=h).json()
    assert uncovered["reason"] == "not yet allocated: 1 carer with the medication skill could take it as the runs stand"

    asked = client.get(f"/calls/{call['id']}/who-can-take", headers=h)
    assert asked.status_code == 200, asked.text
    body = asked.json()
    assert body["client_name"] == "Tom Reed" and body["version"] == call["version"]
    offers = {o["carer_name"]: o for o in body["offers"]}
    assert [o["carer_name"] for o in body["offers"]][0] == "Bea Moss"
    assert set(offers) == {"Ann Hale", "Bea Moss", "Cas Lee"}
    best = offers["Bea Moss"]
    assert best["fits"] is True and best["warnings"] == [] and best["start"] == "09:00"
    assert best["late_minutes"] == 0 and best["work_minutes"] == 45 and best["added_travel_minutes"] >= 0
    assert {w["code"] for w in offers["Ann Hale"]["warnings"]} >= {"overlap"}
    assert any("Rosa Juniper" in w["message"] and "Tom Reed" in w["message"] for w in offers["Ann Hale"]["warnings"])
    assert "skill_missing" in {w["code"] for w in offers["Cas Lee"]["warnings"]}
    assert not offers["Ann Hale"]["fits"] and not offers["Cas Lee"]["fits"]

    moved = client.post(f"/calls/{call['id']}/move", json={"version": body["version"], "to_carer_id": bea["id"],
                                                          "start": best["start"]}, headers=h)
    assert moved.status_code == 200, moved.text
    assert [(a["carer_id"], a["planned_start"]) for a in moved.json()["assignments"]] == [(bea["id"], "09:00")]
    assert client.get(f"/planner/day?date={MONDAY}", headers=h).json()["unallocated"] == []
    assert cas["id"]  # (listed, never chosen)


def test_who_can_take_answers_404_and_409(client, factory):
    h = factory.headers("planner")
    assert client.get("/calls/999999/who-can-take", headers=h).status_code == 404
    call = add_call(client, h, factory.client_()["id"], start="09:00")
    client.post(f"/calls/{call['id']}/cancel", json={"version": call["version"]}, headers=h)
    assert client.get(f"/calls/{call['id']}/who-can-take", headers=h).status_code == 409
