"""A carer on the shorter part of a double-up counts their part's length, not the call's
(issue 15 point 1): the board's block and free time, and the week's minutes already worked."""

import datetime as dt

from api.domain.rostering.planning import build_problem
from api.domain.shared.common import server_today

# Ann does the 60-min call; Bea, hoist-trained, arrives 30 min after her and stays 20 min
TEA = {"weekdays": [0, 1, 2, 3, 4, 5, 6], "start": "16:00", "duration_minutes": 60, "call_type": "tea",
       "carers_required": 2,
       "parts": [{}, {"required_skills": ["hoist"], "duration_minutes": 20, "offset_minutes": 30}]}
TUESDAY = server_today() + dt.timedelta(days=(1 - server_today().weekday()) % 7 or 7)


def _staffed_tea(client, h, factory) -> tuple[dict, dict, dict]:
    """The tea call on TUESDAY with Ann at 16:00 and Bea on her 20-min part at 16:30."""
    ann = factory.carer(name="Ann Hale")
    bea = factory.carer(name="Bea Moss", skills=["medication", "hoist"])
    rosa = factory.client_(name="Rosa Juniper")
    r = client.put(f"/clients/{rosa['id']}/pattern", headers=h,
                   json={"version": 1, "from_date": str(server_today()), "calls": [TEA]})
    assert r.status_code == 200, r.text
    r = client.post("/calls/generate", headers=h, json={"start": str(TUESDAY), "end": str(TUESDAY)})
    assert r.status_code == 200, r.text
    (call,) = [c for c in client.get(f"/calls/uncovered?date={TUESDAY}", headers=h).json() if c["client_id"] == rosa["id"]]
    for carer, start in ((ann, "16:00"), (bea, "16:30")):
        call = client.post(f"/calls/{call['id']}/move", headers=h,
                           json={"version": call["version"], "to_carer_id": carer["id"], "start": start}).json()
    assert {a["carer_id"]: a["planned_start"] for a in call["assignments"]} == {ann["id"]: "16:00", bea["id"]: "16:30"}
    return ann, bea, call


def test_the_board_draws_a_carer_s_own_part_and_the_free_time_after_it(client, factory):
    h = factory.headers("planner")
    ann, bea, call = _staffed_tea(client, h, factory)
    r = client.post("/calls", headers=h, json={
        "client_id": factory.client_(name="Tom Reed")["id"], "date": str(TUESDAY), "start": "17:00",
        "duration_minutes": 30, "window_minutes": 0, "carer_ids": [bea["id"]]})
    assert r.status_code == 201, r.text

    board = client.get(f"/planner/day?date={TUESDAY}", headers=h).json()
    runs = {c["id"]: c["calls"] for c in board["carers"]}
    (ann_tea,) = runs[ann["id"]]
    bea_tea, bea_next = runs[bea["id"]]
    assert (ann_tea["visit_id"], ann_tea["duration_minutes"]) == (call["id"], 60)
    assert (bea_tea["visit_id"], bea_tea["duration_minutes"]) == (call["id"], 20)
    assert bea_next["free_minutes"] == 10  # 16:30 + 20 min, free until 17:00
    assert board["totals"]["care_hours"] == round((60 + 20 + 30) / 60, 1)


def test_the_week_s_minutes_worked_count_a_carer_s_own_part(client, factory, run):
    h = factory.headers("planner")
    ann, bea, _ = _staffed_tea(client, h, factory)
    problem, _ = run(build_problem, TUESDAY + dt.timedelta(days=1))
    worked = {c.id: c.worked_week for c in problem.carers}
    assert worked[str(ann["id"])] == 60 * 60
    assert worked[str(bea["id"])] == 20 * 60
