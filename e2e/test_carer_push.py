"""Push for a changed rota: the app subscribes and registers with the server; a push delivered
to the service worker shows a notification and refreshes the run on screen."""

import base64
import datetime as dt
import json
import os
import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import expect

from e2e.carer_helpers import PHONE, api, carer_with_calls, sign_in, wait_for_service_worker


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _test_subscription(base_url: str) -> dict:
    """A browser-shaped subscription with real P-256 keys (headless Chromium has no push service)."""
    key = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {"endpoint": f"{base_url}/e2e-push-sink/{_b64url(os.urandom(8))}", "expirationTime": None,
            "keys": {"p256dh": _b64url(key), "auth": _b64url(os.urandom(16))}}


FAKE_SUBSCRIBE = """
(() => {
  const json = %s;
  let current = null;
  const subscription = {
    endpoint: json.endpoint, expirationTime: null, options: { userVisibleOnly: true },
    getKey: () => null, toJSON: () => json, unsubscribe: async () => { current = null; return true; },
  };
  if (self.PushManager) {
    PushManager.prototype.subscribe = async function () { current = subscription; return subscription; };
    PushManager.prototype.getSubscription = async function () { return current; };
  }
})();
"""


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE, "permissions": ["notifications"]}


def _registration_id(session, page) -> str:
    found = {}

    def on_update(event):
        for reg in event["registrations"]:
            if not reg["isDeleted"] and reg["scopeURL"].endswith("/"):
                found["id"] = reg["registrationId"]

    session.on("ServiceWorker.workerRegistrationUpdated", on_update)
    session.send("ServiceWorker.enable")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    # Poll the reported state (page.wait_for_timeout lets Playwright deliver CDP events); the
    # deadline only stops a broken run hanging.
    deadline = time.monotonic() + 60
    while "id" not in found:
        if time.monotonic() > deadline:
            raise AssertionError("the service worker registration was not reported over CDP")
        page.wait_for_timeout(50)
    return found["id"]


def test_push_shows_a_notification_and_refreshes_the_run(page, context, base_url):
    subscription = _test_subscription(base_url)
    context.add_init_script(FAKE_SUBSCRIBE % json.dumps(subscription))
    carer, _ = carer_with_calls(base_url)
    sign_in(page, base_url, carer["username"])
    wait_for_service_worker(page)

    page.goto(base_url + "/#/notifications")
    page.get_by_role("button", name="Check notifications are on").click()
    expect(page.locator("main").get_by_role("status")).to_have_text(
        "Notifications are on. We will tell you when your rota changes.")

    page.goto(base_url + "/#/")
    first_call = page.locator("#run article").first
    expect(first_call).to_contain_text("Planned")
    visit_id = int(first_call.get_attribute("data-visit-id"))
    date = page.evaluate("(() => { const d = new Date(); return d.getFullYear() + '-' + "
                         "String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); })()")

    # The office side changes the call (here: checked in from another device), then pushes.
    status, _ = api(base_url, f"/visits/{visit_id}/check-in", carer["token"], "POST",
                    {"client_uuid": "8a1f5f0e-8f55-4f0e-9d43-5b3a4f6a2c11", "device_time": dt.datetime.now(dt.timezone.utc).isoformat()})
    assert status in (200, 201)

    session = context.new_cdp_session(page)
    registration_id = _registration_id(session, page)
    payload = {"title": "Rota changed", "body": "Today: 1 call changed", "url": f"/#/day/{date}",
               "tag": f"rota-{date}", "kind": "rota-changed", "dates": [date]}
    session.send("ServiceWorker.deliverPushMessage", {
        "origin": base_url, "registrationId": registration_id, "data": json.dumps(payload)})

    expect(page.get_by_text("Your rota changed: this run was updated.")).to_be_visible()
    expect(page.locator(f"#run article[data-visit-id='{visit_id}']")).to_contain_text("In progress")
    shown = page.evaluate("""navigator.serviceWorker.ready
        .then((reg) => reg.getNotifications())
        .then((list) => list.map((n) => ({ title: n.title, body: n.body, url: n.data.url, tag: n.tag })))""")
    assert shown == [{"title": "Rota changed", "body": "Today: 1 call changed", "url": f"/#/day/{date}",
                      "tag": f"rota-{date}"}]

    # The service worker saved the refreshed day: offline, the phone still shows the change.
    context.set_offline(True)
    page.reload()
    expect(page.locator(f"#run article[data-visit-id='{visit_id}']")).to_contain_text("In progress")
