"""Move warnings in a planner's words: clients and carers by name, calls by time and client,
and a time the checker names says from where and why (never "has 530 and 531 at once")."""

import re

from tests.support.planner_setup import MONDAY, add_call


def _warnings(client, h, visit_id, move):
    preview = client.post(f"/calls/{visit_id}/move/preview", json=move, headers=h)
    assert preview.status_code == 200, preview.text
    return {w["code"]: w["message"] for w in preview.json()["warnings"]}


def test_an_overlap_names_both_clients_and_their_times(client, factory):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann Hale")
    rosa = factory.client_(name="Rosa Juniper")
    tom = factory.client_(name="Tom Reed")
    first = add_call(client, h, rosa["id"], start="09:00", carer_ids=[ann["id"]])
    other = add_call(client, h, tom["id"], start="12:00")
    said = _warnings(client, h, other["id"], {"version": other["version"], "to_carer_id": ann["id"], "start": "09:15"})
    assert said["overlap"] == ("Overlap: Ann Hale would be at Rosa Juniper 09:00-09:30 "
                               "and at Tom Reed from 09:15, both at once")
    assert said["outside_window"] == ("Outside the call's window: the 09:15 call at Tom Reed would start at 09:15, "
                                      "before its window opens (11:30-12:30)")
    for text in said.values():
        for visit_id in (first["id"], other["id"]):
            assert not re.search(rf"(?<![\d:]){visit_id}(?![\d:])", text), text


def test_too_early_a_start_says_from_where_and_why(client, factory):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann Hale")  # lives in Clevedon, shift from 07:00
    weston = factory.client_(name="Rosa Juniper", lat=51.35, lon=-2.98)  # about 14 km away
    call = add_call(client, h, weston["id"], start="07:00")
    said = _warnings(client, h, call["id"], {"version": call["version"], "to_carer_id": ann["id"], "start": "07:00"})
    assert re.fullmatch(
        r"Outside the carer's shift: Ann Hale would have to leave home at 06:(\d\d) \((\d+) min away\) "
        r"to reach the 07:00 call at Rosa Juniper, but their shift starts at 07:00", said["off_shift"]), said


def test_travel_too_tight_says_from_where_to_where(client, factory):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann Hale")
    add_call(client, h, factory.client_(name="Rosa Juniper")["id"], start="09:00", carer_ids=[ann["id"]])
    far = add_call(client, h, factory.client_(name="Tom Reed", lat=51.35, lon=-2.98)["id"], start="09:35")
    said = _warnings(client, h, far["id"], {"version": far["version"], "to_carer_id": ann["id"], "start": "09:35"})
    assert re.fullmatch(
        r"Travel too tight: Ann Hale leaves Rosa Juniper at 09:30 and needs (\d+) min to reach Tom Reed: "
        r"there at (\d\d:\d\d) at the earliest, but the call starts at 09:35", said["travel_tight"]), said
