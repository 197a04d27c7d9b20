"""A manager finds the demo month's missed call in the call records and resolves its flag."""

import datetime as dt

from playwright.sync_api import expect

from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today


def test_manager_resolves_a_missed_call_from_the_call_records(tablet, base_url):
    page = tablet
    staff_sign_in(page, base_url, "manager")
    page.get_by_role("link", name="Call records").click()
    page.get_by_test_id("calls-from").fill((server_today() - dt.timedelta(days=30)).isoformat())
    page.get_by_test_id("calls-flag").select_option("missed")
    page.get_by_role("button", name="Show", exact=True).click()
    # A month of calls on a loaded machine: wait for the filtered answer, not a fixed time.
    expect(page.get_by_test_id("call-records")).to_have_attribute("aria-busy", "false", timeout=60_000)
    row = page.get_by_test_id("call-record-row").first
    expect(row).to_contain_text("Missed")
    visit_id = row.get_attribute("data-visit")
    row.get_by_role("link").last.click()
    expect(page).to_have_url(f"{base_url}/#/call-record/{visit_id}")
    expect(page.get_by_test_id("call-record-title")).to_be_visible()
    page.get_by_test_id("resolve-comment-missed").fill("Client at day centre, confirmed with daughter")
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_test_id("call-flags")).to_contain_text(
        "Resolved by Morgan Registered-Manager")
    expect(page.get_by_test_id("call-flags")).to_contain_text("Client at day centre, confirmed with daughter")
