"""A record whose phone time does not fit the call (a phone clock set to 1999): the office
refuses it, and the app says so in plain words, on the outbox screen and on the call."""

import pytest
from playwright.sync_api import expect

from e2e.carer_helpers import PHONE, api, carer_with_calls, sign_in, sync_pill, token


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE}


def test_a_check_in_with_a_wrong_phone_clock_is_explained(page, base_url):
    carer, _ = carer_with_calls(base_url)
    sign_in(page, base_url, carer["username"])
    first_call = page.locator("#run article").first
    expect(first_call).to_contain_text("Planned")
    visit_id = int(first_call.get_attribute("data-visit-id"))
    first_call.locator("a.call").click()
    expect(page.locator("#check-in")).to_be_enabled()

    # What a phone with its clock in 1999 would queue (the button stamps the phone's time).
    page.evaluate("""(visitId) => import('/js/outbox.js').then((outbox) => outbox.enqueue({
        kind: 'check_in', path: `/visits/${visitId}/check-in`, visitId, label: 'Check in — test',
        body: { device_time: '1999-12-03T08:00:00Z' } }))""", visit_id)

    expect(sync_pill(page)).to_have_text("1 needs attention", timeout=15000)
    page.reload()  # the call screen, opened again, shows what was refused
    expect(page.get_by_role("alert")).to_contain_text("The time on your phone does not fit this call")
    sync_pill(page).click()
    problem = page.locator("#problem-list li").first
    expect(problem).to_contain_text("must be on the call's date")
    expect(problem).to_contain_text("Check the date and time in your phone's settings")

    status, records = api(base_url, f"/visits/{visit_id}/logs", token(base_url, "planner"))
    assert status == 200 and records["logs"] == [] and records["conflicts"] == []
