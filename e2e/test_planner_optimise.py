"""Journeys: the planner optimises a day (watching progress, stopping early with the best plan
so far), applies the draft and publishes; and marks a carer sick, finds cover and publishes."""

import datetime as dt

from playwright.sync_api import expect

from e2e.carer_helpers import api, carer_with_calls, token
from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today


def _publish(page):
    page.get_by_role("link", name="Go to Publish").click()
    expect(page.get_by_test_id("rota-diff")).to_be_visible()
    page.get_by_test_id("publish").click()
    expect(page.get_by_role("status").filter(has_text="Published version")).to_be_visible()


def test_planner_optimises_a_day_and_publishes(tablet, base_url):
    page = tablet
    tomorrow = (server_today() + dt.timedelta(days=1)).isoformat()
    staff_sign_in(page, base_url, "planner")
    page.goto(f"{base_url}/#/staff/day/{tomorrow}")
    # The board redraws for the new date: wait for it before starting.
    expect(page.get_by_test_id("optimise")).to_have_attribute("data-date", tomorrow)
    page.get_by_test_id("optimise").click()
    page.get_by_test_id("optimise-seconds").select_option("60")
    page.get_by_test_id("optimise-start").click()
    expect(page.get_by_test_id("optimise-progress")).to_contain_text("solutions", timeout=30_000)
    expect(page.get_by_test_id("optimise-progress")).not_to_contain_text(" 0 solutions", timeout=30_000)
    page.get_by_test_id("optimise-stop").click()
    expect(page.get_by_test_id("optimise-result")).to_contain_text("best plan found so far", timeout=30_000)
    expect(page.locator(f".optimiser-day[data-date='{tomorrow}']")).to_contain_text("% covered")
    page.get_by_test_id("optimise-apply").click()
    expect(page.get_by_test_id("optimise-applied")).to_be_visible()
    _publish(page)

    planner = token(base_url, "planner")
    _, pubs = api(base_url, f"/publications?start={server_today().isoformat()}&end={tomorrow}", planner)
    assert pubs, "the publication is recorded"


def test_planner_finds_cover_for_a_sick_carer_and_publishes(tablet, base_url):
    page = tablet
    planner = token(base_url, "planner")
    sick, _ = carer_with_calls(base_url)
    today = server_today().isoformat()
    _, carer = api(base_url, f"/carers/{sick['id']}", planner)
    _, runs = api(base_url, f"/assignments?start={today}&carer_id={sick['id']}", planner)
    theirs = [r for r in runs if r["status"] == "planned"]
    assert theirs

    staff_sign_in(page, base_url, "planner")
    page.get_by_role("link", name="Sickness & cover").click()
    page.get_by_test_id("sick-carer").select_option(label=carer["name"])
    page.get_by_label("Reason").fill("Migraine")
    page.get_by_role("button", name="Mark sick").click()
    expect(page.get_by_role("status").filter(has_text="off sick")).to_be_visible()
    page.get_by_test_id("find-cover").click()
    page.get_by_test_id("optimise-start").click()
    expect(page.get_by_test_id("optimise-result")).to_contain_text("Finished", timeout=60_000)
    page.get_by_test_id("optimise-apply").click()
    expect(page.get_by_test_id("optimise-applied")).to_be_visible()

    _, after = api(base_url, f"/assignments?start={today}", planner)
    covered = {r["visit_id"] for r in after}
    assert all(r["carer_id"] != sick["id"] for r in after)
    assert any(call["visit_id"] in covered for call in theirs), "at least some calls were covered"
    _publish(page)
