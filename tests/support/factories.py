"""Test data. Users are inserted as rows and given access tokens minted by the app's own token
code (`api.auth.issue_access_token`, as /auth/login does), so a test gets its headers without an HTTP
login and without hashing a password per user: one argon2 hash per password serves the whole
session. Carers, clients and client defaults still go through the public API (cheap, and it
checks the request bodies the tests rely on)."""

from __future__ import annotations

import functools
import itertools

from api.auth import hash_password_sync, issue_access_token
from api.domain.shared.choices import Role
from api.domain.tables import User

PASSWORD = "secret-pw"

_seq = itertools.count(1)


@functools.cache
def password_hash(password: str = PASSWORD) -> str:
    """The argon2 hash of `password`, computed once per session (hashing is slow on purpose)."""
    return hash_password_sync(password)


async def _insert_user(username: str, password_hash: str, role: str, display_name: str) -> int:
    rows = await User.insert(
        User(username=username, password_hash=password_hash, role=role, display_name=display_name)
    ).returning(User.id)
    return rows[0]["id"]


async def _find_user(username: str) -> tuple[int, str]:
    row = await User.select(User.id, User.role).where(User.username == username).first()
    assert row is not None, f"no user {username!r}"
    return row["id"], row["role"]


class Factory:
    def __init__(self, client, run):
        self.client = client
        self.run = run
        self._users: dict[str, tuple[int, str]] = {}  # username -> (id, role)
        self._headers: dict[str, dict] = {}

    def user(self, role: str, username: str | None = None, password: str = PASSWORD) -> str:
        """Insert an active user (the row `create_user` would store) and return its username.
        The password works at /auth/login."""
        role = Role(role).value  # a typo fails here, as create_user would refuse it
        username = username or f"{role}{next(_seq)}"
        user_id = self.run(_insert_user, username, password_hash(password), role, username.title())
        self._users[username] = (user_id, role)
        return username

    def user_id(self, username: str) -> int:
        if username not in self._users:
            self._users[username] = self.run(_find_user, username)
        return self._users[username][0]

    def headers_for(self, username: str) -> dict:
        """Bearer headers for an existing user (made here or by the demo), minted as /auth/login
        mints them; no HTTP round trip and no password check."""
        user_id = self.user_id(username)
        token = issue_access_token(user_id, self._users[username][1], token_version=0)
        return {"Authorization": f"Bearer {token}"}

    def login(self, username: str, password: str = PASSWORD) -> dict:
        """Log in over HTTP: only for tests of login itself (and of accounts made over /users)."""
        response = self.client.post("/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def headers(self, role: str) -> dict:
        """Headers of a (cached) user with this role."""
        if role not in self._headers:
            self._headers[role] = self.headers_for(self.user(role))
        return self._headers[role]

    def carer(self, user: str | None = None, **fields) -> dict:
        body = {
            "name": f"Carer {next(_seq)}",
            "home_lat": 51.43,
            "home_lon": -2.85,
            "skills": ["medication"],
            "availability": [{"weekday": d, "start": "07:00", "end": "22:00"} for d in range(7)],
            "user_id": self.user_id(user) if user else None,
            **fields,
        }
        response = self.client.post("/carers", json=body, headers=self.headers("planner"))
        assert response.status_code == 201, response.text
        return response.json()

    def carer_user(self, **fields) -> tuple[dict, dict]:
        """A carer with a login; returns (carer, auth headers)."""
        username = self.user("carer")
        carer = self.carer(user=username, **fields)
        return carer, self.headers_for(username)

    def client_(self, **fields) -> dict:
        body = {
            "name": f"Client {next(_seq)}",
            "address": "1 Test Street",
            "town": "Clevedon",
            "lat": 51.44,
            "lon": -2.85,
            "access_notes": "Key safe by the back door",
            "key_safe_code": "1234",
            **fields,
        }
        response = self.client.post("/clients", json=body, headers=self.headers("planner"))
        assert response.status_code == 201, response.text
        return response.json()

    def default(self, client_id: int, **fields) -> dict:
        body = {"client_id": client_id, "weekday": 0, "start": "08:00", "duration_minutes": 30, **fields}
        response = self.client.post("/client-defaults", json=body, headers=self.headers("planner"))
        assert response.status_code == 201, response.text
        return response.json()
