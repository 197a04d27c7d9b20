"""Call records for the office: each call planned against actual, its flags, their resolution."""

import csv
import datetime as dt
import io
import uuid
from zoneinfo import ZoneInfo

import pytest

from api.domain.shared.common import server_today
from api.domain.tables import Assignment, Visit

LONDON = ZoneInfo("Europe/London")


async def _call(client_id: int, carer_ids: list[int], day: dt.date, duration: int) -> int:
    visit = await Visit.insert(Visit(
        client=client_id, date=day, window_start=8 * 60, window_end=8 * 60 + 30, duration_minutes=duration,
        carers_required=len(carer_ids), tasks=["Breakfast"], call_type="morning",
    )).returning(Visit.id)
    for carer_id in carer_ids:
        await Assignment.insert(Assignment(visit=visit[0]["id"], carer=carer_id, planned_start=8 * 60))
    return visit[0]["id"]


def _at(day: dt.date, hhmm: str) -> str:
    h, m = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(h, m), tzinfo=LONDON).isoformat()


class Office:
    """Yesterday's calls for one client, recorded by carers through the carer app API."""

    def __init__(self, client, factory, run):
        self.client, self.factory, self.run = client, factory, run
        self.day = server_today() - dt.timedelta(days=1)
        self.su = factory.client_(lat=51.44, lon=-2.85)
        self.staff = factory.headers("manager")

    def carer(self):
        return self.factory.carer_user()

    def call(self, carer_ids, duration=30):
        return self.run(_call, self.su["id"], carer_ids, self.day, duration)

    def record(self, headers, visit_id, kind, hhmm, **extra):
        path = {"check_in": "check-in", "check_out": "check-out"}[kind]
        body = {"client_uuid": str(uuid.uuid4()), "device_time": _at(self.day, hhmm), **extra}
        response = self.client.post(f"/visits/{visit_id}/{path}", json=body, headers=headers)
        assert response.status_code == 201, response.text

    def records(self, **query):
        params = {"start": self.day.isoformat(), "end": self.day.isoformat(), **query}
        response = self.client.get("/call-records", params=params, headers=self.staff)
        assert response.status_code == 200, response.text
        return {r["visit_id"]: r for r in response.json()["items"]}


@pytest.fixture
def office(client, factory, run):
    return Office(client, factory, run)


def test_each_call_is_flagged_against_its_plan(office):
    (a, ha), (b, hb), (c, hc), (d, hd), (e, he) = (office.carer() for _ in range(5))
    late_and_short = office.call([a["id"]])
    office.record(ha, late_and_short, "check_in", "08:20")
    office.record(ha, late_and_short, "check_out", "08:30")
    missed = office.call([b["id"]])
    no_check_out = office.call([c["id"]])
    office.record(hc, no_check_out, "check_in", "08:05")
    left_early = office.call([d["id"]], duration=60)
    office.record(hd, left_early, "check_in", "08:00")
    office.record(hd, left_early, "check_out", "08:48")
    as_planned = office.call([e["id"]])
    office.record(he, as_planned, "check_in", "08:10", lat=51.4409, lon=-2.85)
    office.record(he, as_planned, "check_out", "08:40")

    rows = office.records()
    assert {v: [f["flag"] for f in rows[v]["flags"]] for v in rows} == {
        late_and_short: ["late", "short"], missed: ["missed"], no_check_out: ["no_check_out"],
        left_early: ["left_early"], as_planned: [],
    }
    done = rows[as_planned]["attendances"][0]
    assert (done["carer_name"], done["planned_start"], done["delivered_minutes"]) == (e["name"], "08:00", 30)
    assert done["check_in_distance_m"] == 100  # 0.0009 degrees of latitude from the address
    assert done["check_in_clock_off"] is True  # sent a day after the phone's time


def test_filters_by_flag_and_carer(office):
    (a, ha), (b, _) = office.carer(), office.carer()
    late = office.call([a["id"]])
    office.record(ha, late, "check_in", "08:30")
    office.record(ha, late, "check_out", "09:00")
    missed = office.call([b["id"]])
    assert set(office.records(flag="late")) == {late}
    assert set(office.records(carer_id=b["id"])) == {missed}
    assert set(office.records(open_flags="true")) == {late, missed}


def test_office_resolves_a_flag_once_with_a_comment(client, office):
    b, _ = office.carer()
    missed = office.call([b["id"]])
    body = {"flag": "missed", "carer_id": b["id"], "comment": "Client at day centre, confirmed with daughter"}
    resolved = client.post(f"/call-records/{missed}/flags/resolve", json=body, headers=office.staff)
    assert resolved.status_code == 201, resolved.text
    assert resolved.json()["resolved"] is True and resolved.json()["resolved_by"].startswith("Manager")
    assert office.records(open_flags="true") == {}
    assert office.records()[missed]["flags"][0]["comment"] == body["comment"]
    again = client.post(f"/call-records/{missed}/flags/resolve", json=body, headers=office.staff)
    assert again.status_code == 409
    audit = client.get("/audit", params={"entity": "call_flag_review"}, headers=office.staff).json()
    assert [e["after"]["comment"] for e in audit["items"]] == [body["comment"]]


def test_a_flag_the_call_does_not_have_cannot_be_resolved(client, office):
    a, ha = office.carer()
    fine = office.call([a["id"]])
    office.record(ha, fine, "check_in", "08:00")
    office.record(ha, fine, "check_out", "08:30")
    answer = client.post(f"/call-records/{fine}/flags/resolve", headers=office.staff,
                         json={"flag": "late", "carer_id": a["id"], "comment": "Traffic"})
    assert answer.status_code == 400 and "flag" in answer.text


def test_call_record_page_keeps_actions_that_arrived_after_a_reassignment(client, office):
    (a, ha), (b, _) = office.carer(), office.carer()
    visit = office.call([a["id"]])
    office.run(lambda: Assignment.update({Assignment.carer: b["id"]}).where(Assignment.visit == visit))
    late_note = {"client_uuid": str(uuid.uuid4()), "device_time": _at(office.day, "08:10"), "note": "Had breakfast"}
    assert client.post(f"/visits/{visit}/notes", json=late_note, headers=ha).status_code == 409
    page = client.get(f"/call-records/{visit}", headers=office.staff).json()
    assert [(k["kind"], k["reason"], k["submitted"]["note"]) for k in page["conflicts"]] == [
        ("note", "reassigned", "Had breakfast")]
    assert page["call"]["attendances"][0]["carer_name"] == b["name"]
    assert page["address"].startswith("1 Test Street")


def test_csv_has_a_row_per_carer_on_each_call(client, office):
    a, ha = office.carer()
    visit = office.call([a["id"]])
    office.record(ha, visit, "check_in", "08:20")
    response = client.get("/call-records/export.csv", headers=office.staff,
                          params={"start": office.day.isoformat(), "end": office.day.isoformat()})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["carer"], r["check-in"], r["flags"]) for r in rows] == [(a["name"], "08:20", "late no_check_out")]


def test_carers_cannot_read_call_records(client, office):
    _, ha = office.carer()
    assert client.get("/call-records", headers=ha).status_code == 403


def test_a_range_past_the_limit_is_refused_naming_end(client, office):
    answer = client.get("/call-records", params={"start": "2026-01-01", "end": "2026-12-01"}, headers=office.staff)
    assert answer.status_code == 400 and "end" in answer.text


def test_the_late_threshold_is_the_agency_setting(client, office):
    a, ha = office.carer()
    visit = office.call([a["id"]])
    office.record(ha, visit, "check_in", "08:20")
    office.record(ha, visit, "check_out", "08:50")
    assert [f["flag"] for f in office.records()[visit]["flags"]] == ["late"]
    changed = client.put("/settings", json={"values": {"late_after_minutes": 30}}, headers=office.staff)
    try:
        assert changed.status_code == 200, changed.text
        assert office.records()[visit]["flags"] == []
    finally:  # the settings table outlives the per-test emptying: put the default back
        client.put("/settings", json={"values": {"late_after_minutes": None}}, headers=office.staff)
