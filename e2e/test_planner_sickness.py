"""Journey: the planner, on a tablet, marks a carer sick for today and sees the calls that
now need cover, with the reason, on the cover screen and on the day board.
(The lead extends it with Find cover and publishing.)"""

import datetime as dt

from playwright.sync_api import expect

from e2e.carer_helpers import api, carer_with_calls, token
from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today


def test_planner_marks_a_carer_sick_and_sees_the_uncovered_calls(tablet, base_url):
    page = tablet
    planner = token(base_url, "planner")
    sick, _ = carer_with_calls(base_url)
    today = server_today().isoformat()
    _, runs = api(base_url, f"/assignments?start={today}&carer_id={sick['id']}", planner)
    planned = [r for r in runs if r["status"] == "planned"]
    assert planned, "the carer chosen has planned calls today"
    _, carer = api(base_url, f"/carers/{sick['id']}", planner)

    staff_sign_in(page, base_url, "planner")
    expect(page.get_by_test_id("day-board")).to_contain_text(carer["name"])
    expect(page.get_by_test_id("optimise")).to_be_enabled()
    page.get_by_role("link", name="Sickness & cover").click()
    page.get_by_test_id("sick-carer").select_option(label=carer["name"])
    page.get_by_label("Reason").fill("Flu")
    page.get_by_role("button", name="Mark sick").click()
    expect(page.get_by_role("status").filter(has_text="off sick")).to_contain_text(f"{len(planned)} calls need cover")
    uncovered = page.get_by_test_id("uncovered")
    for call in planned:
        expect(uncovered.locator(f"li[data-visit-id='{call['visit_id']}']")).to_contain_text("carer off sick")
    expect(page.get_by_test_id("find-cover")).to_be_visible()

    page.get_by_role("link", name="Open the day board").click()
    row = page.locator(f".board-row[data-carer-id='{sick['id']}']")
    expect(row).to_contain_text("Off (leave or sick)")
    expect(row.get_by_test_id("call-block")).to_have_count(0)
    for call in planned:
        expect(page.get_by_test_id("unallocated").locator(f"li[data-visit-id='{call['visit_id']}']")).to_contain_text("carer off sick")
