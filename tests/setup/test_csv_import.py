"""CSV import: every row checked first, bad rows reported by line and field, all or nothing."""

import subprocess
import sys
import os

GOOD_CLIENTS = "name,address,town,lat,lon,status,key_safe_code\nAda Test,1 Lane,Clevedon,51.44,-2.85,active,1111\nBea Test,2 Lane,Yatton,51.39,-2.82,,\n"
BAD_CLIENTS = "name,address,lat,lon,status\nAda Test,1 Lane,51.44,-2.85,active\nBea Test,2 Lane,north,-2.82,active\nCora Test,3 Lane,51.4,-2.8,asleep\n"


def test_import_clients_over_api(client, factory):
    h = factory.headers("admin")
    r = client.post("/admin/import/clients", content=GOOD_CLIENTS.encode(), headers={**h, "content-type": "text/csv"})
    assert r.status_code == 200 and r.json()["imported"] == 2
    assert client.get("/clients", headers=h).json()["total"] == 2


def test_bad_rows_are_reported_and_nothing_is_imported(client, factory):
    h = factory.headers("admin")
    r = client.post("/admin/import/clients", content=BAD_CLIENTS.encode(), headers={**h, "content-type": "text/csv"})
    assert r.status_code == 400
    errors = r.json()["extra"]
    assert {(e["line"], e["field"]) for e in errors} == {(3, "lat"), (4, "status")}
    assert client.get("/clients", headers=h).json()["total"] == 0


def test_import_defaults_by_client_name_and_unknown_column(client, factory):
    h = {**factory.headers("admin"), "content-type": "text/csv"}
    client.post("/admin/import/clients", content=GOOD_CLIENTS.encode(), headers=h)
    ok = "client_name,weekday,start,duration_minutes,carers_required,required_skills,tasks\nAda Test,0,08:00,30,2,hoist;medication,Wash;Dress\n"
    r = client.post("/admin/import/defaults", content=ok.encode(), headers=h)
    assert r.status_code == 200, r.text
    d = client.get("/client-defaults", headers=h).json()["items"][0]
    assert d["required_skills"] == ["hoist", "medication"] and d["tasks"] == ["Wash", "Dress"]
    bad = "client_name,weekday,start,duration_minutes,colour\nNobody,0,8am,30,red\n"
    r = client.post("/admin/import/defaults", content=bad.encode(), headers=h)
    assert r.status_code == 400
    assert {"line": 1, "field": "colour", "reason": "unknown column"} in r.json()["extra"]


def test_import_carers_from_the_command_line(client, tmp_path):
    good = tmp_path / "carers.csv"
    good.write_text("name,home_lat,home_lon,skills,contracted_hours\nCal One,51.4,-2.8,medication;hoist,37.5\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,home_lat,home_lon,transport_mode\nCal Two,51.4,-2.8,rocket\n")
    env = dict(os.environ)
    result = subprocess.run([sys.executable, "-m", "api.cli", "import", "carers", str(bad)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "bad.csv:2: transport_mode" in result.stderr
    result = subprocess.run([sys.executable, "-m", "api.cli", "import", "carers", str(good)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "Imported 1 carers" in result.stdout
