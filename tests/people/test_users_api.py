"""Admins manage user accounts and roles; a deactivated account loses access at once."""


def test_admin_creates_and_deactivates_a_user(client, factory):
    h = factory.headers("admin")
    r = client.post("/users", json={"username": "new.planner", "password": "long-enough-1", "role": "planner"}, headers=h)
    assert r.status_code == 201, r.text
    login = factory.login("new.planner", "long-enough-1")
    assert client.get("/carers", headers=login).status_code == 200
    assert client.patch(f"/users/{r.json()['id']}", json={"active": False}, headers=h).json()["active"] is False
    assert client.get("/carers", headers=login).status_code == 401


def test_user_errors(client, factory):
    h = factory.headers("admin")
    body = {"username": "dup", "password": "long-enough-1", "role": "carer"}
    assert client.post("/users", json=body, headers=h).status_code == 201
    assert client.post("/users", json=body, headers=h).status_code == 409
    bad = client.post("/users", json={**body, "username": "x y", "role": "boss"}, headers=h)
    assert bad.status_code == 400
    assert client.get("/users", headers=factory.headers("manager")).status_code == 403
    me = client.get("/auth/me", headers=h).json()["id"]
    assert client.patch(f"/users/{me}", json={"role": "carer"}, headers=h).status_code == 400
