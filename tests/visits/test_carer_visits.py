"""Runs and call detail for the carer: row-level rules and the key safe rule."""

import datetime as dt

import pytest

from tests.support.carer_world import new_uuid, now_iso
from api.domain.shared.common import server_today



def test_key_safe_code_is_given_to_the_assigned_carer_on_the_day(client, factory, world):
    carer, headers = factory.carer_user()
    visit_id = world.call([carer["id"]], server_today())
    detail = client.get(f"/visits/{visit_id}", headers=headers).json()
    assert detail["key_safe_code"] == "4321"
    assert detail["access_notes"] == "Key safe left of the back door"
    assert detail["alerts"] == "Allergic to penicillin"


@pytest.mark.parametrize("days", [1, -1])
def test_key_safe_code_is_withheld_on_another_day(client, factory, world, days):
    carer, headers = factory.carer_user()
    visit_id = world.call([carer["id"]], server_today() + dt.timedelta(days=days))
    detail = client.get(f"/visits/{visit_id}", headers=headers).json()
    assert detail["key_safe_code"] is None
    assert "on the day" in detail["key_safe_note"]
    assert "4321" not in client.get(f"/visits/{visit_id}", headers=headers).text


def test_key_safe_code_is_given_after_midnight_for_last_night(client, factory, world):
    carer, headers = factory.carer_user()
    night = world.call([carer["id"]], server_today() - dt.timedelta(days=1), at=22 * 60, minutes=9 * 60,
                       call_type="waking_night")
    assert client.get(f"/visits/{night}", headers=headers).json()["key_safe_code"] == "4321"


def test_another_carer_cannot_open_the_call(client, factory, world):
    carer, _ = factory.carer_user()
    _, other_headers = factory.carer_user()
    visit_id = world.call([carer["id"]], server_today())
    response = client.get(f"/visits/{visit_id}", headers=other_headers)
    assert response.status_code == 403
    assert "4321" not in response.text
    assert client.get(f"/visits/{visit_id}/logs", headers=other_headers).status_code == 403


def test_reassigned_carer_loses_the_code_at_once(client, factory, world):
    carer, headers = factory.carer_user()
    other, other_headers = factory.carer_user()
    visit_id = world.call([carer["id"]], server_today())
    world.reassign(visit_id, other["id"])
    assert client.get(f"/visits/{visit_id}", headers=headers).status_code == 403
    assert client.get(f"/visits/{visit_id}", headers=other_headers).json()["key_safe_code"] == "4321"


def test_staff_open_any_call_but_read_the_code_from_the_sensitive_record(client, factory, world):
    carer, _ = factory.carer_user()
    visit_id = world.call([carer["id"]], server_today())
    planner = factory.headers("planner")
    detail = client.get(f"/visits/{visit_id}", headers=planner).json()
    assert detail["key_safe_code"] is None and detail["client_name"] == world.su["name"]
    sensitive = client.get(f"/clients/{world.su['id']}/sensitive", headers=planner).json()
    assert sensitive["key_safe_code"] == "4321"


def test_an_unknown_call_answers_a_carer_as_a_foreign_one_and_staff_with_404(client, factory, world):
    carer, _ = factory.carer_user()
    _, headers = factory.carer_user()
    foreign = world.call([carer["id"]], server_today())
    for path in ("/visits/{}", "/visits/{}/logs"):
        unknown = client.get(path.format(999999), headers=headers)
        other = client.get(path.format(foreign), headers=headers)
        assert unknown.status_code == other.status_code == 403
        assert unknown.json() == other.json()
        assert client.get(path.format(999999), headers=factory.headers("planner")).status_code == 404


def test_detail_has_care_plan_tasks_and_previous_notes(client, factory, world):
    carer, headers = factory.carer_user()
    yesterday = world.call([carer["id"]], server_today() - dt.timedelta(days=1))
    today = world.call([carer["id"]], server_today())
    note = client.post(f"/visits/{yesterday}/notes", headers=headers, json={
        "client_uuid": new_uuid(), "device_time": now_iso(), "note": "Low on milk"})
    assert note.status_code == 201, note.text

    detail = client.get(f"/visits/{today}", headers=headers).json()
    assert [(t["name"], t["details"]) for t in detail["tasks"]] == [
        ("Breakfast", "Porridge, no sugar"), ("Medication", "Blister pack, morning slot")]
    assert detail["care_plan_title"] == "Morning support"
    assert [n["note"] for n in detail["previous_notes"]] == ["Low on milk"]
    assert detail["planned_start"] == "08:00"


def test_my_run_lists_only_my_calls_in_order_with_the_co_carer(client, factory, world):
    carer, headers = factory.carer_user(name="Ann Carer")
    other, _ = factory.carer_user(name="Bea Carer")
    mine = world.call([carer["id"], other["id"]], server_today())
    world.call([other["id"]], server_today())  # not mine
    run = client.get("/me/run", headers=headers).json()
    assert run["date"] == server_today().isoformat()
    assert [c["visit_id"] for c in run["calls"]] == [mine]
    assert run["calls"][0]["carers_required"] == 2
    assert run["co_carer_names"] == {str(other["id"]): "Bea Carer"}


def test_my_runs_cover_today_and_the_next_four_weeks(client, factory, world):
    carer, headers = factory.carer_user()
    world.call([carer["id"]], server_today() + dt.timedelta(days=27))
    world.call([carer["id"]], server_today() + dt.timedelta(days=28))  # beyond the look-ahead
    days = client.get("/me/runs", headers=headers).json()
    assert len(days) == 28 and days[0]["date"] == server_today().isoformat()
    assert sum(len(d["calls"]) for d in days) == 1
    too_long = client.get(f"/me/runs?start={server_today()}&end={server_today() + dt.timedelta(days=60)}", headers=headers)
    assert too_long.status_code == 400 and "end" in too_long.text


def test_staff_have_no_run_of_their_own(client, factory):
    response = client.get("/me/run", headers=factory.headers("planner"))
    assert response.status_code == 403


def test_staff_cannot_check_in(client, factory, world):
    carer, _ = factory.carer_user()
    visit_id = world.call([carer["id"]], server_today())
    response = client.post(f"/visits/{visit_id}/check-in", headers=factory.headers("planner"),
                           json={"client_uuid": new_uuid(), "device_time": now_iso()})
    assert response.status_code == 403
