"""Journey: a carer asks for leave; the manager, on a tablet, reviews who else is off and which
calls need cover, approves it, and the calls are released for cover."""

import datetime as dt
import uuid

from playwright.sync_api import expect

from e2e.carer_helpers import api, carer_with_calls, token
from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today


def test_manager_approves_a_leave_request(tablet, base_url):
    page = tablet
    start = server_today() + dt.timedelta(days=1)
    end = start + dt.timedelta(days=1)
    carer, _ = carer_with_calls(base_url, dates=[start, end])
    carer_token = carer["token"]
    status, leave = api(base_url, "/leave", carer_token, "POST", {
        "client_uuid": str(uuid.uuid4()), "kind": "annual", "start_date": start.isoformat(),
        "end_date": end.isoformat(), "reason": "Sister's wedding"})
    assert status == 201, leave
    manager = token(base_url, "manager")
    _, runs = api(base_url, f"/assignments?start={start}&end={end}&carer_id={leave['carer_id']}", manager)
    assert runs, "the demo carer should have calls on those days"

    staff_sign_in(page, base_url, "manager")
    page.get_by_role("link", name="Leave").click()
    request = page.locator(f"[data-leave-id='{leave['id']}']")
    expect(request).to_contain_text("Sister's wedding")
    request.get_by_role("button", name="Review").click()
    impact = page.get_by_test_id("leave-impact")
    expect(impact).to_contain_text(f"Calls that would need cover ({len(runs)})")
    expect(impact.get_by_test_id("calls-needing-cover").locator("li")).to_have_count(len(runs))
    impact.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status").filter(has_text="Approved")).to_contain_text(f"{len(runs)} calls released")
    expect(page.locator(f"[data-leave-id='{leave['id']}']")).to_have_count(0)

    _, mine = api(base_url, "/leave", carer_token)
    assert [l["status"] for l in mine if l["id"] == leave["id"]] == ["approved"]
    _, uncovered = api(base_url, f"/calls/uncovered?date={start}", manager)
    assert {r["visit_id"] for r in runs if r["date"] == start.isoformat()} <= {c["id"] for c in uncovered}
