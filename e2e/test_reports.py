"""Journeys of the reports area on a tablet (1180 x 820): a manager goes from this week's
dashboard into the punctuality report, filters it by a carer and exports the CSV; a planner
asks whether a new client's package can be taken and sees which carers would take it."""

import pytest
from playwright.sync_api import expect

from e2e.staff_helpers import staff_sign_in

TABLET_1180 = {"viewport": {"width": 1180, "height": 820}, "device_scale_factor": 1, "has_touch": True,
               "accept_downloads": True}


@pytest.fixture
def wide_tablet(browser):
    context = browser.new_context(**TABLET_1180)
    yield context.new_page()
    context.close()


def test_manager_follows_on_time_into_punctuality_filters_by_carer_and_exports_csv(wide_tablet, base_url):
    page = wide_tablet
    staff_sign_in(page, base_url, "manager")
    # A manager lands on this week's figures.
    dashboard = page.get_by_test_id("dashboard")
    on_time = dashboard.locator("[data-figure='on_time_percent']")
    expect(on_time).to_contain_text("On time this week")
    on_time.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Punctuality & missed calls")
    by_carer = page.locator("[data-table='by_carer'] tbody tr")
    expect(by_carer.first).to_be_visible(timeout=30_000)
    assert by_carer.count() > 1, "the demo's month of history has calls by several carers"
    expect(page.locator("[data-chart='trend']")).to_have_attribute("data-drawn", "yes")

    carer_select = page.get_by_label("Carer", exact=True)
    name = carer_select.locator("option").nth(1).inner_text()
    carer_select.select_option(label=name)
    page.get_by_role("button", name="Show").click()
    expect(by_carer).to_have_count(1, timeout=30_000)
    expect(by_carer.first).to_contain_text(name)
    assert "carer_id=" in page.url

    with page.expect_download() as download_info:
        page.locator("[data-table='by_carer']").get_by_role("button", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("punctuality-by_carer-")
    lines = open(download.path(), encoding="utf-8").read().strip().splitlines()
    assert lines[0].startswith("Carer,Calls,On time,Late,Missed")
    assert len(lines) == 2 and lines[1].startswith(name + ",")


def test_planner_checks_a_new_package_and_sees_who_would_take_it(wide_tablet, base_url):
    page = wide_tablet
    staff_sign_in(page, base_url, "planner")
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="Capacity & new packages").click()
    form = page.get_by_role("form", name="New package")
    form.get_by_label("Address").fill("12 Example Lane")
    form.get_by_label("Area (town)").select_option("Clevedon")
    # One 30-minute lunch call on Monday to Wednesday; nothing else.
    for slot in ("morning", "tea", "bed"):
        for box in form.locator(f"[data-slot='{slot}'] input[name='day']").all():
            box.uncheck()
    lunch = form.locator("[data-slot='lunch']")
    for day in ("Mon", "Tue", "Wed"):
        lunch.get_by_label(day).check()
    form.get_by_role("button", name="Can we take it?").click()

    answer = page.get_by_test_id("package-answer")
    expect(answer).to_be_visible(timeout=60_000)
    expect(answer.locator("table tbody tr")).to_have_count(3)
    carers = page.get_by_test_id("package-carers").locator("li")
    expect(carers.first).to_be_visible()
    expect(carers.first).to_contain_text("call")


def test_a_long_table_shows_its_count_and_200_rows_at_a_time_and_the_csv_has_them_all(wide_tablet, base_url):
    page = wide_tablet
    staff_sign_in(page, base_url, "manager")
    page.goto(f"{base_url}/#/staff/reports/payroll")
    timesheet = page.locator("[data-table='timesheet']")
    lines = timesheet.locator("tbody tr")
    expect(lines.first).to_be_visible(timeout=30_000)
    total = int(timesheet.locator("[data-row-count]").get_attribute("data-row-count"))
    assert total > 400, "four weeks of the demo's history is thousands of calls attended"
    expect(lines).to_have_count(200)
    expect(timesheet.locator("[data-row-count]")).to_have_text(f"Showing 200 of {total:,} rows")

    timesheet.get_by_role("button", name="Show 200 more").click()
    expect(lines).to_have_count(400)
    expect(timesheet.locator("[data-row-count]")).to_have_text(f"Showing 400 of {total:,} rows")

    with page.expect_download() as download_info:
        timesheet.get_by_role("button", name="Download CSV").click()
    rows = open(download_info.value.path(), encoding="utf-8").read().strip().splitlines()
    assert len(rows) == total + 1, "the CSV has every row and its header"
