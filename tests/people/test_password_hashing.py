"""Password hashing runs off the event loop: /health keeps answering while a sign-in's
password is checked. No timings: the test counts the /health answers given, one after
another, while a single wrong sign-in is under way. Were argon2 run on the event loop, /health
could answer only in the few moments the sign-in waits for the database (a handful)."""

import asyncio

import httpx

# A wrong sign-in waits for the database about five times (limit checks, the user row, the
# failure record): with argon2 on the event loop /health answered 5 to 10 times (SQLite and
# PostgreSQL), with argon2 in a thread 300 to 900 times, and 35 on PostgreSQL with the 2-core
# machine saturated by other test runs.
MORE_THAN_DATABASE_WAITS = 20


async def _health_answers_during_a_wrong_sign_in(app) -> tuple[int, list[int]]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://carerun.test") as http:
        sign_in = asyncio.create_task(http.post("/auth/login", json={"username": "pat", "password": "wrong-guess"}))
        answers = []
        while not sign_in.done():
            answers.append((await http.get("/health")).status_code)
        return (await sign_in).status_code, answers


def test_health_keeps_answering_while_a_password_is_checked(client, factory):
    factory.user("planner", "pat")
    status, answers = client.blocking_portal.call(_health_answers_during_a_wrong_sign_in, client.app)
    assert status == 401
    assert set(answers) == {200}
    assert len(answers) > MORE_THAN_DATABASE_WAITS, f"/health answered only {len(answers)} times"
