"""Helpers for the planner and manager journeys: a tablet-sized context and sign-in."""

from __future__ import annotations

from e2e.carer_helpers import DEMO_PASSWORD

TABLET = {"viewport": {"width": 1180, "height": 820}, "device_scale_factor": 1, "has_touch": True}


def staff_sign_in(page, base_url: str, username: str) -> None:
    """Sign in through the app's login screen; staff land in the staff area."""
    page.goto(base_url + "/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Staff").wait_for()
