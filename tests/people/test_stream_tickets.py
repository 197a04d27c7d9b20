"""Tokens in URLs: no access token in a query string; event streams take a short-lived
ticket good for that one stream."""


def _ticket(client, headers, path):
    response = client.post("/auth/stream-ticket", json={"path": path}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["ticket"]


def test_an_access_token_in_the_query_string_is_refused(client, factory):
    token = factory.headers("planner")["Authorization"].split()[1]
    assert client.get(f"/auth/me?access_token={token}").status_code == 401
    assert client.get(f"/live/stream?max_events=1&access_token={token}").status_code == 401


def test_a_stream_ticket_opens_only_its_own_stream(client, factory):
    h = factory.headers("planner")
    ticket = _ticket(client, h, "/live/stream")
    with client.stream("GET", f"/live/stream?max_events=1&ticket={ticket}") as r:
        assert r.status_code == 200
    assert client.get(f"/auth/me?ticket={ticket}").status_code == 401  # not an event stream
    assert client.get(f"/optimise/jobs/1/events?ticket={ticket}").status_code == 401  # another stream
    assert client.get("/auth/me", headers={"Authorization": f"Bearer {ticket}"}).status_code == 401
    access = h["Authorization"].split()[1]
    assert client.get(f"/live/stream?max_events=1&ticket={access}").status_code == 401


def test_a_stream_ticket_dies_with_the_session(client, factory):
    pat = factory.user("planner", "pat")
    h = factory.headers_for(pat)
    ticket = _ticket(client, h, "/live/stream")
    admin = factory.headers("admin")
    assert client.patch(f"/users/{factory.user_id(pat)}", json={"role": "carer"}, headers=admin).status_code == 200
    assert client.get(f"/live/stream?max_events=1&ticket={ticket}").status_code == 401


def test_a_stream_ticket_path_is_checked(client, factory):
    h = factory.headers("planner")
    bad = client.post("/auth/stream-ticket", json={"path": "https://evil.example/"}, headers=h)
    assert bad.status_code == 400 and "path" in bad.text
