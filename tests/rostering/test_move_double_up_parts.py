"""A hand move of a double-up whose parts differ keeps each carer at their part's offset and
length, as the optimiser and the checker have it (issue 15 point 1): the board's move and its
preview, and "Who can take this?" with the move that assigns its offer."""

import datetime as dt

from api.domain.rostering.planning import build_problem, current_plan
from api.solver import check
from api.domain.shared.common import server_today

# the second carer, hoist-trained, arrives 30 min after the first and stays 20 min
TEA = {"weekdays": [0, 1, 2, 3, 4, 5, 6], "start": "16:00", "duration_minutes": 60, "call_type": "tea",
       "carers_required": 2,
       "parts": [{}, {"required_skills": ["hoist"], "duration_minutes": 20, "offset_minutes": 30}]}
DAY = server_today() + dt.timedelta(days=1)


def _tea_call(client, h, factory):
    rosa = factory.client_(name="Rosa Juniper")
    r = client.put(f"/clients/{rosa['id']}/pattern", headers=h,
                   json={"version": 1, "from_date": str(server_today()), "calls": [TEA]})
    assert r.status_code == 200, r.text
    assert client.post("/calls/generate", headers=h, json={"start": str(DAY), "end": str(DAY)}).status_code == 200
    (call,) = [c for c in client.get(f"/calls/uncovered?date={DAY}", headers=h).json() if c["client_id"] == rosa["id"]]
    return call


def _times(call: dict) -> dict[int, str]:
    return {a["carer_id"]: a["planned_start"] for a in call["assignments"]}


def _day_violations(run) -> list:
    problem, _ = run(build_problem, DAY)
    return check(problem, run(current_plan, DAY, problem))


def test_a_hand_move_keeps_each_part_at_its_offset_and_length(client, factory, run):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann Hale")
    bea = factory.carer(name="Bea Moss", skills=["medication", "hoist"])
    cas = factory.carer(name="Cas Lee", skills=["medication", "hoist"])
    call = _tea_call(client, h, factory)

    call = client.post(f"/calls/{call['id']}/move", headers=h,
                       json={"version": call["version"], "to_carer_id": ann["id"], "start": "16:00"}).json()
    # Bea joins without a time: she takes the part her hoist skill allows, 30 min after Ann.
    preview = client.post(f"/calls/{call['id']}/move/preview", headers=h,
                          json={"version": call["version"], "to_carer_id": bea["id"]}).json()
    assert (preview["start"], preview["warnings"]) == ("16:30", [])
    call = client.post(f"/calls/{call['id']}/move", headers=h,
                       json={"version": call["version"], "to_carer_id": bea["id"]}).json()
    assert _times(call) == {ann["id"]: "16:00", bea["id"]: "16:30"}
    assert _day_violations(run) == []

    # Bea's block dragged to Cas at 16:40: Cas arrives then, and Ann moves with the call to 16:10.
    move = {"version": call["version"], "from_carer_id": bea["id"], "to_carer_id": cas["id"], "start": "16:40"}
    preview = client.post(f"/calls/{call['id']}/move/preview", headers=h, json=move).json()
    assert (preview["start"], preview["warnings"]) == ("16:40", [])
    call = client.post(f"/calls/{call['id']}/move", headers=h, json=move).json()
    assert _times(call) == {ann["id"]: "16:10", cas["id"]: "16:40"}
    assert _day_violations(run) == []

    # Only a new time for Ann's block: Cas keeps 30 min after her.
    move = {"version": call["version"], "from_carer_id": ann["id"], "start": "15:50"}
    preview = client.post(f"/calls/{call['id']}/move/preview", headers=h, json=move).json()
    assert (preview["start"], preview["warnings"]) == ("15:50", [])
    call = client.post(f"/calls/{call['id']}/move", headers=h, json=move).json()
    assert _times(call) == {ann["id"]: "15:50", cas["id"]: "16:20"}
    assert _day_violations(run) == []


def test_the_move_check_judges_each_carer_at_their_own_part(client, factory):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann Hale")
    bea = factory.carer(name="Bea Moss", skills=["medication", "hoist"])
    call = _tea_call(client, h, factory)
    call = client.post(f"/calls/{call['id']}/move", headers=h,
                       json={"version": call["version"], "to_carer_id": ann["id"], "start": "16:00"}).json()
    # Bea is busy next door until 16:25: free for her part at 16:30, not for the call's 16:00.
    other = client.post("/calls", headers=h, json={
        "client_id": factory.client_(name="Tom Reed")["id"], "date": str(DAY), "start": "15:40",
        "duration_minutes": 45, "window_minutes": 0, "carer_ids": [bea["id"]]})
    assert other.status_code == 201, other.text
    join = {"version": call["version"], "to_carer_id": bea["id"]}
    preview = client.post(f"/calls/{call['id']}/move/preview", headers=h, json=join).json()
    assert (preview["start"], preview["warnings"]) == ("16:30", [])
    call = client.post(f"/calls/{call['id']}/move", headers=h, json=join).json()
    # Ann's block 10 min earlier brings Bea to 16:20, before her other call ends.
    preview = client.post(f"/calls/{call['id']}/move/preview", headers=h, json={
        "version": call["version"], "from_carer_id": ann["id"], "start": "15:50"}).json()
    said = {w["code"]: w["message"] for w in preview["warnings"]}
    assert said["overlap"] == "Overlap: Bea Moss would be at Tom Reed 15:40-16:25 and at Rosa Juniper from 16:20, both at once"
    assert set(said) == {"overlap", "travel_tight"}


def test_who_can_take_offers_a_part_at_its_offset_and_the_offer_assigns_it(client, factory, run):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann Hale")
    bea = factory.carer(name="Bea Moss", skills=["medication", "hoist"])
    dan = factory.carer(name="Dan Ash")  # no hoist: the part left needs it
    call = _tea_call(client, h, factory)
    call = client.post(f"/calls/{call['id']}/move", headers=h,
                       json={"version": call["version"], "to_carer_id": ann["id"], "start": "16:00"}).json()

    asked = client.get(f"/calls/{call['id']}/who-can-take", headers=h).json()
    offers = {o["carer_name"]: o for o in asked["offers"]}
    assert set(offers) == {"Bea Moss", "Dan Ash"}
    assert (offers["Bea Moss"]["start"], offers["Bea Moss"]["fits"], offers["Bea Moss"]["warnings"]) == ("16:30", True, [])
    assert offers["Bea Moss"]["work_minutes"] == 20
    assert offers["Dan Ash"]["start"] == "16:30" and not offers["Dan Ash"]["fits"]
    assert {w["code"] for w in offers["Dan Ash"]["warnings"]} == {"skill_missing"}

    moved = client.post(f"/calls/{call['id']}/move", headers=h, json={
        "version": asked["version"], "to_carer_id": bea["id"], "start": offers["Bea Moss"]["start"]}).json()
    assert _times(moved) == {ann["id"]: "16:00", bea["id"]: "16:30"}
    assert _day_violations(run) == []
    assert dan["id"]  # (offered with a warning, never chosen)


def test_a_double_up_linked_same_carer_to_a_single_call_needs_that_carer_among_its_two(client, factory):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann Hale")
    bea = factory.carer(name="Bea Moss")
    rosa = factory.client_(name="Rosa Juniper")
    breakfast = {"weekdays": list(range(7)), "start": "08:00", "duration_minutes": 30, "call_type": "morning"}
    tea = {"weekdays": list(range(7)), "start": "16:00", "duration_minutes": 30, "call_type": "tea",
           "carers_required": 2, "link_to_previous": {"carer": "same"}}
    r = client.put(f"/clients/{rosa['id']}/pattern", headers=h,
                   json={"version": 1, "from_date": str(server_today()), "calls": [breakfast, tea]})
    assert r.status_code == 200, r.text
    assert client.post("/calls/generate", headers=h, json={"start": str(DAY), "end": str(DAY)}).status_code == 200
    first, second = sorted((c for c in client.get(f"/calls/uncovered?date={DAY}", headers=h).json()
                            if c["client_id"] == rosa["id"]), key=lambda c: c["window_start"])
    assert client.post(f"/calls/{first['id']}/move", headers=h, json={
        "version": first["version"], "to_carer_id": ann["id"], "start": "08:00"}).status_code == 200
    second = client.post(f"/calls/{second['id']}/move", headers=h, json={
        "version": second["version"], "to_carer_id": bea["id"], "start": "16:00"}).json()
    # Ann joining Bea keeps the link (breakfast's carer is one of tea's two): no warning.
    preview = client.post(f"/calls/{second['id']}/move/preview", headers=h,
                          json={"version": second["version"], "to_carer_id": ann["id"]}).json()
    assert preview["warnings"] == []
    assert client.post(f"/calls/{second['id']}/move", headers=h, json={
        "version": second["version"], "to_carer_id": ann["id"]}).status_code == 200
    # Breakfast given to Cas instead, who is not on tea: warned in words.
    cas = factory.carer(name="Cas Lee")
    first = client.get(f"/calls/{first['id']}", headers=h).json()
    preview = client.post(f"/calls/{first['id']}/move/preview", headers=h, json={
        "version": first["version"], "from_carer_id": ann["id"], "to_carer_id": cas["id"]}).json()
    assert [w["message"] for w in preview["warnings"]] == [
        "Same carer needed: the 08:00 call at Rosa Juniper and the 16:00 call at Rosa Juniper are booked with "
        "the same carer: the 08:00 call at Rosa Juniper would have a carer who is not on the 16:00 call at Rosa Juniper"]
