"""Carers: create, read, list with filters and paging, update with versions, deactivate."""


def test_create_and_read_carer(client, factory):
    carer = factory.carer(name="Ada Orchard", skills=["hoist", "medication"],
                          qualifications=[{"skill": "hoist", "expires_on": "2030-01-01"}])
    got = client.get(f"/carers/{carer['id']}", headers=factory.headers("planner")).json()
    assert got["name"] == "Ada Orchard"
    assert got["skills"] == ["hoist", "medication"]
    assert got["qualifications"][0]["expires_on"] == "2030-01-01"
    assert len(got["availability"]) == 7


def test_list_filters_and_pages(client, factory):
    for i in range(5):
        factory.carer(name=f"Carer {i}", skills=["hoist"] if i % 2 else ["medication"])
    h = factory.headers("planner")
    page = client.get("/carers?limit=2&offset=0", headers=h).json()
    assert page["total"] == 5 and len(page["items"]) == 2
    hoist = client.get("/carers?skill=hoist", headers=h).json()
    assert hoist["total"] == 2
    assert client.get("/carers?limit=0", headers=h).status_code == 400


def test_bad_input_names_the_field_and_saves_nothing(client, factory):
    h = factory.headers("planner")
    response = client.post("/carers", json={"name": "X", "home_lat": 95, "home_lon": -2.8}, headers=h)
    assert response.status_code == 400
    assert any(e["key"] == "home_lat" for e in response.json()["extra"])
    response = client.post("/carers", headers=h, json={
        "name": "X", "home_lat": 51.4, "home_lon": -2.8,
        "availability": [{"weekday": 1, "start": "14:00", "end": "09:00"}]})
    assert response.status_code == 400
    assert response.json()["extra"][0]["key"] == "availability[0].end"
    assert client.get("/carers", headers=h).json()["total"] == 0


def test_stale_version_is_409(client, factory):
    carer = factory.carer()
    h = factory.headers("planner")
    ok = client.patch(f"/carers/{carer['id']}", json={"version": 1, "phone": "07700 900123"}, headers=h)
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(f"/carers/{carer['id']}", json={"version": 1, "phone": "0"}, headers=h)
    assert stale.status_code == 409
    assert client.get(f"/carers/{carer['id']}", headers=h).json()["phone"] == "07700 900123"


def test_deactivate(client, factory):
    carer = factory.carer()
    h = factory.headers("planner")
    response = client.post(f"/carers/{carer['id']}/deactivate", json={"version": 1}, headers=h)
    assert response.status_code == 200 and response.json()["active"] is False
    assert client.get("/carers?active=true", headers=h).json()["total"] == 0


def test_unknown_carer_is_404(client, factory):
    assert client.get("/carers/999999", headers=factory.headers("planner")).status_code == 404
    assert client.patch("/carers/999999", json={"version": 1}, headers=factory.headers("planner")).status_code == 404
