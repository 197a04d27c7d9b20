"""Career progression (issue 11 point 7): a manager on a tablet finds a carer ready for
promotion and records the promotion on the carer's page; a carer reads their own role, what
they still need and their training (the expired course stands out) on the More screen, with
no signal too."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from e2e.carer_helpers import PHONE, api, demo_carers, sign_in, token, wait_for_service_worker
from e2e.staff_helpers import TABLET, staff_sign_in
from api.domain.shared.common import server_today



@pytest.fixture
def tablet(browser):
    context = browser.new_context(**TABLET)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context, context.new_page()
    context.close()


def test_manager_promotes_a_carer_who_is_ready(tablet, base_url):
    manager = token(base_url, "manager")
    _, ready = api(base_url, "/career/progression?ready=true&role=care_worker", manager)
    assert ready["carers"], "the demo has care workers ready for promotion"
    carer = ready["carers"][0]
    page = tablet
    staff_sign_in(page, base_url, "manager")
    page.get_by_role("link", name="Career", exact=True).click()
    page.get_by_test_id("career-ready-filter").select_option("true")
    row = page.locator(f"[data-testid='career-table'] tr[data-carer-id='{carer['carer_id']}']")
    expect(row).to_contain_text("ready")
    row.get_by_role("link", name=carer["carer_name"]).click()

    section = page.get_by_test_id("career-section")
    expect(section.get_by_test_id("career-role-now")).to_contain_text("Care worker since")
    expect(section.locator("[data-role='senior_carer']")).to_contain_text("ready")
    section.get_by_test_id("career-role").select_option("senior_carer")
    section.get_by_test_id("career-from").fill(server_today().isoformat())
    section.get_by_test_id("career-save").click()
    expect(section.get_by_role("status")).to_contain_text("Recorded: Senior care worker")
    expect(section.get_by_test_id("career-role-now")).to_contain_text(f"Senior care worker since {server_today().isoformat()}")
    _, after = api(base_url, f"/career/carers/{carer['carer_id']}", manager)
    assert after["role"] == "senior_carer" and after["history"][0]["recorded_by"]


def test_carer_sees_own_role_and_training_on_the_more_screen_offline_too(phone, base_url):
    manager = token(base_url, "manager")
    _, records = api(base_url, "/training/records", manager)
    expired = next(r for r in records if r["status"] == "expired")
    carer = next(c for c in demo_carers(base_url) if c["id"] == expired["carer_id"])
    context, page = phone
    sign_in(page, base_url, carer["username"])
    wait_for_service_worker(page)
    page.goto(base_url + "/#/more")
    expect(page.get_by_test_id("my-career")).to_contain_text("My role")
    item = page.locator(f"[data-testid='my-training'] li[data-course='{expired['course']}']")
    expect(item).to_have_attribute("data-status", "expired")
    expect(item).to_contain_text("Expired")
    expect(page.get_by_test_id("training-attention")).to_be_visible()
    expect(page.get_by_test_id("my-career")).to_contain_text(f"{expired['name']}: renew")

    context.set_offline(True)
    page.reload()
    expect(page.get_by_text("Offline: showing the copy saved on this phone.")).to_be_visible()
    expect(page.locator(f"[data-testid='my-training'] li[data-course='{expired['course']}']")).to_have_attribute("data-status", "expired")
    context.set_offline(False)
