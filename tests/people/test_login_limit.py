"""Password guessing: failed sign-ins are limited per user name and per address (429 with
Retry-After), and passwords are at least 10 characters wherever they are set."""

import subprocess
import sys

from api.settings import get_settings


def _login(client, username, password):
    return client.post("/auth/login", json={"username": username, "password": password})


def test_too_many_failures_for_one_user_name_answer_429_with_retry_after(client, factory):
    factory.user("planner", "pat")
    allowed = get_settings().login_limit.per_username
    for _ in range(allowed):
        assert _login(client, "pat", "wrong-guess").status_code == 401
    blocked = _login(client, "pat", "secret-pw")  # even the right password waits now
    assert blocked.status_code == 429
    retry_after = int(blocked.headers["Retry-After"])
    assert 0 < retry_after <= get_settings().login_limit.window_seconds
    assert "user name" in blocked.json()["detail"]
    factory.user("carer", "cara")
    assert _login(client, "cara", "secret-pw").status_code == 200  # other users are not locked out


def test_a_right_password_clears_the_user_name_count(client, factory):
    factory.user("planner", "pat")
    allowed = get_settings().login_limit.per_username
    for _ in range(allowed - 1):
        assert _login(client, "pat", "wrong-guess").status_code == 401
    assert _login(client, "pat", "secret-pw").status_code == 200
    assert _login(client, "pat", "wrong-guess").status_code == 401  # counting starts again


def test_too_many_failures_from_one_address_answer_429(client, factory):
    factory.user("carer", "cara")
    allowed = get_settings().login_limit.per_address
    for i in range(allowed):
        assert _login(client, f"guess{i}", "wrong-guess").status_code == 401
    blocked = _login(client, "cara", "secret-pw")
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert "address" in blocked.json()["detail"]


def test_a_short_password_is_refused_when_creating_or_changing_a_user(client, factory):
    admin = factory.headers("admin")
    short = client.post("/users", json={"username": "newbie", "password": "nine-char", "role": "carer"}, headers=admin)
    assert short.status_code == 400 and "password" in short.text
    pat = factory.user("planner", "pat")
    change = client.patch(f"/users/{factory.user_id(pat)}", json={"password": "nine-char"}, headers=admin)
    assert change.status_code == 400 and "password" in change.text
    ok = client.post("/users", json={"username": "newbie", "password": "ten-chars!", "role": "carer"}, headers=admin)
    assert ok.status_code == 201


def test_createadmin_refuses_a_short_password(client):
    command = [sys.executable, "-m", "api.cli", "createadmin", "--username", "boss", "--password"]
    short = subprocess.run([*command, "nine-char"], capture_output=True, text=True, timeout=300)
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    ok = subprocess.run([*command, "ten-chars!"], capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert _login(client, "boss", "ten-chars!").status_code == 200
