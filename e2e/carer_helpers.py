"""Helpers for the carer app journeys: a phone-sized context, sign-in, and API calls made
outside the browser to check what the server holds."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

DEMO_PASSWORD = "carerun-demo"  # what `carerun up` gives the demo users
PHONE = {"viewport": {"width": 360, "height": 640}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
CLEVEDON = {"latitude": 51.4389, "longitude": -2.8542}


def api(base_url: str, path: str, token: str | None = None, method: str = "GET", body=None):
    request = urllib.request.Request(base_url + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def token(base_url: str, username: str, password: str = DEMO_PASSWORD) -> str:
    status, body = api(base_url, "/auth/login", method="POST",
                       body={"username": username, "password": password})
    assert status == 200, body
    return body["access_token"]


def sign_in(page, base_url: str, username: str) -> None:
    """Sign in through the login screen; answer the notifications explanation (shown while the
    browser has not been asked yet) with 'Not now'."""
    page.goto(base_url + "/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#tabs").wait_for()
    page.wait_for_selector("#run, #push-on, main p.error")
    if page.locator("#push-on").count():
        page.get_by_role("button", name="Not now").click()
        page.wait_for_selector("#run, main p.error")  # the answer is saved before going on


def wait_for_service_worker(page) -> None:
    """The page is controlled by the service worker (so reads are cached for offline use)."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def sync_pill(page):
    return page.locator("#sync")
