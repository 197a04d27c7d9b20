"""The carer's run is served from a per-process cache (issue 9 #14): it must never be stale and
never skip the sign-in checks. Each test reads the run first, so that it is cached, then
changes something and reads it again."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3

from api.domain.shared.data_version import ROTA, TOPICS
from api.domain.shared.db import engine
from api.domain.shared.common import server_today



def _run(client, headers) -> dict:
    answer = client.get("/me/run", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_planners_changes_reach_the_next_read_of_a_cached_run(client, factory, world):
    carer, headers = factory.carer_user()
    other, _ = factory.carer_user()
    kept, moved = world.call([carer["id"]], server_today()), world.call([carer["id"]], server_today())
    assert [c["client_name"] for c in _run(client, headers)["calls"]] == [world.su["name"]] * 2

    renamed = client.patch(f"/clients/{world.su['id']}", headers=factory.headers("planner"),
                           json={"version": world.su["version"], "name": "Renamed Client"})
    assert renamed.status_code == 200, renamed.text
    assert [c["client_name"] for c in _run(client, headers)["calls"]] == ["Renamed Client"] * 2

    world.reassign(moved, other["id"])
    assert [c["visit_id"] for c in _run(client, headers)["calls"]] == [kept]
    world.cancel(kept)
    assert _run(client, headers)["calls"] == []


def test_a_change_written_by_another_process_reaches_the_next_read(client, factory, world):
    carer, headers = factory.carer_user()
    world.call([carer["id"]], server_today())
    assert _run(client, headers)["calls"][0]["address"] != "1 Elsewhere Road"

    # Another connection to the database, as another server process or a script would have.
    sql = "UPDATE client SET address = '1 Elsewhere Road' WHERE id = {}".format(int(world.su["id"]))
    if engine().engine_type == "sqlite":
        connection = sqlite3.connect(engine().path, isolation_level=None)
        connection.execute(sql)
        connection.close()
    else:
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as connection:
            connection.execute(sql)
    assert _run(client, headers)["calls"][0]["address"] == "1 Elsewhere Road"


def test_a_cached_run_is_refused_once_the_session_ends(client, factory, world):
    username = factory.user("carer")
    carer = factory.carer(user=username)
    headers = factory.headers_for(username)
    world.call([carer["id"]], server_today())
    _run(client, headers)
    assert client.patch(f"/users/{factory.user_id(username)}", json={"active": False},
                        headers=factory.headers("admin")).status_code == 200
    assert client.get("/me/run", headers=headers).status_code == 401


def test_a_carers_run_reads_only_tables_whose_changes_raise_its_data_version(client, factory, world, monkeypatch):
    """A table read to build the run but not watched would leave phones with a stale run: a
    new one must be added to data_version.TOPICS with a migration of its triggers."""
    carer, headers = factory.carer_user()
    other, _ = factory.carer_user()
    world.call([carer["id"], other["id"]], server_today())  # a double-up: the co-carer's name is read too
    world.call([carer["id"]], server_today() + dt.timedelta(days=1))
    statements: list[str] = []
    engine_class = type(engine())
    original = engine_class.run_querystring

    async def recording(self, querystring, *args, **kwargs):  # records, then runs it for real
        statements.append(str(querystring))
        return await original(self, querystring, *args, **kwargs)

    monkeypatch.setattr(engine_class, "run_querystring", recording)
    for path in ("/me/run", f"/me/runs?start={server_today()}&end={server_today() + dt.timedelta(days=1)}"):
        assert client.get(path, headers=headers).status_code == 200
    monkeypatch.undo()
    read = {name for sql in statements
            for name in re.findall(r'\b(?:FROM|JOIN)\s+"?([a-z_][a-z0-9_]*)"?', sql, re.IGNORECASE)}
    assert read, "the run was not built (served from the cache?)"
    assert read <= TOPICS[ROTA], f"read but not watched: {sorted(read - TOPICS[ROTA])}"
