"""Journeys of issue 11 on a tablet (1180x820): a planner adds a new client with a care plan
and a weekly pattern and sees the new calls on the board; a planner changes a client's
pattern from next Monday and sees only next week change."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from e2e.carer_helpers import api, token
from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today

TABLET_1180 = {"viewport": {"width": 1180, "height": 820}, "device_scale_factor": 1, "has_touch": True}


@pytest.fixture
def page(browser):
    context = browser.new_context(**TABLET_1180)
    yield context.new_page()
    context.close()


def _client_calls(base_url, planner, client_id, day):
    _, calls = api(base_url, f"/calls/uncovered?date={day}", planner)
    return sorted(c["window_start"] for c in calls if c["client_id"] == client_id)


def test_planner_adds_a_client_with_plan_and_pattern_and_sees_the_calls(page, base_url):
    tomorrow = server_today() + dt.timedelta(days=1)
    staff_sign_in(page, base_url, "planner")
    page.get_by_role("link", name="Clients", exact=True).click()
    page.get_by_test_id("new-client").click()
    form = page.get_by_test_id("client-form")
    form.get_by_label("Full name").fill("Winifred Quenby")
    form.get_by_label("Preferred name").fill("Win")
    form.get_by_label("Address", exact=True).fill("9 Lark Rise")
    form.get_by_label("Town").fill("Clevedon")
    form.get_by_label("Postcode").fill("BS21 9ZZ")
    form.get_by_label("Latitude").fill("51.4402")
    form.get_by_label("Longitude").fill("-2.8533")
    form.get_by_label("Alerts shown to carers at the call").fill("Uses a walking frame")
    form.get_by_test_id("save-client").click()
    expect(page.get_by_role("heading", name="Winifred Quenby")).to_be_visible()
    client_id = int(page.evaluate("location.hash").rsplit("/", 1)[1])

    page.get_by_role("link", name="Care plan").click()
    plan = page.get_by_test_id("care-plan-form")
    plan.get_by_label("Outcomes the client wants (in their words)").fill("Stay at home with her cat")
    plan.get_by_role("button", name="Add a task").click()
    plan.get_by_role("textbox", name="Task", exact=True).fill("Breakfast and tablets")
    plan.get_by_test_id("save-care-plan").click()
    expect(page.get_by_role("status")).to_contain_text("Care plan saved")

    page.get_by_role("link", name="← Client record").click()
    page.get_by_role("link", name="Weekly pattern").click()
    page.get_by_test_id("pattern-from").fill(tomorrow.isoformat())
    page.get_by_test_id("pattern-from").dispatch_event("change")
    expect(page.get_by_test_id("pattern-table")).to_have_attribute("data-from", tomorrow.isoformat())
    page.get_by_test_id("add-pattern-call").click()
    page.get_by_test_id("preview-pattern").click()
    expect(page.get_by_test_id("preview-added")).to_contain_text("Added: 28")
    page.get_by_test_id("save-pattern").click()
    expect(page.get_by_role("status")).to_contain_text("28 calls added")

    page.goto(f"{base_url}/#/staff/day/{tomorrow.isoformat()}")
    unallocated = page.get_by_test_id("unallocated")
    expect(unallocated).to_contain_text("Winifred Quenby")
    planner = token(base_url, "planner")
    assert _client_calls(base_url, planner, client_id, tomorrow) == ["07:30"]
    _leave_no_trace_of_the_new_client(base_url, planner, client_id)


def _leave_no_trace_of_the_new_client(base_url, planner, client_id):
    """The journeys share one agency: end Winifred's care so her calls do not reach later
    journeys (the rolling rota's would have no master-rota carer)."""
    _, record = api(base_url, f"/clients/{client_id}", planner)
    status, body = api(base_url, f"/clients/{client_id}/cease", planner, "POST", {
        "version": record["version"], "date": server_today().isoformat(), "reason": "journey finished"})
    assert status in (200, 201), body


def test_planner_changes_a_pattern_from_next_monday_and_only_next_week_changes(page, base_url):
    planner = token(base_url, "planner")
    today = server_today()
    monday = today + dt.timedelta(days=7 - today.weekday())
    _, clients = api(base_url, "/clients?status=active&limit=50", planner)
    client = clients["items"][-1]
    _, original = api(base_url, f"/clients/{client['id']}/pattern?on={monday}", planner)
    this_week_day = max(today, monday - dt.timedelta(days=7))  # the same weekday this week, or today
    before_this_week = _client_calls(base_url, planner, client["id"], this_week_day)
    before_next_week = _client_calls(base_url, planner, client["id"], monday)

    staff_sign_in(page, base_url, "planner")
    page.goto(f"{base_url}/#/staff/clients/{client['id']}/pattern")
    expect(page.get_by_test_id("pattern-table")).to_have_attribute("data-from", monday.isoformat())
    page.get_by_test_id("add-pattern-call").click()
    row = page.locator("tr.pattern-row").last
    row.get_by_label("Call", exact=True).select_option("night")
    row.get_by_label("Time", exact=True).fill("22:40")
    page.get_by_test_id("preview-pattern").click()
    preview = page.get_by_test_id("pattern-preview")
    expect(preview).to_contain_text("28 added, 0 removed")
    expect(page.get_by_test_id("preview-added").locator("li").first).to_contain_text("22:40")
    page.get_by_test_id("save-pattern").click()
    expect(page.get_by_role("status")).to_contain_text("28 calls added and 0 removed")

    page.goto(f"{base_url}/#/staff/day/{monday.isoformat()}")
    expect(page.get_by_test_id("unallocated")).to_contain_text(client["name"])
    assert _client_calls(base_url, planner, client["id"], this_week_day) == before_this_week
    assert _client_calls(base_url, planner, client["id"], monday) == sorted(before_next_week + ["22:10"])
    _put_pattern_back(base_url, planner, client["id"], monday, original["calls"])


def _put_pattern_back(base_url, planner, client_id, monday, calls):
    """The journeys share one agency: take the night call away again, so later journeys (the
    rolling rota's) do not meet calls nobody was rostered for."""
    _, now = api(base_url, f"/clients/{client_id}/pattern?on={monday}", planner)
    status, body = api(base_url, f"/clients/{client_id}/pattern", planner, "PUT", {
        "version": now["version"], "from_date": monday.isoformat(), "calls": calls})
    assert status == 200, body
