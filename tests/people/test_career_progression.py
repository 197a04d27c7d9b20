"""Career progression (issue 11 point 7): the career map's roles with what each requires,
a carer's role history, what they lack for the next role, the managers' view, and the carer's
own view (the More screen)."""

import datetime as dt
from api.domain.shared.common import server_today

LONG_AGO = server_today() - dt.timedelta(days=900)
CARE_WORKER_COURSES = ("level2_diploma", "care_certificate", "safeguarding", "moving_handling", "medication",
                       "infection_control", "first_aid", "food_hygiene")


def _record(client, h, carer_id, course, obtained, expires=None):
    body = {"carer_id": carer_id, "course": course, "obtained_on": str(obtained)}
    if expires is not None:
        body["expires_on"] = str(expires)
    r = client.post("/training/records", headers=h, json=body)
    assert r.status_code == 201, r.text


def _care_worker_courses(client, h, carer_id):
    for code in CARE_WORKER_COURSES:
        _record(client, h, carer_id, code, server_today() - dt.timedelta(days=60))


def test_roles_are_seeded_from_the_career_map(client, factory):
    roles = client.get("/career/roles", headers=factory.headers("planner")).json()
    by_code = {r["code"]: r for r in roles}
    assert list(by_code) == ["care_worker", "senior_carer", "assessment_review_officer", "care_coordinator",
                             "deputy_manager", "registered_manager"]
    assert "level3_diploma" in [c["course"] for c in by_code["care_coordinator"]["requires"]]
    assert "level5_leadership" in [c["course"] for c in by_code["registered_manager"]["requires"]]
    assert by_code["senior_carer"]["next_roles"] == ["assessment_review_officer", "care_coordinator"]


def test_next_role_gaps_name_missing_and_expired_courses(client, factory):
    h = factory.headers("manager")
    carer = factory.carer(skills=[])
    _care_worker_courses(client, h, carer["id"])
    _record(client, h, carer["id"], "dementia", server_today() - dt.timedelta(days=1200))  # valid 36 months: expired
    c = client.get(f"/career/carers/{carer['id']}", headers=h).json()
    assert (c["role"], c["role_recorded"], c["current_gaps"]) == ("care_worker", False, [])
    senior = c["next_roles"][0]
    assert senior["code"] == "senior_carer" and not senior["ready"]
    assert [(g["course"], g["reason"]) for g in senior["gaps"]] == [("level3_diploma", "missing"), ("dementia", "expired")]
    _record(client, h, carer["id"], "level3_diploma", server_today() - dt.timedelta(days=5))
    _record(client, h, carer["id"], "dementia", server_today() - dt.timedelta(days=5))
    c = client.get(f"/career/carers/{carer['id']}", headers=h).json()
    assert c["next_roles"][0]["ready"] and c["next_roles"][0]["gaps"] == []


def test_a_higher_diploma_meets_a_lower_requirement(client, factory):
    h = factory.headers("manager")
    carer = factory.carer(skills=[])
    for code in CARE_WORKER_COURSES[1:]:
        _record(client, h, carer["id"], code, server_today() - dt.timedelta(days=60))
    c = client.get(f"/career/carers/{carer['id']}", headers=h).json()
    assert [g["course"] for g in c["current_gaps"]] == ["level2_diploma"]
    _record(client, h, carer["id"], "level3_diploma", LONG_AGO)
    assert client.get(f"/career/carers/{carer['id']}", headers=h).json()["current_gaps"] == []


def test_role_history_is_effective_dated_and_audited(client, factory):
    h = factory.headers("manager")
    carer = factory.carer(skills=[], employment_start=str(LONG_AGO))
    url = f"/career/carers/{carer['id']}/roles"
    assert client.post(url, headers=h, json={"role": "care_worker", "effective_from": str(LONG_AGO)}).status_code == 201
    future = server_today() + dt.timedelta(days=7)
    r = client.post(url, headers=h, json={"role": "senior_carer", "effective_from": str(future), "notes": "after appraisal"})
    assert r.status_code == 201, r.text
    c = r.json()
    assert (c["role"], c["since"]) == ("care_worker", str(LONG_AGO))  # the promotion starts next week
    assert [e["role"] for e in c["history"]] == ["senior_carer", "care_worker"]
    assert c["next_roles"][0]["code"] == "senior_carer"
    audit = client.get(f"/audit?entity=carer_role&entity_id={carer['id']}", headers=h).json()
    items = audit["items"] if isinstance(audit, dict) else audit
    assert any(e["after"]["role"] == "senior_carer" for e in items)
    words = [e["summary"] for e in items]
    assert f"recorded {carer['name']} as Senior care worker from" in " ".join(words), words


def test_recording_a_role_names_the_bad_field(client, factory):
    h = factory.headers("manager")
    carer = factory.carer(skills=[], employment_start=str(server_today() - dt.timedelta(days=30)))
    url = f"/career/carers/{carer['id']}/roles"
    for body, field in (({"role": "astronaut"}, "role"),
                        ({"effective_from": str(server_today() - dt.timedelta(days=60))}, "effective_from"),
                        ({"effective_from": "not a date"}, "effective_from")):
        r = client.post(url, headers=h, json={"role": "senior_carer", "effective_from": str(server_today()), **body})
        assert r.status_code == 400 and field in r.text, (body, r.text)
    assert client.post("/career/carers/99999/roles", headers=h,
                       json={"role": "senior_carer", "effective_from": str(server_today())}).status_code == 404
    assert client.post(url, headers=factory.headers("planner"),
                       json={"role": "senior_carer", "effective_from": str(server_today())}).status_code == 403


def test_managers_edit_a_roles_requirements_with_optimistic_concurrency(client, factory):
    h = factory.headers("manager")
    role = next(r for r in client.get("/career/roles", headers=h).json() if r["code"] == "senior_carer")
    body = {"version": role["version"], "requires": [*[c["course"] for c in role["requires"]], "hoist"]}
    r = client.patch("/career/roles/senior_carer", headers=h, json=body)
    assert r.status_code == 200, r.text
    assert "hoist" in [c["course"] for c in r.json()["requires"]]
    version = r.json()["version"]
    stale = client.patch("/career/roles/senior_carer", headers=h, json={"version": role["version"], "also_asks": "x"})
    assert stale.status_code == 409 and "requires" in stale.json()["detail"]
    for bad, field in (({"requires": ["juggling"]}, "requires"), ({"next_roles": ["senior_carer"]}, "next_roles"),
                       ({"next_roles": ["pilot"]}, "next_roles"), ({"name": ""}, "name")):
        r = client.patch("/career/roles/senior_carer", headers=h, json={"version": version, **bad})
        assert r.status_code == 400 and field in r.text, (bad, r.text)
    assert client.patch("/career/roles/senior_carer", headers=factory.headers("planner"),
                        json={"version": version, "also_asks": "x"}).status_code == 403
    assert client.patch("/career/roles/astronaut", headers=h, json={"version": 1}).status_code == 404


def test_progression_lists_who_is_ready_and_who_lacks_what(client, factory):
    h = factory.headers("manager")
    ready = factory.carer(name="Ready Rita", skills=[])
    _care_worker_courses(client, h, ready["id"])
    _record(client, h, ready["id"], "level3_diploma", server_today() - dt.timedelta(days=10))
    _record(client, h, ready["id"], "dementia", server_today() - dt.timedelta(days=10))
    lacking = factory.carer(name="Lacking Liam", skills=[])
    _care_worker_courses(client, h, lacking["id"])
    p = client.get("/career/progression", headers=h).json()
    rows = {r["carer_name"]: r for r in p["carers"]}
    assert rows["Ready Rita"]["ready"] and not rows["Lacking Liam"]["ready"]
    assert [g["course"] for g in rows["Lacking Liam"]["next_roles"][0]["gaps"]] == ["level3_diploma", "dementia"]
    only_ready = client.get("/career/progression?ready=true", headers=h).json()
    assert [r["carer_name"] for r in only_ready["carers"]] == ["Ready Rita"]
    csv = client.get("/career/progression/export.csv", headers=h)
    assert csv.status_code == 200 and "Lacking Liam,Care worker" in csv.text and "Dementia awareness (missing)" in csv.text
    assert client.get("/career/progression?role=pilot", headers=h).status_code == 400


def test_carers_see_only_their_own_career(client, factory):
    carer, carer_headers = factory.carer_user(skills=[])
    other = factory.carer(skills=[])
    h = factory.headers("manager")
    client.post(f"/career/carers/{carer['id']}/roles", headers=h,
                json={"role": "senior_carer", "effective_from": str(server_today()), "notes": "private note"})
    mine = client.get("/me/career", headers=carer_headers)
    assert mine.status_code == 200
    assert (mine.json()["carer_id"], mine.json()["role"]) == (carer["id"], "senior_carer")
    assert "private note" not in mine.text
    for path in (f"/career/carers/{other['id']}", f"/career/carers/{carer['id']}", "/career/progression",
                 "/career/roles", f"/training/records?carer_id={other['id']}"):
        assert client.get(path, headers=carer_headers).status_code == 403, path
    assert client.get("/me/career", headers=h).status_code == 403
