"""A carer's check-in racing the office's cancel or move: exactly one side wins, every time,
and the call is left consistent (a cancelled call never in progress, a started call never
cancelled or moved). Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

import random

import pytest

from tests.support.carer_world import CarerWorld, new_uuid, now_iso
from tests.support.concurrent import post_together

PAIRS = 15


@pytest.fixture
def world(client, factory, run) -> CarerWorld:
    return CarerWorld(client, factory, run)


def _together(client, first, second):
    """Both requests at once, in a random order of sending; answers as (first, second)."""
    if random.random() < 0.5:
        return tuple(post_together(client, [first, second]))
    b, a = post_together(client, [second, first])
    return a, b


def _call(client, planner, visit_id):
    response = client.get(f"/calls/{visit_id}", headers=planner)
    assert response.status_code == 200, response.text
    return response.json()


def _check_ins(client, planner, visit_id):
    return [log for log in client.get(f"/visits/{visit_id}/logs", headers=planner).json()["logs"]
            if log["kind"] == "check_in"]


def test_check_in_against_cancel_has_one_winner(client, factory, world):
    carer, headers = factory.carer_user()
    planner = factory.headers("planner")
    outcomes = set()
    for _ in range(PAIRS):
        visit_id = world.call([carer["id"]])
        check_in, cancel = _together(
            client,
            (f"/visits/{visit_id}/check-in", {"client_uuid": new_uuid(), "device_time": now_iso()}, headers),
            (f"/calls/{visit_id}/cancel", {"version": 1, "reason": "client in hospital"}, planner))
        call = _call(client, planner, visit_id)
        won = (check_in.status_code == 201, cancel.status_code == 200)
        assert won in ((True, False), (False, True)), (check_in.text, cancel.text)
        if won[0]:
            assert cancel.status_code == 409
            assert call["status"] == "in_progress"
            assert [a["carer_id"] for a in call["assignments"]] == [carer["id"]]
        else:
            assert check_in.status_code == 409 and check_in.json()["extra"]["reason"] == "cancelled"
            assert call["status"] == "cancelled" and call["assignments"] == []
            assert _check_ins(client, planner, visit_id) == []
        outcomes.add(won)
    print(f"check-in vs cancel: winners seen {sorted(outcomes)}")


def test_check_in_against_move_has_one_winner(client, factory, world):
    carer, headers = factory.carer_user()
    other, _ = factory.carer_user()
    planner = factory.headers("planner")
    outcomes = set()
    for _ in range(PAIRS):
        visit_id = world.call([carer["id"]])
        check_in, move = _together(
            client,
            (f"/visits/{visit_id}/check-in", {"client_uuid": new_uuid(), "device_time": now_iso()}, headers),
            (f"/calls/{visit_id}/move", {"version": 1, "to_carer_id": other["id"],
                                         "from_carer_id": carer["id"]}, planner))
        call = _call(client, planner, visit_id)
        won = (check_in.status_code == 201, move.status_code == 200)
        assert won in ((True, False), (False, True)), (check_in.text, move.text)
        if won[0]:
            assert move.status_code == 409
            assert call["status"] == "in_progress"
            assert [a["carer_id"] for a in call["assignments"]] == [carer["id"]]
        else:
            assert check_in.status_code == 409 and check_in.json()["extra"]["reason"] == "reassigned"
            assert call["status"] == "planned"
            assert [a["carer_id"] for a in call["assignments"]] == [other["id"]]
            assert _check_ins(client, planner, visit_id) == []
        outcomes.add(won)
    print(f"check-in vs move: winners seen {sorted(outcomes)}")
