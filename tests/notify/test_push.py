"""Web Push over real HTTP to a local receiver that decrypts what it gets."""

from api.domain.notify.push import notify_users, send_to_user


def _user_id(client, headers):
    return client.get("/auth/me", headers=headers).json()["id"]


def test_public_key_is_served_without_login(client):
    key = client.get("/push/public-key").json()["public_key"]
    assert len(key) == 87  # 65-byte uncompressed P-256 point, base64url without padding


def test_subscribe_then_receive_a_decryptable_notification(client, factory, run, receiver):
    _, h = factory.carer_user()
    sub = receiver.new_subscription("phone1")
    assert client.post("/push/subscriptions", json=sub.as_json(), headers=h).status_code == 201
    assert client.post("/push/subscriptions", json=sub.as_json(), headers=h).status_code == 200  # upsert
    payload = {"title": "Rota changed", "body": "Tue 1 Dec: 2 calls added", "url": "/#/day/2026-12-01"}
    results = run(send_to_user, _user_id(client, h), payload)
    assert [r["status"] for r in results] == [201]
    (got,) = receiver.received
    assert got["payload"] == payload
    assert got["vapid_scheme"] == "vapid" and got["vapid_claims"]["aud"] == receiver.origin


def test_gone_subscriptions_are_deleted_and_others_still_get_theirs(client, factory, run, receiver):
    _, h = factory.carer_user()
    live, gone = receiver.new_subscription("live"), receiver.new_subscription("gone")
    receiver.gone_paths.add("/push/gone")
    for sub in (live, gone):
        client.post("/push/subscriptions", json=sub.as_json(), headers=h)
    user_id = _user_id(client, h)

    async def notify_and_wait():
        return await (await notify_users({user_id: {"title": "x", "body": "y"}}))

    results = run(notify_and_wait)[user_id]
    assert sorted(r["status"] for r in results) == [201, 410]
    again = run(send_to_user, user_id, {"title": "again"})
    assert [r["endpoint"] for r in again] == [live.endpoint]


def test_bad_subscription_is_400(client, factory):
    _, h = factory.carer_user()
    r = client.post("/push/subscriptions", json={"endpoint": "ftp://x/y/z", "keys": {"p256dh": "a" * 20, "auth": "b" * 10}}, headers=h)
    assert r.status_code == 400 and "endpoint" in r.text
    r = client.post("/push/subscriptions", json={"endpoint": "https://push.example/1"}, headers=h)
    assert r.status_code == 400 and "keys" in r.text
