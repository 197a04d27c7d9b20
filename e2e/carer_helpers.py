"""Helpers for the carer app journeys: a phone-sized context, sign-in, and API calls made
outside the browser to check what the server holds."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from api.domain.shared.common import server_today

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
    # the run's summary line shows with the run, and also for a carer with no calls today
    # (who has no #run list: the urgent journey's soonest carer may be one)
    page.wait_for_selector("#run-summary, #push-on, main p.error")
    if page.locator("#push-on").count():
        page.get_by_role("button", name="Not now").click()
        page.wait_for_selector("#run-summary, main p.error")  # the answer is saved before going on


def wait_for_service_worker(page) -> None:
    """The page is controlled by the service worker (so reads are cached for offline use)."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def sync_pill(page):
    return page.locator("#sync")


# --- Choosing a demo carer for a journey ------------------------------------------------------
# The demo's runs depend on the date (relief carers on split and late shifts may have no calls
# today), so journeys that need a carer with calls ask the server for one instead of naming it.
# A carer handed to one journey is never handed to another in the same run: journeys change
# their carer's run (a call cancelled or checked in, leave, sickness, an urgent call on top).

# Demo carers that journeys name because they need no calls today (the board's and the inbox's
# calls on far-off days, the audit's leave, the out-of-hours stand-by): never handed out here.
NAMED = frozenset({"carer15", "carer16"})
_taken: set[str] = set()


def demo_carers(base_url: str) -> list[dict]:
    """Every demo carer who signs in: {"username", "id" (carer id), "name"}, by username."""
    status, users = api(base_url, "/users?limit=200", token(base_url, "admin"))
    assert status == 200, users
    status, carers = api(base_url, "/carers?limit=200", token(base_url, "planner"))
    assert status == 200, carers
    by_user = {c["user_id"]: c for c in carers["items"] if c.get("user_id")}
    return sorted(({"username": u["username"], "id": by_user[u["id"]]["id"], "name": by_user[u["id"]]["name"]}
                   for u in users["items"] if u["id"] in by_user), key=lambda c: c["username"])


def carer_with_calls(base_url: str, dates=None, fits=None):
    """A demo carer no other journey of this run has taken, with planned calls on each of
    `dates` (default: today) as the planner sees them; for today, also on the published run the
    carer's phone shows, every call there still planned. `fits(carer, carer_token, run)` may
    ask for more and return what the journey needs (falsy: try the next carer).
    Returns the carer ({"username", "id", "name", "token", "run"}) and what `fits` returned."""
    today = server_today()
    dates = sorted(dates or [today])
    planner = token(base_url, "planner")
    status, rows = api(base_url, f"/assignments?start={dates[0]}&end={dates[-1]}", planner)
    assert status == 200, rows
    working: dict[int, set[str]] = {}
    for row in rows:
        if row["status"] == "planned":
            working.setdefault(row["carer_id"], set()).add(row["date"])
    wanted = {d.isoformat() for d in dates}
    for carer in demo_carers(base_url):
        if carer["username"] in NAMED | _taken or not wanted <= working.get(carer["id"], set()):
            continue
        carer_token, run = token(base_url, carer["username"]), None
        if today in dates:
            status, run = api(base_url, "/me/run", carer_token)
            calls = run.get("calls", []) if status == 200 else []
            if not calls or any(c["status"] != "planned" for c in calls):
                continue
        found = fits(carer, carer_token, run) if fits else True
        if found:
            _taken.add(carer["username"])
            return {**carer, "token": carer_token, "run": run}, found
    raise AssertionError(f"no demo carer left with planned calls on {', '.join(sorted(wanted))}"
                         f" (already taken by other journeys: {sorted(_taken)})")
