"""Helpers for the planner and manager journeys: a tablet-sized context and sign-in."""

from __future__ import annotations

import time

from e2e.carer_helpers import DEMO_PASSWORD, api

TABLET = {"viewport": {"width": 1180, "height": 820}, "device_scale_factor": 1, "has_touch": True}


def staff_sign_in(page, base_url: str, username: str) -> None:
    """Sign in through the app's login screen; staff land in the staff area."""
    page.goto(base_url + "/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Staff").wait_for()


def wait_until_no_solver_job(base_url: str, planner: str, timeout: float, stop: bool = False) -> None:
    """Wait until no solver job is queued or running, as the app reports it (one job runs at a
    time on the shared server); with `stop`, ask a job that has not been asked yet to stop."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        _, body = api(base_url, "/optimise/jobs/current", planner)
        job = (body or {}).get("job")
        if not job or job["status"] not in ("queued", "running"):
            return
        if stop and not job["stop_requested"]:
            api(base_url, f"/optimise/jobs/{job['id']}/stop", planner, "POST")
        time.sleep(0.5)
    raise AssertionError(f"solver job {job['id']} did not end within {timeout:.0f} s")
