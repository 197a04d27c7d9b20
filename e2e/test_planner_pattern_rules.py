"""Issue 15 on a tablet (1180x820): a planner gives a double-up's second carer a skill, a later
arrival and a shorter stay, and links the call to the client's last call the day before, on the
weekly pattern screen; a part that would end after the call is refused next to its field; saved
and reloaded, the screen shows what was set."""

import datetime as dt

from playwright.sync_api import expect

from e2e.carer_helpers import api, token
from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today

# Tablet size: the `tablet` fixture (e2e/conftest.py)
MORNING = {"weekdays": list(range(7)), "start": "08:00", "duration_minutes": 45, "call_type": "morning", "carers_required": 2}
BED = {"weekdays": list(range(7)), "start": "21:00", "duration_minutes": 30, "call_type": "bed"}


def _new_client(base_url, planner, monday) -> int:
    status, client = api(base_url, "/clients", planner, "POST", {
        "name": "Olive Parfitt", "address": "4 Mill Lane", "town": "Clevedon", "lat": 51.437, "lon": -2.851})
    assert status == 201, client
    status, pattern = api(base_url, f"/clients/{client['id']}/pattern?on={monday}", planner)
    status, body = api(base_url, f"/clients/{client['id']}/pattern", planner, "PUT", {
        "version": pattern["version"], "from_date": monday.isoformat(), "calls": [MORNING, BED]})
    assert status == 200, body
    return client["id"]


def test_planner_sets_a_double_ups_parts_and_a_link_to_the_day_before(tablet, base_url):
    page = tablet
    planner = token(base_url, "planner")
    today = server_today()
    monday = today + dt.timedelta(days=7 - today.weekday())
    client_id = _new_client(base_url, planner, monday)

    staff_sign_in(page, base_url, "planner")
    page.goto(f"{base_url}/#/staff/clients/{client_id}/pattern")
    expect(page.get_by_test_id("pattern-table")).to_have_attribute("data-from", monday.isoformat())
    morning = page.get_by_test_id("rules-editor").first
    expect(morning.get_by_test_id("call-rules")).to_have_text("none")
    morning.locator("summary").click()
    morning.get_by_label("Carer 2 extra skills").fill("hoist")
    morning.get_by_label("Carer 2 arrives after (min)").fill("30")
    morning.get_by_label("Carer 2 minutes").fill("20")  # 30 + 20 is past the call's 45 minutes
    page.get_by_test_id("preview-pattern").click()
    error = morning.get_by_test_id("part-1").get_by_test_id("field-error")
    expect(error).to_have_text("the part would end after the call")
    expect(morning.get_by_label("Carer 2 arrives after (min)")).to_have_attribute("aria-invalid", "true")

    morning.get_by_label("Carer 2 minutes").fill("15")
    morning.get_by_label("Linked to").select_option("previous")
    morning.get_by_label("Gap at least (min)").fill("600")
    morning.get_by_label("Carer of the linked calls").select_option("different")
    page.get_by_test_id("preview-pattern").click()
    expect(page.get_by_test_id("pattern-preview")).to_contain_text("added")
    expect(error).to_have_count(0)
    page.get_by_test_id("save-pattern").click()
    expect(page.get_by_role("status")).to_contain_text("Saved from")

    page.reload()
    expect(page.get_by_test_id("pattern-table")).to_have_attribute("data-from", monday.isoformat())
    morning = page.get_by_test_id("rules-editor").first
    expect(morning.get_by_test_id("call-rules")).to_have_text(
        "The second carer arrives 30 min after the start, stays 15 min, needs hoist. "
        "Starts at least 10 h after the client's last call the day before, a different carer.")
    morning.locator("summary").click()
    expect(morning.get_by_label("Carer 2 extra skills")).to_have_value("hoist")
    expect(morning.get_by_label("Linked to")).to_have_value("previous")
    _, saved = api(base_url, f"/clients/{client_id}/pattern?on={monday}", planner)
    first = next(c for c in saved["calls"] if c["call_type"] == "morning")
    assert first["parts"][1] == {"required_skills": ["hoist"], "duration_minutes": 15, "offset_minutes": 30}
    assert first["link_to_previous"] == {"min_gap_minutes": 600, "max_gap_minutes": None, "carer": "different", "day": "previous"}
    _cease(base_url, planner, client_id)


def _cease(base_url, planner, client_id):
    """The journeys share one agency: end Olive's care so her calls do not reach later journeys."""
    _, record = api(base_url, f"/clients/{client_id}", planner)
    status, body = api(base_url, f"/clients/{client_id}/cease", planner, "POST", {
        "version": record["version"], "date": server_today().isoformat(), "reason": "journey finished"})
    assert status in (200, 201), body
