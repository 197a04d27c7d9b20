"""Journey (issue 15): on a 1180x820 tablet the planner gives the second carer of a double-up
whose second carer arrives 30 min after the first from the day board's Assign dialog; the
dialog fills in that carer's own arrival (16:30, not the call's 16:00) and the move keeps it."""

import datetime as dt

from playwright.sync_api import expect

from e2e.carer_helpers import api, token
from e2e.staff_helpers import TABLET, staff_sign_in
from api.domain.shared.common import server_today

TEA = {"weekdays": list(range(7)), "start": "16:00", "duration_minutes": 60, "call_type": "tea", "carers_required": 2,
       "parts": [{}, {"duration_minutes": 20, "offset_minutes": 30}]}


def test_the_assign_dialog_gives_a_joining_carer_their_parts_time(browser, base_url):
    planner = token(base_url, "planner")
    today = server_today()
    monday = today + dt.timedelta(days=7 - today.weekday())
    day = (monday + dt.timedelta(days=8)).isoformat()  # a day no other journey changes
    status, client = api(base_url, "/clients", planner, "POST", {
        "name": "Hazel Pryce", "address": "3 Bay Road", "town": "Clevedon", "lat": 51.439, "lon": -2.853})
    assert status == 201, client
    _, pattern = api(base_url, f"/clients/{client['id']}/pattern?on={monday}", planner)
    status, body = api(base_url, f"/clients/{client['id']}/pattern", planner, "PUT", {
        "version": pattern["version"], "from_date": monday.isoformat(), "calls": [TEA]})
    assert status == 200, body
    context = browser.new_context(**TABLET)
    try:
        _, uncovered = api(base_url, f"/calls/uncovered?date={day}", planner)
        (call,) = [c for c in uncovered if c["client_id"] == client["id"]]
        _, board = api(base_url, f"/planner/day?date={day}", planner)
        first, second = [c for c in board["carers"] if not c["absent"] and c["shifts"]][:2]
        status, call = api(base_url, f"/calls/{call['id']}/move", planner, "POST", {
            "version": call["version"], "to_carer_id": first["id"], "start": "16:00"})
        assert status == 200, call

        page = context.new_page()
        staff_sign_in(page, base_url, "planner")
        page.goto(f"{base_url}/#/staff/day/{day}")
        item = page.get_by_test_id("unallocated").locator(f"li[data-visit-id='{call['id']}']")
        item.get_by_role("button", name="Assign…").click()
        page.get_by_test_id("move-carer").select_option(str(second["id"]))
        expect(page.get_by_test_id("move-start")).to_have_value("16:30")  # the server's answer
        expect(page.get_by_test_id("move-confirm")).to_be_enabled()
        page.get_by_test_id("move-confirm").click()
        expect(page.get_by_role("status").filter(has_text="Call moved.")).to_be_visible()
    finally:
        context.close()
        _, now = api(base_url, f"/calls/{call['id']}", planner)
        _cease(base_url, planner, client["id"])
    assert {a["carer_id"]: a["planned_start"] for a in now["assignments"]} == {first["id"]: "16:00", second["id"]: "16:30"}


def _cease(base_url, planner, client_id):
    """The journeys share one agency: end Hazel's care so her calls do not reach later journeys."""
    _, record = api(base_url, f"/clients/{client_id}", planner)
    status, body = api(base_url, f"/clients/{client_id}/cease", planner, "POST", {
        "version": record["version"], "date": server_today().isoformat(), "reason": "journey finished"})
    assert status in (200, 201), body
