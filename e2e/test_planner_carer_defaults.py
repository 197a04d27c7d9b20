"""Journey of issue 11 point 4 on a tablet (1180x820): a planner opens a carer's record, gives
them a split shift on Mondays in the default rota from next Monday, books a change of hours from
next Monday and marks a day off; the record shows what is in force now, the scheduled changes
and the exception.

The carer is made for the journey and left inactive, so no other journey's rota meets them."""

import datetime as dt

from playwright.sync_api import expect

from e2e.carer_helpers import api, token
from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today


def test_planner_sets_default_rota_change_of_hours_and_a_day_off(tablet, base_url):
    page = tablet
    planner = token(base_url, "planner")
    status, carer = api(base_url, "/carers", planner, "POST", {
        "name": "Hattie Splitshift", "home_lat": 51.44, "home_lon": -2.85, "contracted_minutes": 30 * 60,
        "active": False, "availability": [{"weekday": 0, "start": "07:00", "end": "13:00"}]})
    assert status == 201, carer
    staff_sign_in(page, base_url, "planner")
    page.goto(f"{base_url}/#/staff/carers/{carer['id']}")
    expect(page.get_by_role("heading", name="Hattie Splitshift")).to_be_visible()

    rota = page.get_by_test_id("default-rota")
    rota.locator("tr[data-weekday='0']").get_by_role("button", name="Add a split").click()
    expect(rota.get_by_label("Monday span 2 from")).to_have_value("16:00")
    rota.get_by_role("button", name="Save default rota").click()
    expect(page.get_by_test_id("defaults-status")).to_contain_text("Default rota saved")
    expect(rota.get_by_test_id("rota-scheduled")).to_contain_text("Mon 07:00–13:00 & 16:00–22:00")
    expect(rota.get_by_test_id("rota-in-force")).to_contain_text("Mon 07:00–13:00")

    hours = page.get_by_test_id("contract-hours")
    expect(hours.get_by_test_id("hours-in-force")).to_contain_text("30 h a week now")
    hours.get_by_label("New contracted hours a week").fill("22.5")
    hours.get_by_role("button", name="Save change of hours").click()
    expect(hours.get_by_test_id("hours-scheduled")).to_contain_text("22.5 h a week from")
    expect(hours.get_by_test_id("hours-in-force")).to_contain_text("30 h a week now")

    tomorrow = server_today() + dt.timedelta(days=1)
    exceptions = page.get_by_test_id("availability-exceptions")
    exceptions.get_by_label("Exception from").fill(tomorrow.isoformat())
    exceptions.get_by_label("Reason").fill("Hospital appointment")
    exceptions.get_by_role("button", name="Save exception").click()
    expect(exceptions.get_by_test_id("exception-list")).to_contain_text("not available (Hospital appointment)")

    status, rota_now = api(base_url, f"/carers/{carer['id']}/default-rota", planner)
    assert [(a["start"], a["end"]) for a in rota_now["scheduled"][0]["availability"]] == [("07:00", "13:00"), ("16:00", "22:00")]
    status, saved = api(base_url, f"/carers/{carer['id']}", planner)
    assert saved["next_hours_change"]["contracted_minutes"] == 1350
