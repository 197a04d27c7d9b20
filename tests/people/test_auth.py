"""Login, tokens and role guards."""

import time

from jose import jwt

from api.settings import get_settings


def test_login_gives_access_and_refresh_tokens(client, factory):
    factory.user("planner", "pat")
    response = client.post("/auth/login", json={"username": "pat", "password": "secret-pw"})
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["role"] == "planner"
    me = client.get("/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["username"] == "pat"


def test_wrong_password_and_unknown_user_are_401(client, factory):
    factory.user("planner", "pat")
    assert client.post("/auth/login", json={"username": "pat", "password": "nope"}).status_code == 401
    assert client.post("/auth/login", json={"username": "ghost", "password": "x"}).status_code == 401


def test_missing_login_field_is_400_naming_it(client):
    response = client.post("/auth/login", json={"username": "pat"})
    assert response.status_code == 400
    assert "password" in response.text


def test_no_token_is_401(client):
    assert client.get("/carers").status_code == 401


def test_expired_token_is_401(client, factory):
    factory.user("planner", "pat")
    me = client.get("/auth/me", headers=factory.login("pat")).json()
    now = int(time.time())
    expired = jwt.encode({"sub": str(me["id"]), "typ": "access", "iat": now - 3600, "exp": now - 60},
                         get_settings().jwt_secret, algorithm="HS256")
    assert client.get("/auth/me", headers={"Authorization": f"Bearer {expired}"}).status_code == 401


def test_tampered_token_is_401(client, factory):
    factory.user("carer", "cara")
    token = factory.login("cara")["Authorization"].split()[1]
    header, payload, signature = token.split(".")
    forged = jwt.encode({"sub": "1", "typ": "access", "role": "admin", "exp": int(time.time()) + 600},
                        "guessed-secret", algorithm="HS256")
    assert client.get("/auth/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    flipped = f"{header}.{payload}.{signature[:-2]}{'A' if signature[-2] != 'A' else 'B'}{signature[-1]}"
    assert client.get("/auth/me", headers={"Authorization": f"Bearer {flipped}"}).status_code == 401


def test_refresh_token_gives_new_pair_and_cannot_be_used_as_access(client, factory):
    factory.user("manager", "morgan")
    tokens = client.post("/auth/login", json={"username": "morgan", "password": "secret-pw"}).json()
    refreshed = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200
    assert client.get("/auth/me", headers={"Authorization": f"Bearer {refreshed.json()['access_token']}"}).status_code == 200
    assert client.get("/auth/me", headers={"Authorization": f"Bearer {tokens['refresh_token']}"}).status_code == 401
    assert client.post("/auth/refresh", json={"refresh_token": tokens["access_token"]}).status_code == 401


def test_wrong_role_is_403(client, factory):
    assert client.get("/carers", headers=factory.headers("carer")).status_code == 403
    assert client.post("/admin/import/clients", content=b"name\n", headers=factory.headers("planner")).status_code == 403
