"""The weekly pattern states a double-up's parts and a gap (and same/different carer) to the call
before; the day's Problem carries them and a plan stored and read back keeps every rule (issue 15)."""

import datetime as dt

from api.domain.rostering.planning import build_problem, current_plan, store_plan
from api.solver import Options, check, solve
from api.domain.shared.common import server_today

BREAKFAST = {"weekdays": [0, 1, 2, 3, 4, 5, 6], "start": "08:00", "duration_minutes": 30, "call_type": "morning"}
# medication spacing: at least 3 h after breakfast, at most 5 h, and not by the breakfast carer
LUNCH = {"weekdays": [0, 1, 2, 3, 4, 5, 6], "start": "11:00", "duration_minutes": 30, "call_type": "lunch",
         "link_to_previous": {"min_gap_minutes": 180, "max_gap_minutes": 300, "carer": "different"}}
# a double-up: the second carer, hoist-trained, arrives 30 min after the first and stays 20 min
TEA = {"weekdays": [0, 1, 2, 3, 4, 5, 6], "start": "16:00", "duration_minutes": 60, "call_type": "tea",
       "carers_required": 2,
       "parts": [{}, {"required_skills": ["hoist"], "duration_minutes": 20, "offset_minutes": 30}]}


def _put(client, h, client_id, calls, version=1):
    return client.put(f"/clients/{client_id}/pattern", headers=h,
                      json={"version": version, "from_date": str(server_today()), "calls": calls})


def test_parts_and_links_round_trip_through_the_pattern(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    assert _put(client, h, c["id"], [BREAKFAST, LUNCH, TEA]).status_code == 200
    got = {x["call_type"]: x for x in client.get(f"/clients/{c['id']}/pattern", headers=h).json()["calls"]}
    assert got["lunch"]["link_to_previous"] == {**LUNCH["link_to_previous"], "day": "same"}
    assert got["tea"]["parts"][1] == {"required_skills": ["hoist"], "duration_minutes": 20, "offset_minutes": 30}
    assert got["morning"]["parts"] == [] and got["morning"]["link_to_previous"] is None


def test_bad_parts_and_links_are_refused_naming_the_field(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    one_part = {**TEA, "parts": TEA["parts"][:1]}
    r = _put(client, h, c["id"], [BREAKFAST, one_part])
    assert r.status_code == 400 and "calls[1].parts" in r.text
    too_long = {**TEA, "parts": [{}, {"duration_minutes": 45, "offset_minutes": 30}]}
    r = _put(client, h, c["id"], [too_long])
    assert r.status_code == 400 and "calls[0].parts[1].offset_minutes" in r.text
    r = _put(client, h, c["id"], [LUNCH])  # nothing before it to be linked to
    assert r.status_code == 400 and "calls[0].link_to_previous" in r.text
    upside_down = {**LUNCH, "link_to_previous": {"min_gap_minutes": 300, "max_gap_minutes": 180}}
    r = _put(client, h, c["id"], [BREAKFAST, upside_down])
    assert r.status_code == 400 and "max_gap_minutes" in r.text


def test_a_link_to_the_day_before_round_trips_and_needs_a_call_that_day(client, factory):
    c = factory.client_()
    h = factory.headers("planner")
    bed = {"weekdays": [6], "start": "21:00", "duration_minutes": 30, "call_type": "bed"}
    monday = {"weekdays": [0], "start": "08:00", "duration_minutes": 30, "call_type": "morning",
              "link_to_previous": {"min_gap_minutes": 600, "carer": "same", "day": "previous"}}
    assert _put(client, h, c["id"], [monday, bed]).status_code == 200
    got = {x["call_type"]: x for x in client.get(f"/clients/{c['id']}/pattern", headers=h).json()["calls"]}
    assert got["morning"]["link_to_previous"] == {**monday["link_to_previous"], "max_gap_minutes": None}
    tuesday = {**monday, "weekdays": [1]}  # nothing on Monday to link to
    r = _put(client, h, c["id"], [tuesday, bed], version=2)
    assert r.status_code == 400 and "calls[0].link_to_previous.day" in r.text and "Monday" in r.text
    r = _put(client, h, c["id"], [{**monday, "link_to_previous": {"day": "yesterday"}}, bed], version=2)
    assert r.status_code == 400 and "day" in r.text


def test_the_day_is_planned_with_the_parts_and_links_and_read_back_whole(client, factory, run):
    c = factory.client_()
    h = factory.headers("planner")
    for skills in (["medication"], ["medication"], ["medication", "hoist"]):
        factory.carer(skills=skills)
    assert _put(client, h, c["id"], [BREAKFAST, LUNCH, TEA]).status_code == 200
    day = server_today() + dt.timedelta(days=1)
    assert client.post("/calls/generate", headers=h, json={"start": str(day), "end": str(day)}).status_code == 200
    problem, _ = run(build_problem, day)
    mine = {call.id: call for call in problem.calls if call.client_id == str(c["id"])}
    tea = next(call for call in mine.values() if call.carers_required == 2)
    assert [p.offset for p in tea.parts] == [0, 30 * 60] and tea.parts[1].skills == ("hoist",)
    kinds = {(x.kind, x.min_gap, x.max_gap) for x in problem.links if x.second in mine}
    assert kinds == {("gap", 3 * 3600, 5 * 3600), ("different_carers", 0, None)}
    plan = solve(problem, Options(time_limit=None, solution_limit=20))
    assert check(problem, plan) == [] and not plan.unallocated
    run(store_plan, day, plan)
    again, _ = run(build_problem, day)
    assert check(again, run(current_plan, day, again)) == []


def _breakfast_and_lunch_tomorrow(client, factory):
    """A carer, Ann, and Rosa's linked breakfast and lunch calls made for tomorrow, in time order."""
    h = factory.headers("planner")
    ann = factory.carer(name="Ann Hale")
    rosa = factory.client_(name="Rosa Juniper")
    assert _put(client, h, rosa["id"], [BREAKFAST, LUNCH]).status_code == 200
    day = server_today() + dt.timedelta(days=1)
    assert client.post("/calls/generate", headers=h, json={"start": str(day), "end": str(day)}).status_code == 200
    calls = sorted((c for c in client.get(f"/calls/uncovered?date={day}", headers=h).json() if c["client_id"] == rosa["id"]),
                   key=lambda c: c["window_start"])
    return h, ann, rosa, day, calls


def test_a_move_that_breaks_a_link_is_warned_in_words(client, factory):
    h, ann, _, _, (breakfast, lunch) = _breakfast_and_lunch_tomorrow(client, factory)
    moved = client.post(f"/calls/{breakfast['id']}/move", headers=h,
                        json={"version": breakfast["version"], "to_carer_id": ann["id"], "start": "08:00"})
    assert moved.status_code == 200, moved.text
    preview = client.post(f"/calls/{lunch['id']}/move/preview", headers=h,
                          json={"version": lunch["version"], "to_carer_id": ann["id"], "start": "10:30"})
    said = {w["code"]: w["message"] for w in preview.json()["warnings"]}
    assert said["gap_between_calls"] == ("Gap between calls: the 10:30 call at Rosa Juniper would start 2 h 30 min "
                                         "after the 08:00 call there; it must be at least 3 h 00 min after it")
    assert said["different_carers_needed"] == (
        "Different carers needed: Ann Hale would do both the 08:00 call at Rosa Juniper and the 10:30 call at "
        "Rosa Juniper, which are booked with different carers")


def test_changing_only_a_link_keeps_the_calls_and_their_carers_under_the_new_rule(client, factory, run):
    h, ann, rosa, day, (_, lunch) = _breakfast_and_lunch_tomorrow(client, factory)
    assert client.post(f"/calls/{lunch['id']}/move", headers=h, json={
        "version": lunch["version"], "to_carer_id": ann["id"], "start": "11:00"}).status_code == 200
    sooner = {**LUNCH, "link_to_previous": {**LUNCH["link_to_previous"], "min_gap_minutes": 120}}
    r = _put(client, h, rosa["id"], [BREAKFAST, sooner], version=2)
    assert r.status_code == 200, r.text
    assert (r.json()["change"]["added"], r.json()["change"]["removed"]) == ([], [])
    assert [a["visit_id"] for a in client.get(f"/assignments?start={day}", headers=h).json()
            if a["carer_id"] == ann["id"]] == [lunch["id"]]
    problem, _ = run(build_problem, day)
    assert {(x.kind, x.min_gap) for x in problem.links if x.second == str(lunch["id"])} == {
        ("gap", 120 * 60), ("different_carers", 0)}
