"""The out-of-hours rota: each night's planner on the phone and carers for urgent calls, edited
by managers only, and beside them who is working that night (a sleep-in, a waking night)."""

import datetime as dt

from api.domain.tables import Assignment, Visit

NIGHT = dt.date(2031, 3, 3)


async def _sleep_in(client_id: int, carer_id: int) -> None:
    visit = await Visit.insert(Visit(client=client_id, date=NIGHT, window_start=22 * 60, window_end=22 * 60,
                                     duration_minutes=9 * 60, call_type="sleep_in")).returning(Visit.id)
    await Assignment.insert(Assignment(visit=visit[0]["id"], carer=carer_id, planned_start=22 * 60))


def test_managers_name_the_nights_team_and_see_who_works_the_night(client, factory, run):
    planner = factory.user("planner", "night_planner")
    urgent_carer = factory.carer(name="Ursula Urgent")
    sleeper = factory.carer(name="Sophie Sleeper")
    su = factory.client_(name="Rose Resting")
    run(_sleep_in, su["id"], sleeper["id"])
    body = {"date": NIGHT.isoformat(), "role": "carer", "person_id": urgent_carer["id"]}
    assert client.post("/out-of-hours", json=body, headers=factory.headers("planner")).status_code == 403
    for role, person in (("planner", factory.user_id(planner)), ("carer", urgent_carer["id"])):
        r = client.post("/out-of-hours", json={**body, "role": role, "person_id": person}, headers=factory.headers("manager"))
        assert r.status_code == 201, r.text
    query = {"start": NIGHT.isoformat(), "end": NIGHT.isoformat()}
    team = client.get("/out-of-hours", params=query, headers=factory.headers("planner")).json()
    assert sorted((t["role"], t["name"]) for t in team) == [("carer", "Ursula Urgent"), ("planner", "Night_Planner")]
    nights = client.get("/out-of-hours/nights", params=query, headers=factory.headers("planner")).json()
    assert [(n["carer_name"], n["kind"], n["client_name"], n["start"], n["end"]) for n in nights] == [
        ("Sophie Sleeper", "sleep_in", "Rose Resting", "22:00", "07:00")]
