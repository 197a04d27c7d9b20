"""A manager sees the demo's safeguarding alert, then works the demo fall from report to closed
with an action."""

import datetime as dt

from playwright.sync_api import expect

from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today


def test_manager_works_an_incident_from_report_to_closed(tablet, base_url):
    page = tablet
    staff_sign_in(page, base_url, "manager")
    alerts = page.get_by_test_id("incident-alerts")
    expect(alerts).to_contain_text("Safeguarding concern")
    alerts.get_by_role("button", name="Seen").click()
    expect(alerts).to_be_empty()

    page.get_by_role("link", name="Incidents").click()
    # The demo's fall, reported before today (the offline journey reports a fall today).
    today = server_today()
    page.get_by_test_id("incident-row").filter(has_text="Fall").filter(
        has_not_text=f"{today.day} {today:%b %Y}").get_by_role("link").click()
    expect(page.get_by_test_id("incident-title")).to_contain_text("Fall")
    form = page.get_by_test_id("incident-form")
    form.get_by_label("Status").select_option("investigating")
    form.get_by_label("Investigation notes").fill("Spoke to the client and her daughter; no injury found.")
    form.get_by_label("Family told").fill(dt.datetime.now().strftime("%Y-%m-%dT%H:%M"))
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("incident-status")).to_have_text("Investigating")

    actions = page.get_by_test_id("action-form")
    actions.get_by_label("Action", exact=True).fill("Review the falls risk assessment")
    actions.get_by_label("Due").fill((server_today() + dt.timedelta(days=7)).isoformat())
    actions.get_by_role("button", name="Add action").click()
    listed = page.get_by_test_id("incident-actions")
    expect(listed).to_contain_text("Review the falls risk assessment")
    listed.get_by_role("button", name="Mark done").click()
    expect(listed.get_by_role("button", name="Mark done")).to_have_count(0)  # the record came back with it done

    form = page.get_by_test_id("incident-form")
    form.get_by_label("Outcome").fill("No injury. Sensor mat fitted; risk assessment reviewed.")
    form.get_by_label("Status").select_option("closed")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("incident-status")).to_have_text("Closed")
