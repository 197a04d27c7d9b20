"""Sessions: sign-out, refresh token rotation and reuse, and ending every session of a user."""

PASSWORD = "secret-pw"


def _login(client, username, password=PASSWORD):
    response = client.post("/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()


def _bearer(tokens):
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def _refresh(client, refresh_token):
    return client.post("/auth/refresh", json={"refresh_token": refresh_token})


def test_logout_revokes_the_refresh_token_and_only_that_sign_in(client, factory):
    factory.user("carer", "cara")
    phone, tablet = _login(client, "cara"), _login(client, "cara")
    assert client.post("/auth/logout", json={"refresh_token": phone["refresh_token"]}).status_code == 204
    assert _refresh(client, phone["refresh_token"]).status_code == 401
    assert _refresh(client, tablet["refresh_token"]).status_code == 200  # another sign-in lives on


def test_logout_with_an_unknown_token_says_nothing_about_it(client):
    assert client.post("/auth/logout", json={"refresh_token": "never-issued"}).status_code == 204


def _spent_a_minute_ago(run, refresh_token):
    """As if the token had been exchanged a minute ago (past the grace for racing tabs)."""
    import datetime as dt
    import hashlib

    from api.domain.tables import RefreshToken

    then = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    digest = hashlib.sha256(refresh_token.encode()).hexdigest()
    run(RefreshToken.update({RefreshToken.used_at: then}).where(RefreshToken.token_hash == digest).run)


def test_refresh_rotates_and_a_reused_token_revokes_its_family(client, factory, run):
    factory.user("planner", "pat")
    first = _login(client, "pat")
    second = _refresh(client, first["refresh_token"])
    assert second.status_code == 200
    second = second.json()
    assert second["refresh_token"] != first["refresh_token"]
    # The spent token comes back later (a copy an attacker kept): refused, and the family ends.
    _spent_a_minute_ago(run, first["refresh_token"])
    reused = _refresh(client, first["refresh_token"])
    assert reused.status_code == 401 and "already used" in reused.json()["detail"]
    assert _refresh(client, second["refresh_token"]).status_code == 401


def test_refresh_tokens_are_stored_hashed(client, factory, run):
    from api.domain.tables import RefreshToken

    factory.user("carer", "cara")
    tokens = _login(client, "cara")
    stored = run(RefreshToken.select(RefreshToken.token_hash).run)
    assert stored and all(tokens["refresh_token"] not in row["token_hash"] for row in stored)


def test_a_password_change_ends_every_session(client, factory):
    cara = factory.user("carer", "cara")
    tokens = _login(client, cara)
    admin = factory.headers("admin")
    changed = client.patch(f"/users/{factory.user_id(cara)}", json={"password": "a-new-long-pw"}, headers=admin)
    assert changed.status_code == 200
    assert client.get("/auth/me", headers=_bearer(tokens)).status_code == 401
    assert _refresh(client, tokens["refresh_token"]).status_code == 401
    assert client.get("/auth/me", headers=_bearer(_login(client, cara, "a-new-long-pw"))).status_code == 200


def test_a_role_change_ends_every_session(client, factory):
    pat = factory.user("manager", "pat")
    tokens = _login(client, pat)
    admin = factory.headers("admin")
    assert client.patch(f"/users/{factory.user_id(pat)}", json={"role": "carer"}, headers=admin).status_code == 200
    assert client.get("/auth/me", headers=_bearer(tokens)).status_code == 401
    assert _refresh(client, tokens["refresh_token"]).status_code == 401


def test_a_display_name_change_keeps_sessions(client, factory):
    pat = factory.user("planner", "pat")
    tokens = _login(client, pat)
    admin = factory.headers("admin")
    assert client.patch(f"/users/{factory.user_id(pat)}", json={"display_name": "Pat P"}, headers=admin).status_code == 200
    assert client.get("/auth/me", headers=_bearer(tokens)).status_code == 200


def test_deactivation_ends_every_session_and_reactivation_does_not_revive_them(client, factory):
    cara = factory.user("carer", "cara")
    tokens = _login(client, cara)
    admin = factory.headers("admin")
    user_url = f"/users/{factory.user_id(cara)}"
    assert client.patch(user_url, json={"active": False}, headers=admin).status_code == 200
    assert client.get("/auth/me", headers=_bearer(tokens)).status_code == 401
    assert client.patch(user_url, json={"active": True}, headers=admin).status_code == 200
    assert client.get("/auth/me", headers=_bearer(tokens)).status_code == 401
    assert _refresh(client, tokens["refresh_token"]).status_code == 401


def test_the_page_and_service_worker_refreshing_at_once_both_stay_signed_in(client, factory):
    factory.user("carer", "cara")
    tokens = _login(client, "cara")
    page = _refresh(client, tokens["refresh_token"])
    worker = _refresh(client, tokens["refresh_token"])  # the same token, a moment later
    assert page.status_code == 200 and worker.status_code == 200
    assert _refresh(client, page.json()["refresh_token"]).status_code == 200
    assert _refresh(client, worker.json()["refresh_token"]).status_code == 200
