"""A call cancelled by the office while the carer was offline: the carer's check-in comes back
as a conflict that the app explains with what to do, and the office keeps the record."""

import pytest
from playwright.sync_api import expect

from e2e.carer_helpers import PHONE, api, carer_with_calls, sign_in, sync_pill, token, wait_for_service_worker


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE}


def test_a_check_in_on_a_cancelled_call_is_explained_and_kept(page, context, base_url):
    carer, _ = carer_with_calls(base_url)
    sign_in(page, base_url, carer["username"])
    wait_for_service_worker(page)
    page.reload()
    last_call = page.locator("#run article").last
    expect(last_call).to_contain_text("Planned")
    visit_id = int(last_call.get_attribute("data-visit-id"))
    last_call.locator("a.call").click()
    expect(page.locator("#check-in")).to_be_visible()

    context.set_offline(True)
    page.get_by_role("button", name="Check in").click()
    expect(sync_pill(page)).to_have_text("1 waiting to sync")

    planner = token(base_url, "planner")
    status, call = api(base_url, f"/calls/{visit_id}", planner)
    assert status == 200, call
    status, body = api(base_url, f"/calls/{visit_id}/cancel", planner, "POST",
                       {"version": call["version"], "reason": "client in hospital"})
    assert status == 200, body

    context.set_offline(False)
    expect(sync_pill(page)).to_have_text("1 needs attention", timeout=15000)
    sync_pill(page).click()
    problems = page.locator("#problem-list li")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("was cancelled")
    expect(problems.first).to_contain_text("Phone the office")
    expect(problems.first).to_contain_text("Your record is kept by the office")

    status, records = api(base_url, f"/visits/{visit_id}/logs", planner)
    assert status == 200, records
    assert records["logs"] == []
    assert [(k["kind"], k["reason"]) for k in records["conflicts"]] == [("check_in", "cancelled")]

    page.get_by_role("button", name="I have phoned the office").click()
    expect(sync_pill(page)).to_have_text("All changes saved")
    expect(page.get_by_text("Check in — ")).to_contain_text("kept by the office")
