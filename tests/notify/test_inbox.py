"""Honest notifications (issue 10 #2): publishing reports per carer what happened on each
channel (pushed, no subscription, failed; e-mail through a real SMTP server on loopback),
every changed carer finds the message in their in-app inbox, and the planner sees who has not
opened it and can mark "told by phone"."""

import time

import pytest

from tests.support.planner_setup import MONDAY, add_call
from tests.support.smtp_receiver import SmtpReceiver


def _wait_for(condition, what):
    deadline = time.monotonic() + 15  # a guard against hanging, not a timing assertion
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def _settled(client, h, publication_id):
    """The publication's notices once no channel is still pending."""
    def notices():
        return client.get(f"/publications/{publication_id}/notices", headers=h).json()

    _wait_for(lambda: all("pending" not in (n["push"], n["email"]) for n in notices()), "the sends to finish")
    return {n["carer_name"]: n for n in notices()}


def _publish(client, h):
    r = client.post("/publications", json={"start": MONDAY, "end": MONDAY}, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


def test_publish_reports_each_carers_push_outcome(client, factory, receiver):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user(name="Ann")
    bea, _ = factory.carer_user(name="Bea")
    cat, cat_h = factory.carer_user(name="Cat")
    dee = factory.carer(name="Dee")  # no app login
    assert client.post("/push/subscriptions", json=receiver.new_subscription("ann").as_json(),
                       headers=ann_h).status_code == 201
    dead = receiver.new_subscription("cat").as_json() | {"endpoint": "http://127.0.0.1:9/push/nobody-listens"}
    assert client.post("/push/subscriptions", json=dead, headers=cat_h).status_code == 201
    someone = factory.client_()["id"]
    for carer in (ann, bea, cat, dee):
        add_call(client, h, someone, start="09:00", carer_ids=[carer["id"]])

    published = _publish(client, h)
    assert {n["carer_name"]: n["push"] for n in published["notices"]} == {
        "Ann": "pending", "Bea": "no_subscription", "Cat": "pending", "Dee": "no_login"}
    notices = _settled(client, h, published["id"])
    assert {name: n["push"] for name, n in notices.items()} == {"Ann": "sent", "Bea": "no_subscription", "Cat": "failed"}
    assert all(n["email"] is None for n in notices.values())  # no SMTP server set
    assert [r["path"] for r in receiver.received] == ["/push/ann"]


def test_the_carer_finds_the_message_in_the_inbox_and_the_planner_sees_who_opened_it(client, factory):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user(name="Ann")
    bea, bea_h = factory.carer_user(name="Bea")
    add_call(client, h, factory.client_()["id"], start="09:00", carer_ids=[ann["id"]])
    add_call(client, h, factory.client_()["id"], start="10:00", carer_ids=[bea["id"]])
    published = _publish(client, h)

    box = client.get("/me/notifications", headers=ann_h).json()
    assert box["unread"] == 1
    (message,) = box["items"]
    assert (message["title"], message["body"], message["url"]) == (
        "Your rota has changed", "Mon 7 Jan: 1 call added", "/#/day/2030-01-07")
    assert message["read_at"] is None
    # Nobody marks another's messages: Bea's attempt on Ann's message is ignored.
    assert client.post("/me/notifications/read", json={"ids": [message["id"]]}, headers=bea_h).json()["unread"] == 1
    assert client.post("/me/notifications/read", json={"ids": [message["id"]]}, headers=ann_h).json()["unread"] == 0

    notices = _settled(client, h, published["id"])
    assert notices["Ann"]["opened_at"] is not None
    assert notices["Bea"]["opened_at"] is None and notices["Bea"]["told_by_phone_at"] is None
    told = client.post(f"/notifications/{notices['Bea']['notification_id']}/told-by-phone", headers=h)
    assert told.status_code == 200, told.text
    bea_now = _settled(client, h, published["id"])["Bea"]
    assert bea_now["told_by_phone_at"] is not None and bea_now["told_by_phone_by"]
    events = client.get("/audit?entity=notification", headers=factory.headers("manager")).json()
    assert [e["action"] for e in events["items"]] == ["told_by_phone"]


def test_only_staff_mark_told_by_phone(client, factory):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user(name="Ann")
    add_call(client, h, factory.client_()["id"], carer_ids=[ann["id"]])
    (notice,) = _publish(client, h)["notices"]
    assert client.post(f"/notifications/{notice['notification_id']}/told-by-phone", headers=ann_h).status_code == 403
    assert client.post("/notifications/999999/told-by-phone", headers=h).status_code == 404
    assert client.get("/publications/999999/notices", headers=h).status_code == 404
    r = client.post("/me/notifications/read", json={"ids": "all"}, headers=ann_h)
    assert r.status_code == 400 and "ids" in r.text


@pytest.fixture
def smtp():
    server = SmtpReceiver()
    yield server
    server.close()


def test_email_goes_through_the_agencys_smtp_server_when_one_is_set(client, factory, smtp):
    h, admin = factory.headers("planner"), factory.headers("admin")
    ann, ann_h = factory.carer_user(name="Ann")
    bea, _ = factory.carer_user(name="Bea")
    ann_user = client.get("/auth/me", headers=ann_h).json()["id"]
    r = client.patch(f"/users/{ann_user}", json={"email": "ann@example.invalid"}, headers=admin)
    assert r.status_code == 200 and r.json()["email"] == "ann@example.invalid"
    assert client.patch(f"/users/{ann_user}", json={"email": "not an address"}, headers=admin).status_code == 400
    set_settings(client, admin, {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_starttls": False,
                                 "smtp_from": "office@example.invalid"})
    add_call(client, h, factory.client_()["id"], start="09:00", carer_ids=[ann["id"]])
    add_call(client, h, factory.client_()["id"], start="10:00", carer_ids=[bea["id"]])

    notices = _settled(client, h, _publish(client, h)["id"])
    assert {name: n["email"] for name, n in notices.items()} == {"Ann": "sent", "Bea": "no_address"}
    ((to, message),) = smtp.messages
    assert to == ["ann@example.invalid"] and message["From"] == "office@example.invalid"
    assert message["Subject"] == "Your rota has changed"
    assert "Mon 7 Jan: 1 call added" in message.get_payload()


def set_settings(client, headers, values: dict) -> None:
    r = client.put("/settings", json={"values": values}, headers=headers)
    assert r.status_code == 200, r.text
