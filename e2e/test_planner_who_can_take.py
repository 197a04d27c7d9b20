"""Journey: on a 1180x820 tablet the planner opens "Who can take this?" from the day board's
unallocated list, sees the carers ranked with what the move costs and its warnings, and gives
the call to the cheapest one with one tap."""

import datetime as dt

from playwright.sync_api import expect

from e2e.carer_helpers import api, token
from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today

TABLET_1180 = {"viewport": {"width": 1180, "height": 820}, "device_scale_factor": 1, "has_touch": True}


def test_planner_gives_an_unallocated_call_to_the_carer_ranked_first(browser, base_url):
    planner = token(base_url, "planner")
    day = (server_today() + dt.timedelta(days=2)).isoformat()  # a day no other journey changes
    _, clients = api(base_url, "/clients?limit=5&status=active", planner)
    someone = clients["items"][0]
    status, call = api(base_url, "/calls", planner, "POST", {
        "client_id": someone["id"], "date": day, "start": "13:00", "duration_minutes": 30})
    assert status == 201, call

    context = browser.new_context(**TABLET_1180)
    try:
        page = context.new_page()
        staff_sign_in(page, base_url, "planner")
        page.goto(f"{base_url}/#/staff/day/{day}")
        item = page.get_by_test_id("unallocated").locator(f"li[data-visit-id='{call['id']}']")
        expect(item).to_contain_text("could take it")  # the same explainer the drafts use
        item.get_by_role("button", name="Who can take this?").click()

        dialog = page.get_by_role("dialog", name="Who can take this?")
        ranked = dialog.get_by_role("list", name="Carers who can take it, cheapest first")
        first = ranked.get_by_test_id("offer").first
        expect(first).to_contain_text("starts ")
        expect(dialog).to_contain_text(someone["name"])
        carer_id = int(first.get_attribute("data-carer-id"))
        name = first.locator("strong").inner_text()
        first.get_by_role("button", name=f"Assign {name} at").click()

        # The job banner is a status too (another journey's draft may wait there): read the notice.
        expect(page.get_by_role("status").filter(has_text="given to")).to_contain_text(f"given to {name}")
        expect(dialog).to_have_count(0)
        expect(page.locator(f".board-row[data-carer-id='{carer_id}'] [data-visit-id='{call['id']}']")).to_be_visible()
        expect(page.get_by_test_id("unallocated").locator(f"li[data-visit-id='{call['id']}']")).to_have_count(0)
    finally:
        context.close()

    _, now = api(base_url, f"/calls/{call['id']}", planner)
    assert [a["carer_id"] for a in now["assignments"]] == [carer_id]
    api(base_url, f"/calls/{call['id']}/cancel", planner, "POST", {"version": now["version"], "reason": "test call"})
