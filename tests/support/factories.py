"""Test data through the public API (and users through the domain, as `createadmin` does)."""

from __future__ import annotations

import itertools

from api.domain.people.users import create_user

_seq = itertools.count(1)


class Factory:
    def __init__(self, client, run):
        self.client = client
        self.run = run
        self._headers: dict[str, dict] = {}

    def user(self, role: str, username: str | None = None, password: str = "secret-pw") -> str:
        username = username or f"{role}{next(_seq)}"
        self.run(create_user, username, password, role, username.title())
        return username

    def login(self, username: str, password: str = "secret-pw") -> dict:
        response = self.client.post("/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def headers(self, role: str) -> dict:
        """Headers of a (cached) user with this role."""
        if role not in self._headers:
            self._headers[role] = self.login(self.user(role))
        return self._headers[role]

    def carer(self, user: str | None = None, **fields) -> dict:
        user_id = None
        if user:
            me = self.client.get("/auth/me", headers=self.login(user)).json()
            user_id = me["id"]
        body = {
            "name": f"Carer {next(_seq)}",
            "home_lat": 51.43,
            "home_lon": -2.85,
            "skills": ["medication"],
            "availability": [{"weekday": d, "start": "07:00", "end": "22:00"} for d in range(7)],
            "user_id": user_id,
            **fields,
        }
        response = self.client.post("/carers", json=body, headers=self.headers("planner"))
        assert response.status_code == 201, response.text
        return response.json()

    def carer_user(self, **fields) -> tuple[dict, dict]:
        """A carer with a login; returns (carer, auth headers)."""
        username = self.user("carer")
        carer = self.carer(user=username, **fields)
        return carer, self.login(username)

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
