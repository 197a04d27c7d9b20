"""Journey: the manager reads the audit trail in people's words, choosing whose changes to see
from a list of names (not a numeric user id)."""

import datetime as dt
import uuid

from playwright.sync_api import expect

from e2e.carer_helpers import api, token
from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today

CARER = "carer15"  # not used by the other journeys


def test_manager_reads_who_did_what_to_whom(tablet, base_url):
    page = tablet
    start = server_today() + dt.timedelta(days=60)
    status, leave = api(base_url, "/leave", token(base_url, CARER), "POST", {
        "client_uuid": str(uuid.uuid4()), "kind": "annual", "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=2)).isoformat()})
    assert status == 201, leave
    status, _ = api(base_url, f"/leave/{leave['id']}/approve", token(base_url, "manager"), "POST", {"version": leave["version"]})
    assert status == 200

    staff_sign_in(page, base_url, "manager")
    page.get_by_role("link", name="Audit").click()
    page.get_by_test_id("audit-actor").select_option(label="Morgan Registered-Manager (manager)")
    page.get_by_label("What").select_option("leave")
    page.get_by_role("button", name="Filter").click()
    said = page.get_by_test_id("audit-event").first.locator("td").nth(1)
    expect(said).to_contain_text(f"Morgan Registered-Manager approved {leave['carer_name']}'s annual leave")
