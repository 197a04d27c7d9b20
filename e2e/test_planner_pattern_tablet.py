"""The weekly pattern table fits a tablet's screen (issue 15): at 1180x820 and in portrait
(820x1180) every column, the Tasks column last, is within the screen without scrolling sideways,
with a double-up's parts and link panel open under its row."""

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from e2e.carer_helpers import api, token
from e2e.staff_helpers import TABLET, staff_sign_in
from api.domain.shared.common import server_today

CALLS = [
    {"weekdays": list(range(7)), "start": "08:00", "duration_minutes": 45, "call_type": "morning", "carers_required": 2,
     "required_skills": ["hoist", "medication"], "tasks": ["Wash", "Dress", "Breakfast", "Medication"],
     "parts": [{}, {"required_skills": ["hoist"], "duration_minutes": 20, "offset_minutes": 15}]},
    {"weekdays": [0, 2, 4], "start": "12:30", "duration_minutes": 30, "call_type": "lunch", "tasks": ["Lunch"],
     "link_to_previous": {"min_gap_minutes": 180, "max_gap_minutes": 300, "carer": "different"}},
    {"weekdays": list(range(7)), "start": "20:00", "duration_minutes": 30, "call_type": "bed", "tasks": ["Bed"]},
]


@pytest.mark.parametrize("size", [(1180, 820), (820, 1180)], ids=["landscape", "portrait"])
def test_the_pattern_table_fits_a_tablet_with_the_tasks_column_in_view(browser, base_url, size):
    width, height = size
    context = browser.new_context(**{**TABLET, "viewport": {"width": width, "height": height}})
    page = context.new_page()
    planner = token(base_url, "planner")
    today = server_today()
    monday = today + dt.timedelta(days=7 - today.weekday())
    status, client = api(base_url, "/clients", planner, "POST", {
        "name": "Ivy Thorne", "address": "9 Church Road", "town": "Clevedon", "lat": 51.438, "lon": -2.852})
    assert status == 201, client
    _, pattern = api(base_url, f"/clients/{client['id']}/pattern?on={monday}", planner)
    status, body = api(base_url, f"/clients/{client['id']}/pattern", planner, "PUT", {
        "version": pattern["version"], "from_date": monday.isoformat(), "calls": CALLS})
    assert status in (200, 201), body
    try:
        staff_sign_in(page, base_url, "planner")
        page.goto(f"{base_url}/#/staff/clients/{client['id']}/pattern")
        table = page.get_by_test_id("pattern-table")
        expect(table).to_have_attribute("data-from", monday.isoformat())
        page.get_by_test_id("rules-editor").first.locator("summary").click()
        expect(page.get_by_label("Carer 2 extra skills")).to_be_visible()
        shots = os.environ.get("CARERUN_SCREENSHOTS")  # a folder: keep what the planner sees
        if shots:
            page.screenshot(path=os.path.join(shots, f"pattern-{width}x{height}.png"), full_page=True)

        # Nothing is cut off at the right: every column, each call's Tasks (and Skills) on the
        # line under it, and its remove button are inside the screen.
        boxes = [th.bounding_box() for th in table.locator("thead th").all()]
        for label in ("Skills", "Tasks", "Remove this call"):
            fields = table.get_by_label(label, exact=True).all()
            assert len(fields) == len(CALLS)
            boxes += [f.bounding_box() for f in fields]
        for box in boxes:
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)
        wrap = table.locator("xpath=..")
        sizes = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert sizes[0] <= sizes[1], f"the table scrolls sideways: {sizes}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
        _cease(base_url, planner, client["id"])


def _cease(base_url, planner, client_id):
    """The journeys share one agency: end Ivy's care so her calls do not reach later journeys."""
    _, record = api(base_url, f"/clients/{client_id}", planner)
    status, body = api(base_url, f"/clients/{client_id}/cease", planner, "POST", {
        "version": record["version"], "date": server_today().isoformat(), "reason": "journey finished"})
    assert status in (200, 201), body
