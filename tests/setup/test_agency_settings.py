"""Agency settings: staff read them, managers change them, all or nothing, audited; secrets are
write-only."""


def _by_key(rows):
    return {row["key"]: row for row in rows}


def test_defaults_until_a_manager_changes_them(client, factory):
    planner, manager = factory.headers("planner"), factory.headers("manager")
    rows = _by_key(client.get("/settings", headers=planner).json())
    assert rows["smtp_port"]["value"] == 587 and rows["smtp_port"]["changed_by"] is None
    r = client.put("/settings", json={"values": {"smtp_port": 2525, "smtp_host": "mail.example"}}, headers=manager)
    assert r.status_code == 200, r.text
    rows = _by_key(client.get("/settings", headers=planner).json())
    assert rows["smtp_port"]["value"] == 2525 and rows["smtp_host"]["value"] == "mail.example"
    assert rows["smtp_port"]["changed_by"]
    r = client.put("/settings", json={"values": {"smtp_port": None}}, headers=manager)
    assert _by_key(r.json())["smtp_port"]["value"] == 587


def test_bad_values_name_the_setting_and_nothing_is_saved(client, factory):
    manager = factory.headers("manager")
    r = client.put("/settings", json={"values": {
        "smtp_host": "ok.example", "smtp_port": 70000, "smtp_from": "not an address", "no_such": 1,
        "show_unpublished_days_to_carers": "yes"}}, headers=manager)
    assert r.status_code == 400
    keys = {e["key"]: e["message"] for e in r.json()["extra"]}
    assert set(keys) == {"smtp_port", "smtp_from", "no_such", "show_unpublished_days_to_carers"}
    assert "at most 65535" in keys["smtp_port"]
    rows = _by_key(client.get("/settings", headers=manager).json())
    assert rows["smtp_host"]["value"] != "ok.example"


def test_secrets_are_write_only_and_changes_are_audited(client, factory):
    manager = factory.headers("manager")
    client.put("/settings", json={"values": {"smtp_password": "s3cret-pass"}}, headers=manager)
    rows = _by_key(client.get("/settings", headers=manager).json())
    assert rows["smtp_password"]["value"] is None and rows["smtp_password"]["is_set"] is True
    events = client.get("/audit?entity=agency_setting", headers=manager).json()["items"]
    assert events[0]["entity_id"] == "smtp_password" and "s3cret" not in str(events[0])


def test_only_managers_change_settings(client, factory):
    r = client.put("/settings", json={"values": {"smtp_port": 25}}, headers=factory.headers("planner"))
    assert r.status_code == 403
