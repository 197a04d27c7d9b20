"""Qualifications, training and training sessions (issue 11 points 5 and 6)."""

import datetime as dt
from api.domain.shared.common import server_today

def tomorrow() -> dt.date:  # read per use: a run may cross midnight
    return server_today() + dt.timedelta(days=1)


def _record(client, h, carer_id, course, obtained, expires=None):
    body = {"carer_id": carer_id, "course": course, "obtained_on": str(obtained), "evidence": "certificate seen"}
    if expires is not None:
        body["expires_on"] = str(expires)
    r = client.post("/training/records", headers=h, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def test_matrix_shows_expired_due_valid_and_missing(client, factory):
    h = factory.headers("manager")
    carer = factory.carer(name="Ada Ash", skills=[])
    _record(client, h, carer["id"], "safeguarding", server_today() - dt.timedelta(days=400))  # 12 months: expired
    _record(client, h, carer["id"], "first_aid", server_today() - dt.timedelta(days=350))  # due within 30 days
    _record(client, h, carer["id"], "level2_diploma", server_today() - dt.timedelta(days=900))  # never expires
    m = client.get("/training/matrix", headers=h).json()
    row = next(r for r in m["carers"] if r["carer_id"] == carer["id"])
    assert row["cells"]["safeguarding"]["status"] == "expired"
    assert row["cells"]["first_aid"]["status"] == "due"
    assert row["cells"]["level2_diploma"]["status"] == "valid"
    assert row["cells"]["food_hygiene"]["status"] == "missing"
    assert {c["code"] for c in m["courses"]} >= {"care_certificate", "level5_leadership", "medication", "peg"}


def test_training_records_validate_and_version(client, factory):
    h = factory.headers("planner")
    carer = factory.carer(skills=[])
    for body, field in (({"course": "juggling"}, "course"), ({"carer_id": 99999}, "carer_id"),
                        ({"obtained_on": str(tomorrow())}, "obtained_on"),
                        ({"expires_on": str(server_today() - dt.timedelta(days=20))}, "expires_on")):
        r = client.post("/training/records", headers=h, json={"carer_id": carer["id"], "course": "first_aid",
                                                              "obtained_on": str(server_today() - dt.timedelta(days=10)), **body})
        assert r.status_code == 400 and field in r.text, (body, r.text)
    rec = _record(client, h, carer["id"], "first_aid", server_today() - dt.timedelta(days=10))
    assert rec["expires_on"] is not None and rec["kind"] == "training"
    assert client.patch(f"/training/records/{rec['id']}", headers=h, json={"version": 1, "evidence": "card"}).status_code == 200
    stale = client.patch(f"/training/records/{rec['id']}", headers=h, json={"version": 1, "evidence": "x"})
    assert stale.status_code == 409 and "evidence" in stale.json()["detail"]


def test_expired_medication_training_stops_the_optimiser_using_the_carer(client, factory):
    from api.domain.people.availability import skills_valid_on

    h = factory.headers("manager")
    carer = factory.carer(skills=["medication"])
    rec = _record(client, h, carer["id"], "medication", server_today() - dt.timedelta(days=100))
    run = factory.run
    assert "medication" in run(skills_valid_on, tomorrow())[carer["id"]]
    client.patch(f"/training/records/{rec['id']}", headers=h,
                 json={"version": 1, "expires_on": str(server_today() - dt.timedelta(days=1))})
    assert "medication" not in run(skills_valid_on, tomorrow())[carer["id"]]


def test_carers_see_only_their_own_training(client, factory):
    carer, carer_headers = factory.carer_user(skills=[])
    other = factory.carer(skills=[])
    h = factory.headers("manager")
    _record(client, h, carer["id"], "safeguarding", server_today() - dt.timedelta(days=30))
    _record(client, h, other["id"], "first_aid", server_today() - dt.timedelta(days=30))
    mine = client.get("/me/training", headers=carer_headers).json()
    assert [r["course"] for r in mine] == ["safeguarding"]
    assert client.get("/training/matrix", headers=carer_headers).status_code == 403


def test_training_session_releases_only_the_calls_in_its_hours(client, factory):
    h = factory.headers("manager")
    carer = factory.carer(skills=[])
    su = factory.client_()
    ids = []
    for start in ("08:00", "11:00", "15:00"):
        call = client.post("/calls", headers=h, json={"client_id": su["id"], "date": str(tomorrow()), "start": start,
                                                      "duration_minutes": 30, "carer_ids": [carer["id"]]})
        assert call.status_code == 201, call.text
        ids.append(call.json()["id"])
    r = client.post("/training/sessions", headers=h, json={"carer_id": carer["id"], "course": "moving_handling",
                                                            "date": str(tomorrow()), "start": "10:00", "end": "13:00"})
    assert r.status_code == 201, r.text
    assert r.json()["released_call_ids"] == [ids[1]]
    uncovered = {c["id"] for c in client.get(f"/calls/uncovered?date={tomorrow()}", headers=h).json()}
    assert ids[1] in uncovered and ids[0] not in uncovered and ids[2] not in uncovered
    board = client.get("/planner/day", params={"date": str(tomorrow())}, headers=h)
    assert board.status_code == 200, board.text
    bad = client.post("/training/sessions", headers=h, json={"carer_id": carer["id"], "course": "first_aid",
                                                              "date": str(tomorrow()), "start": "13:00", "end": "12:00"})
    assert bad.status_code == 400 and "end" in bad.text


def test_a_stale_cancel_of_a_training_session_names_who_cancelled_it(client, factory):
    h = factory.headers("manager")
    carer = factory.carer(skills=[])
    booked = client.post("/training/sessions", headers=h, json={"carer_id": carer["id"], "course": "first_aid",
                                                                "date": str(tomorrow()), "start": "09:00", "end": "12:00"})
    assert booked.status_code == 201, booked.text
    url = f"/training/sessions/{booked.json()['id']}/cancel"
    assert client.post(url, headers=h, json={"version": 1}).status_code == 200
    stale = client.post(url, headers=factory.headers("planner"), json={"version": 1})
    assert stale.status_code == 409 and "manager" in stale.json()["detail"], stale.text
