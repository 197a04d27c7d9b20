"""Journey: under the Content-Security-Policy (no inline script or style attributes) the
planner's day board draws its timeline and a run's route on the Leaflet map, Live today
streams over a stream ticket, and signing out ends the session on the server."""

import json
import urllib.error
import urllib.request

from playwright.sync_api import expect

from e2e.staff_helpers import staff_sign_in


def _refresh_status(base_url: str, refresh_token: str) -> int:
    request = urllib.request.Request(base_url + "/auth/refresh", method="POST",
                                     data=json.dumps({"refresh_token": refresh_token}).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def test_board_map_and_live_work_under_the_csp_and_sign_out_ends_the_session(tablet, base_url):
    page = tablet
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    staff_sign_in(page, base_url, "planner")
    expect(page.get_by_test_id("day-board")).to_be_visible()
    # Timeline blocks are placed by style set from script (the CSSOM), which the CSP allows.
    assert page.locator(".shift").first.evaluate("e => e.style.left") != ""
    page.get_by_role("button", name="Route").first.click()
    expect(page.locator("[data-testid=route-map].leaflet-container")).to_be_visible()
    expect(page.locator("[data-testid=route-map] path.leaflet-interactive").first).to_be_attached()

    page.goto(base_url + "/#/staff/live")
    expect(page.get_by_text("As of")).to_be_visible()  # the event stream, opened with a ticket

    refresh_token = page.evaluate("JSON.parse(localStorage.getItem('carerun.auth')).refresh_token")
    page.get_by_role("button", name="Sign out").first.click()
    expect(page.get_by_label("Username")).to_be_visible()
    assert _refresh_status(base_url, refresh_token) == 401
    assert blocked == []
