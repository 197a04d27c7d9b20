"""The carer record of issue 11 point 4 (in part): employment and checks, their due list,
stale saves naming who changed what, CSV export."""

import csv
import datetime as dt
import io
from api.domain.shared.common import server_today



def test_carer_checks_are_kept_and_listed_when_due(client, factory):
    h = factory.headers("manager")
    driver = factory.carer(name="Ann Driver", transport_mode="car", dbs_number="001234567890",
                           dbs_renewal_on=str(server_today() - dt.timedelta(days=3)), employment_start="2021-04-01",
                           driving_licence_expires_on=str(server_today() + dt.timedelta(days=10)),
                           business_insurance_expires_on=str(server_today() + dt.timedelta(days=200)))
    factory.carer(name="Bea Walker", transport_mode="walk", dbs_renewal_on=str(server_today() + dt.timedelta(days=300)))
    got = client.get(f"/carers/{driver['id']}", headers=h).json()
    assert got["dbs_number"] == "001234567890" and got["employment_start"] == "2021-04-01"
    due = client.get("/carers/checks-due?within_days=30", headers=h).json()
    assert [(d["carer_name"], d["check"], d["overdue"]) for d in due] == [
        ("Ann Driver", "DBS renewal", True), ("Ann Driver", "Driving licence", False)]


def test_carer_record_validation_and_stale_save(client, factory):
    h = factory.headers("planner")
    carer = factory.carer()
    bad = client.patch(f"/carers/{carer['id']}", headers=h, json={
        "version": 1, "employment_start": "2024-05-01", "employment_end": "2024-01-01"})
    assert bad.status_code == 400 and "employment_end" in bad.text
    other = factory.headers_for(factory.user("manager", username="cleo"))
    assert client.patch(f"/carers/{carer['id']}", headers=other, json={"version": 1, "phone": "07700 900999"}).status_code == 200
    stale = client.patch(f"/carers/{carer['id']}", headers=h, json={"version": 1, "email": "x@example.invalid"})
    assert stale.status_code == 409 and "cleo changed phone" in stale.json()["detail"]


def test_replacing_skills_keeps_training_records(client, factory):
    h = factory.headers("manager")
    carer = factory.carer(skills=["hoist"], qualifications=[{"skill": "hoist", "expires_on": str(server_today() + dt.timedelta(days=90))}])
    client.post("/training/records", headers=h, json={"carer_id": carer["id"], "course": "safeguarding",
                                                      "obtained_on": str(server_today() - dt.timedelta(days=5))})
    client.patch(f"/carers/{carer['id']}", headers=h, json={"version": 1, "qualifications": []})
    assert [r["course"] for r in client.get(f"/training/records?carer_id={carer['id']}", headers=h).json()] == ["safeguarding"]


def test_carers_export_as_csv(client, factory):
    factory.carer(name="Cy Export", dbs_number="99")
    r = client.get("/carers/export.csv", headers=factory.headers("planner"))
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert r.status_code == 200 and [row["name"] for row in rows] == ["Cy Export"] and rows[0]["dbs_number"] == "99"
