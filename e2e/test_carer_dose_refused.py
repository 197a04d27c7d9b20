"""A carer on a phone records a dose as refused with no signal and checks out; once the phone
is back online, a manager sees the refusal on the client's MAR chart and in the exceptions."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from e2e.carer_helpers import CLEVEDON, PHONE, api, carer_with_calls, sign_in, sync_pill, wait_for_service_worker
from e2e.staff_helpers import TABLET, staff_sign_in
from api.domain.shared.common import server_today

@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE, "geolocation": CLEVEDON, "permissions": ["geolocation"]}


def _call_with_medication(base_url):
    """A demo carer's call today, not yet started, with a regular medicine due (the demo gives
    medication to about half the clients)."""

    def medicine_due(carer, carer_token, run):
        for call in run["calls"]:
            _, detail = api(base_url, f"/visits/{call['visit_id']}", carer_token)
            due = [m for m in detail.get("medication", []) if not m["prn"] and m["current"] is None]
            if due and detail["status"] == "planned":
                return detail, due[0]
        return None

    carer, (detail, medicine) = carer_with_calls(base_url, fits=medicine_due)
    return carer["username"], detail, medicine


def test_a_refused_dose_recorded_offline_reaches_the_mar_chart(page, context, browser, base_url):
    carer, detail, medicine = _call_with_medication(base_url)
    sign_in(page, base_url, carer)
    wait_for_service_worker(page)
    page.goto(f"{base_url}/#/visit/{detail['visit_id']}")
    expect(page.get_by_role("heading", name=detail["client_name"])).to_be_visible()
    expect(page.locator("#doses")).to_be_visible()  # the call and its medication are now on the phone

    context.set_offline(True)
    page.get_by_role("button", name="Check in").click()
    expect(page.locator("#check-out")).to_be_disabled()  # every dose due is answered first
    for row in page.locator("#doses li.dose").all():
        name = row.get_attribute("data-medication")
        if name == medicine["name"]:
            row.get_by_role("button", name=f"{name}: refused").click()
        elif row.get_by_role("button", name="Refused").count():
            row.get_by_role("button", name="Refused").click()
    expect(page.locator(f"#doses li.dose[data-medication='{medicine['name']}']")).to_contain_text("Refused (waiting to sync)")
    page.get_by_role("button", name="Check out").click()
    expect(page.locator("#check-out")).to_have_text("Checked out (waiting to sync)")
    context.set_offline(False)
    page.reload()  # the carer opens the app again with signal: it sends what waits
    expect(sync_pill(page)).to_have_text("All changes saved", timeout=30000)

    office = browser.new_context(**TABLET)
    manager = office.new_page()
    staff_sign_in(manager, base_url, "manager")
    manager.goto(f"{base_url}/#/staff/medication/{detail['client_id']}")
    row = manager.get_by_test_id("mar-chart").locator(f"tr[data-medication='{medicine['name']}']").filter(
        has=manager.locator("td", has_text=detail["call_type"]))
    expect(row.locator("td.mar-cell").nth(server_today().day - 1)).to_have_text("R")
    exceptions = manager.get_by_test_id("dose-exception").filter(has_text=detail["client_name"]).filter(has_text="Refused")
    expect(exceptions.first).to_contain_text(medicine["name"])
    office.close()
