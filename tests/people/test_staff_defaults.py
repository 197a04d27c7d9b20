"""Staff defaults on the carer record (issue 11 point 4): contracted hours with changes from a
date (history kept, the hours in force on a date used where work is weighed against them), the
default rota with split shifts, and exceptions to it that the optimiser's problem obeys."""

import csv
import datetime as dt
import io

from api.domain.rostering.planning import build_problem
from api.domain.shared.common import server_today, week_start
from api.domain.tables import Assignment, Visit

def this_monday() -> dt.date:  # read per use: a run may cross midnight
    return week_start(server_today())


def next_monday() -> dt.date:
    return this_monday() + dt.timedelta(days=7)


def _change(client, h, carer, version, effective_from, hours, note=""):
    return client.post(f"/carers/{carer['id']}/hours", headers=h, json={
        "version": version, "effective_from": str(effective_from), "contracted_minutes": round(hours * 60), "note": note})


def test_change_of_hours_is_scheduled_and_history_kept(client, factory):
    h = factory.headers("planner")
    carer = factory.carer(contracted_minutes=30 * 60)
    earlier = _change(client, h, carer, 1, server_today() - dt.timedelta(days=10), 32)
    assert earlier.status_code == 200, earlier.text
    later = _change(client, h, carer, 2, next_monday(), 22.5, "asked to work less").json()
    assert later["in_force"]["contracted_minutes"] == 32 * 60
    assert [(c["effective_from"], c["contracted_minutes"], c["note"]) for c in later["scheduled"]] == [
        (str(next_monday()), 1350, "asked to work less")]
    assert [c["contracted_minutes"] for c in later["history"]] == [30 * 60]
    record = client.get(f"/carers/{carer['id']}", headers=h).json()
    assert record["contracted_minutes"] == 32 * 60
    assert record["next_hours_change"] == {"effective_from": str(next_monday()), "contracted_minutes": 1350}


def test_change_of_hours_validation_names_the_field(client, factory):
    h = factory.headers("planner")
    carer = factory.carer(employment_start=str(server_today()))
    too_many = _change(client, h, carer, 1, next_monday(), 81)
    assert too_many.status_code == 400 and too_many.json()["extra"][0]["key"] == "contracted_minutes"
    before_start = _change(client, h, carer, 1, server_today() - dt.timedelta(days=1), 20)
    assert before_start.status_code == 400 and before_start.json()["extra"][0]["key"] == "effective_from"


def test_stale_change_of_hours_is_409_naming_who_changed_what(client, factory):
    carer = factory.carer()
    other = factory.headers_for(factory.user("manager", username="cleo"))
    assert _change(client, other, carer, 1, next_monday(), 20).status_code == 200
    stale = client.patch(f"/carers/{carer['id']}", headers=factory.headers("planner"), json={"version": 1, "phone": "1"})
    assert stale.status_code == 409 and "cleo changed contracted_hours" in stale.json()["detail"]


def test_a_change_in_force_cannot_be_withdrawn_a_scheduled_one_can(client, factory):
    h = factory.headers("planner")
    carer = factory.carer()
    now = _change(client, h, carer, 1, server_today(), 20).json()
    soon = _change(client, h, carer, 2, next_monday(), 25).json()
    in_force_id, scheduled_id = now["in_force"]["id"], soon["scheduled"][0]["id"]
    refused = client.post(f"/carers/{carer['id']}/hours/{in_force_id}/withdraw", headers=h, json={"version": 3})
    assert refused.status_code == 409
    done = client.post(f"/carers/{carer['id']}/hours/{scheduled_id}/withdraw", headers=h, json={"version": 3}).json()
    assert done["scheduled"] == [] and done["in_force"]["contracted_minutes"] == 20 * 60


def test_carers_cannot_see_or_change_staff_defaults(client, factory):
    carer, h = factory.carer_user()
    base = f"/carers/{carer['id']}"
    assert client.get(f"{base}/hours", headers=h).status_code == 403
    assert _change(client, h, carer, 1, next_monday(), 10).status_code == 403
    assert client.get(f"{base}/availability-exceptions", headers=h).status_code == 403
    assert client.post(f"{base}/availability-exceptions", headers=h,
                       json={"version": 1, "date_from": str(server_today())}).status_code == 403


def _worked(run, carer_id, client_id, day, minutes=60):
    async def insert():
        visit = (await Visit.insert(Visit(client=client_id, date=day, window_start=9 * 60, window_end=10 * 60,
                                          duration_minutes=minutes)).returning(Visit.id))[0]["id"]
        await Assignment.insert(Assignment(visit=visit, carer=carer_id, planned_start=9 * 60))
    run(insert)


def test_change_of_hours_from_next_monday_leaves_this_week_alone(client, factory, run):
    h = factory.headers("planner")
    carer = factory.carer(name="Dee Hours", contracted_minutes=30 * 60)
    somebody = factory.client_()
    _worked(run, carer["id"], somebody["id"], this_monday())
    _worked(run, carer["id"], somebody["id"], next_monday())
    assert _change(client, h, carer, 1, next_monday(), 22.5).status_code == 200
    report = client.get("/reports/contract", headers=h, params={
        "from": str(this_monday()), "to": str(next_monday() + dt.timedelta(days=6))}).json()
    rows = next(t["rows"] for t in report["tables"] if t["key"] == "by_week")
    assert [(r["week"], r["contracted"]) for r in rows] == [(str(this_monday()), 30.0), (str(next_monday()), 22.5)]


def test_default_rota_keeps_split_shifts_and_refuses_overlaps(client, factory):
    h = factory.headers("planner")
    carer = factory.carer(availability=[])
    split = [{"weekday": 0, "start": "07:00", "end": "13:00"}, {"weekday": 0, "start": "16:00", "end": "22:00"}]
    saved = client.patch(f"/carers/{carer['id']}", headers=h, json={"version": 1, "availability": split})
    assert [(a["start"], a["end"]) for a in saved.json()["availability"]] == [("07:00", "13:00"), ("16:00", "22:00")]
    overlap = client.patch(f"/carers/{carer['id']}", headers=h, json={
        "version": 2, "availability": split + [{"weekday": 0, "start": "12:00", "end": "14:00"}]})
    assert overlap.status_code == 400 and overlap.json()["extra"][0]["key"] == "availability[2].start"


def test_an_exception_takes_the_carer_out_of_that_days_problem(client, factory, run):
    h = factory.headers("planner")
    day = next_monday() + dt.timedelta(days=1)
    off, other_hours = factory.carer(name="Off"), factory.carer(name="Short")
    assert client.post(f"/carers/{off['id']}/availability-exceptions", headers=h, json={
        "version": 1, "date_from": str(day), "reason": "hospital appointment"}).status_code == 200
    saved = client.post(f"/carers/{other_hours['id']}/availability-exceptions", headers=h, json={
        "version": 1, "date_from": str(day), "date_to": str(day + dt.timedelta(days=1)),
        "available": True, "start": "09:00", "end": "12:00"}).json()
    assert [(x["date_from"], x["date_to"], x["start"]) for x in saved["exceptions"]] == [
        (str(day), str(day + dt.timedelta(days=1)), "09:00")]
    problem, _ = run(build_problem, day)
    shifts = {c.id: [(s.start // 60, s.end // 60) for s in c.shifts] for c in problem.carers}
    assert str(off["id"]) not in shifts
    assert shifts[str(other_hours["id"])] == [(9 * 60, 12 * 60)]
    day_before, _ = run(build_problem, day - dt.timedelta(days=1))
    assert str(off["id"]) in {c.id for c in day_before.carers}


def test_exception_validation_names_the_field(client, factory):
    h = factory.headers("planner")
    carer = factory.carer()
    url = f"/carers/{carer['id']}/availability-exceptions"
    no_hours = client.post(url, headers=h, json={"version": 1, "date_from": str(server_today()), "available": True})
    assert no_hours.status_code == 400 and no_hours.json()["extra"][0]["key"] == "start"
    backwards = client.post(url, headers=h, json={"version": 1, "date_from": str(server_today()),
                                                  "date_to": str(server_today() - dt.timedelta(days=1))})
    assert backwards.status_code == 400 and backwards.json()["extra"][0]["key"] == "date_to"


def test_default_rota_change_from_next_monday_leaves_this_week_alone(client, factory, run):
    h = factory.headers("planner")
    carer = factory.carer()  # 07:00-22:00 every day
    split_mondays = [{"weekday": 0, "start": "07:00", "end": "13:00"}, {"weekday": 0, "start": "16:00", "end": "22:00"}]
    saved = client.post(f"/carers/{carer['id']}/default-rota", headers=h, json={
        "version": 1, "effective_from": str(next_monday()), "availability": split_mondays}).json()
    assert len(saved["in_force"]["availability"]) == 7 and saved["scheduled"][0]["effective_from"] == str(next_monday())

    def shifts(day):
        problem, _ = run(build_problem, day)
        return next(([(s.start // 60, s.end // 60) for s in c.shifts] for c in problem.carers if c.id == str(carer["id"])), [])

    assert shifts(this_monday()) == [(7 * 60, 22 * 60)]
    assert shifts(next_monday()) == [(7 * 60, 13 * 60), (16 * 60, 22 * 60)]
    assert shifts(next_monday() + dt.timedelta(days=1)) == []


def test_a_default_rota_change_starts_today_or_later_and_can_be_withdrawn(client, factory):
    h = factory.headers("planner")
    carer = factory.carer()
    url = f"/carers/{carer['id']}/default-rota"
    week = [{"weekday": 2, "start": "09:00", "end": "17:00"}]
    past = client.post(url, headers=h, json={"version": 1, "effective_from": str(server_today() - dt.timedelta(days=1)), "availability": week})
    assert past.status_code == 400 and past.json()["extra"][0]["key"] == "effective_from"
    assert client.post(url, headers=h, json={"version": 1, "effective_from": str(next_monday()), "availability": week}).status_code == 200
    back = client.post(f"{url}/withdraw", headers=h, json={"version": 2, "effective_from": str(next_monday())}).json()
    assert back["scheduled"] == [] and len(back["in_force"]["availability"]) == 7


def test_weekly_cap_follows_the_hours_in_force_plus_the_agency_allowance(client, factory, run):
    assert client.put("/settings", headers=factory.headers("manager"),
                      json={"values": {"weekly_hours_over_contract": 2}}).status_code == 200
    carer = factory.carer(contracted_minutes=10 * 60)
    assert _change(client, factory.headers("planner"), carer, 1, next_monday(), 20).status_code == 200

    def cap(day):
        problem, _ = run(build_problem, day)
        return next(c.weekly_cap for c in problem.carers if c.id == str(carer["id"])) // 3600

    assert (cap(this_monday()), cap(next_monday())) == (12, 22)


def test_leave_impact_shows_the_hours_in_force_when_the_leave_starts(client, factory):
    carer = factory.carer(contracted_minutes=30 * 60)
    assert _change(client, factory.headers("planner"), carer, 1, next_monday(), 20).status_code == 200

    def contracted_then(start):
        leave = client.post("/leave", headers=factory.headers("planner"), json={
            "kind": "annual", "carer_id": carer["id"], "start_date": str(start), "end_date": str(start)}).json()
        return client.get(f"/leave/{leave['id']}/impact", headers=factory.headers("manager")).json()["contracted_minutes"]

    assert (contracted_then(next_monday() - dt.timedelta(days=1)), contracted_then(next_monday())) == (30 * 60, 20 * 60)


def test_list_filters_by_transport_and_the_csv_shows_the_next_change(client, factory):
    h = factory.headers("planner")
    walker = factory.carer(name="Wyn Walker", transport_mode="walk", contracted_minutes=30 * 60)
    factory.carer(name="Dot Driver", transport_mode="car")
    assert [c["name"] for c in client.get("/carers?transport_mode=walk", headers=h).json()["items"]] == ["Wyn Walker"]
    assert _change(client, h, walker, 1, next_monday(), 22.5).status_code == 200
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(client.get("/carers/export.csv", headers=h).text))}
    assert (rows["Wyn Walker"]["contracted_hours"], rows["Wyn Walker"]["hours_change_from"],
            rows["Wyn Walker"]["hours_after_change"]) == ("30.0", str(next_monday()), "22.5")
    assert rows["Wyn Walker"]["default_rota"].startswith("Mon 07:00-22:00; Tue 07:00-22:00")
