"""Web Push over real HTTP to a local receiver that decrypts what it gets."""

import pytest

from api.domain.notify.endpoint_policy import ALLOW_LOOPBACK_ENV
from api.domain.notify.push import notify_users, send_to_user
from api.domain.tables import PushSubscription


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


def _keys(sub_json: dict) -> dict:
    return sub_json["keys"]


@pytest.mark.parametrize("endpoint", [
    "http://push.example.invalid/send/1",   # not https
    "https://127.0.0.1/send/1",             # loopback
    "https://10.0.0.1/send/1",              # private
    "https://192.168.1.20:8443/send/1",     # private, with a port
    "https://[::1]/send/1",                 # IPv6 loopback
    "https://[::ffff:127.0.0.1]/send/1",    # loopback written as IPv4-mapped IPv6
    "https://169.254.169.254/latest/meta-data",  # link-local (cloud metadata)
    "https://0.0.0.0/send/1",               # unspecified
    "https://224.0.0.1/send/1",             # multicast
    "https://localhost/send/1",             # a name that resolves to loopback
])
def test_subscription_to_a_non_public_endpoint_is_refused(client, factory, endpoint):
    _, h = factory.carer_user()
    body = {"endpoint": endpoint, "keys": {"p256dh": "a" * 87, "auth": "b" * 22}}
    r = client.post("/push/subscriptions", json=body, headers=h)
    assert r.status_code == 400, r.text
    assert r.json()["extra"][0]["key"] == "endpoint"


def test_subscription_to_a_public_https_endpoint_is_accepted(client, factory):
    _, h = factory.carer_user()
    body = {"endpoint": "https://8.8.8.8/push/send/abc", "keys": {"p256dh": "a" * 87, "auth": "b" * 22}}
    assert client.post("/push/subscriptions", json=body, headers=h).status_code == 201


def test_another_users_endpoint_is_not_taken_over(client, factory, run, receiver):
    _, owner = factory.carer_user()
    _, poster = factory.carer_user()
    sub = receiver.new_subscription("owners-phone")
    assert client.post("/push/subscriptions", json=sub.as_json(), headers=owner).status_code == 201
    stranger_keys = receiver.new_subscription("posters-phone").as_json()["keys"]
    r = client.post("/push/subscriptions", json={"endpoint": sub.endpoint, "keys": stranger_keys}, headers=poster)
    assert r.status_code == 409 and "endpoint" in r.text
    assert run(send_to_user, _user_id(client, poster), {"title": "x"}) == []
    results = run(send_to_user, _user_id(client, owner), {"title": "still mine"})
    assert [r["status"] for r in results] == [201]
    assert receiver.received[0]["payload"] == {"title": "still mine"}  # the owner's keys still decrypt it


def test_loopback_receiver_needs_the_test_setting_at_send_time_too(client, factory, run, receiver, monkeypatch):
    _, h = factory.carer_user()
    sub = receiver.new_subscription("phone")
    assert client.post("/push/subscriptions", json=sub.as_json(), headers=h).status_code == 201
    monkeypatch.delenv(ALLOW_LOOPBACK_ENV)
    (result,) = run(send_to_user, _user_id(client, h), {"title": "x"})
    assert result["status"] is None and "refused" in result["error"]
    assert receiver.received == []


def test_a_stored_endpoint_that_now_resolves_to_loopback_is_not_contacted(client, factory, run, receiver,
                                                                          monkeypatch):
    # As after DNS rebinding: the row passed the check once, its name now points at loopback.
    monkeypatch.delenv(ALLOW_LOOPBACK_ENV)
    _, h = factory.carer_user()
    user_id = _user_id(client, h)
    port = receiver.origin.rsplit(":", 1)[1]
    keys = receiver.new_subscription("rebound").as_json()["keys"]
    run(PushSubscription.insert(PushSubscription(user=user_id, endpoint=f"https://localhost:{port}/push/rebound",
                                                 p256dh=keys["p256dh"], auth=keys["auth"])).run)
    (result,) = run(send_to_user, user_id, {"title": "x"})
    assert result["status"] is None and "not a public address" in result["error"]
    assert receiver.received == []


def test_a_redirect_from_the_push_service_is_not_followed(client, factory, run, receiver):
    _, h = factory.carer_user()
    sub, target = receiver.new_subscription("moving"), receiver.new_subscription("elsewhere")
    receiver.redirects["/push/moving"] = target.endpoint
    client.post("/push/subscriptions", json=sub.as_json(), headers=h)
    (result,) = run(send_to_user, _user_id(client, h), {"title": "x"})
    assert result["status"] == 307
    assert receiver.received == []
