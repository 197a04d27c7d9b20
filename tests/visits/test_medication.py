"""Medication (eMAR): the office's list, the doses a carer records at a call, the MAR chart and
the exceptions."""

import datetime as dt
import uuid

import pytest

from api.domain.shared.common import agency_zone, server_today
from tests.support.carer_world import now_iso


class Meds:
    def __init__(self, client, factory, world):
        self.client, self.world = client, world
        self.office = factory.headers("manager")
        self.carer, self.phone = factory.carer_user()
        self.visit = world.call([self.carer["id"]])  # a morning call today
        self.regular = self.add(name="Paracetamol", dose="2 tablets (1 g)", call_types=["morning", "bed"])
        self.prn = self.add(name="Ibuprofen gel", dose="a thin layer", route="topical", prn=True, prn_max_per_day=1)

    def add(self, **fields):
        body = {"starts_on": (server_today() - dt.timedelta(days=30)).isoformat(), **fields}
        answer = self.client.post(f"/clients/{self.world.su['id']}/medications", json=body, headers=self.office)
        assert answer.status_code == 201, answer.text
        return answer.json()

    def dose(self, medication, outcome, *, uid=None, **extra):
        body = {"client_uuid": uid or str(uuid.uuid4()), "medication_id": medication["id"], "outcome": outcome,
                "device_time": now_iso(), **extra}
        return self.client.post(f"/visits/{self.visit}/doses", json=body, headers=self.phone)

    def check_in(self):
        body = {"client_uuid": str(uuid.uuid4()), "device_time": now_iso()}
        assert self.client.post(f"/visits/{self.visit}/check-in", json=body, headers=self.phone).status_code == 201

    def check_out(self):
        body = {"client_uuid": str(uuid.uuid4()), "device_time": now_iso()}
        return self.client.post(f"/visits/{self.visit}/check-out", json=body, headers=self.phone)

    def mar(self):
        answer = self.client.get(f"/clients/{self.world.su['id']}/mar", headers=self.office,
                                 params={"month": server_today().strftime("%Y-%m")})
        assert answer.status_code == 200, answer.text
        return {(r["name"], r["slot"]): r for r in answer.json()["rows"]}


@pytest.fixture
def meds(client, factory, world):
    return Meds(client, factory, world)


def test_the_carer_sees_the_doses_due_at_the_call(client, meds):
    due = client.get(f"/visits/{meds.visit}/doses", headers=meds.phone).json()
    assert [(d["name"], d["prn"], d["current"]) for d in due] == [("Paracetamol", False, None), ("Ibuprofen gel", True, None)]


def test_only_the_carer_on_the_call_on_the_day_sees_its_medication(client, factory, world, meds):
    _, stranger = factory.carer_user()
    assert client.get(f"/visits/{meds.visit}/doses", headers=stranger).status_code == 403
    tomorrow = world.call([meds.carer["id"]], day=server_today() + dt.timedelta(days=1))
    answer = client.get(f"/visits/{tomorrow}/doses", headers=meds.phone)
    assert answer.status_code == 403 and "on the day" in answer.text


def test_check_out_waits_until_every_dose_due_is_answered(meds):
    meds.check_in()
    blocked = meds.check_out()
    assert blocked.status_code == 400 and "doses" in blocked.text and "Paracetamol" in blocked.text
    assert meds.dose(meds.regular, "refused").status_code == 201
    assert meds.check_out().status_code == 201


def test_a_replayed_dose_is_stored_once(client, meds):
    uid = str(uuid.uuid4())
    first = meds.dose(meds.regular, "given", uid=uid)
    again = meds.dose(meds.regular, "given", uid=uid)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["replayed"] is True and again.json()["id"] == first.json()["id"]


def test_a_correction_supersedes_and_is_made_once(client, meds):
    wrong = meds.dose(meds.regular, "given").json()
    fixed = meds.dose(meds.regular, "refused", supersedes_uuid=wrong["client_uuid"])
    assert fixed.status_code == 201
    assert meds.mar()[("Paracetamol", "morning")]["cells"][server_today().day - 1] == "R"
    twice = meds.dose(meds.regular, "prompted", supersedes_uuid=wrong["client_uuid"])
    assert twice.status_code == 409
    audit = client.get("/audit", params={"entity": "dose_record"}, headers=meds.office).json()["items"]
    assert sorted(e["action"] for e in audit) == ["correct", "record"]


def test_a_dose_not_given_needs_a_reason_from_the_list(meds):
    answer = meds.dose(meds.regular, "not_given", reason="forgot")
    assert answer.status_code == 400 and "reason" in answer.text
    assert meds.dose(meds.regular, "not_given", reason="family_gave").status_code == 201


def test_mar_chart_and_exceptions(client, meds):
    assert meds.dose(meds.regular, "refused").status_code == 201
    assert meds.dose(meds.prn, "prn_given", reason="Knee pain").status_code == 201
    assert meds.dose(meds.prn, "prn_given", reason="Still sore").status_code == 201
    chart = meds.mar()
    today = server_today().day - 1
    assert chart[("Paracetamol", "morning")]["cells"][today] == "R"
    assert chart[("Ibuprofen gel", "as needed")]["cells"][today] == "2"
    assert chart[("Paracetamol", "bed")]["cells"][today] == ""  # no bed call today
    found = client.get("/medication/exceptions", headers=meds.office).json()
    assert sorted((e["kind"], e["medication"].split()[0]) for e in found) == [
        ("prn_over_limit", "Ibuprofen"), ("refused", "Paracetamol")]


def test_a_regular_medicine_names_its_calls(client, meds):
    answer = client.post(f"/clients/{meds.world.su['id']}/medications", headers=meds.office,
                         json={"name": "Amlodipine", "dose": "5 mg", "starts_on": "2026-01-01"})
    assert answer.status_code == 400 and "call_types" in answer.text


def _today_at(hour: int, minute: int) -> str:
    """An aware time today in the agency's zone (the test world's call starts at 08:00)."""
    return dt.datetime.combine(server_today(), dt.time(hour, minute), tzinfo=agency_zone()).isoformat()


def test_a_dose_given_long_after_its_call_started_is_listed_late(client, meds):
    assert meds.dose(meds.regular, "given", device_time=_today_at(9, 30)).status_code == 201
    late = [e for e in client.get("/medication/exceptions", headers=meds.office).json() if e["kind"] == "late"]
    assert [(e["medication"].split()[0], e["visit_id"]) for e in late] == [("Paracetamol", meds.visit)]
    assert "09:30" in late[0]["detail"] and "due 08:00" in late[0]["detail"]
    # 90 minutes after is within a setting of two hours: no longer late.
    changed = client.put("/settings", json={"values": {"dose_late_after_minutes": 120}}, headers=meds.office)
    try:
        assert changed.status_code == 200, changed.text
        kinds = [e["kind"] for e in client.get("/medication/exceptions", headers=meds.office).json()]
        assert "late" not in kinds
    finally:  # the settings table outlives the per-test emptying: put the default back
        client.put("/settings", json={"values": {"dose_late_after_minutes": None}}, headers=meds.office)
