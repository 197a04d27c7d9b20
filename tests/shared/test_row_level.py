"""A carer reads only their own assignments and only the clients on them."""

import datetime as dt

from api.domain.setup.demo import build_demo
from api.domain.shared.common import server_today


def _carer_headers(client, factory, username):
    headers = factory.headers_for(username)
    return headers, client.get("/auth/me", headers=headers).json()["carer_id"]


def test_carer_sees_only_own_assignments_and_clients(client, factory, run):
    run(build_demo, seed=7, clients=12, carers=4, password="demo")
    today = server_today().isoformat()
    h1, carer1 = _carer_headers(client, factory, "carer01")
    h2, carer2 = _carer_headers(client, factory, "carer02")

    mine = client.get(f"/assignments?start={today}", headers=h1).json()
    assert mine and {a["carer_id"] for a in mine} == {carer1}
    assert client.get(f"/assignments?start={today}&carer_id={carer2}", headers=h1).status_code == 403

    theirs = client.get(f"/assignments?start={today}", headers=h2).json()
    their_only = {a["client_id"] for a in theirs} - {a["client_id"] for a in mine}
    week = client.get(f"/assignments?start={today}&end={(server_today() + dt.timedelta(days=13)).isoformat()}", headers=h1).json()
    my_clients = {a["client_id"] for a in week}
    listed = client.get("/clients?limit=500", headers=h1).json()
    assert {c["id"] for c in listed["items"]} <= my_clients | {
        a["client_id"] for a in client.get(
            f"/assignments?start={(server_today() - dt.timedelta(days=7)).isoformat()}&end={today}", headers=h1).json()}
    for client_id in their_only - my_clients:
        assert client.get(f"/clients/{client_id}", headers=h1).status_code == 403
    assert client.get(f"/clients/{next(iter(my_clients))}", headers=h1).status_code == 200
    assert client.get(f"/carers/{carer2}", headers=h1).status_code == 403
    assert client.get(f"/carers/{carer1}", headers=h1).status_code == 200
    assert client.get(f"/clients/{next(iter(my_clients))}/sensitive", headers=h1).status_code == 403
