"""Journey: on the weekly staff rota, beside the on-call supervisor and manager, a manager
sees the out-of-hours team night by night, with who is working each night (the demo's
sleep-ins), and puts the planner on the phone for a night."""

from playwright.sync_api import expect

from e2e.carer_helpers import api, token
from e2e.staff_helpers import staff_sign_in


def test_manager_names_the_out_of_hours_planner(tablet, base_url):
    page = tablet
    _, users = api(base_url, "/users?limit=100", token(base_url, "admin"))
    planner = next(u["display_name"] for u in users["items"] if u["username"] == "planner")
    staff_sign_in(page, base_url, "manager")
    page.get_by_role("link", name="Staff rota").click()
    week = page.get_by_test_id("out-of-hours-week")
    nights = week.locator("tbody tr")
    expect(nights).to_have_count(7)
    expect(week).to_contain_text("(carer)")  # the demo's carers on call at night
    expect(nights.first.get_by_test_id("working-nights")).to_contain_text("sleep-in at")  # every night
    last_night = nights.nth(6)
    last_night.get_by_role("combobox").select_option(label=planner)
    expect(nights.nth(6)).to_contain_text(f"{planner} (planner)")
