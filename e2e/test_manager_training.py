"""Journeys of issue 11 on a tablet (1180x820): a manager records a carer's expired medication
training and sees the optimiser stop giving them medication calls; a manager books training
for a carer and their calls in those hours appear as needing cover."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from e2e.carer_helpers import api, token
from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today

TABLET_1180 = {"viewport": {"width": 1180, "height": 820}, "device_scale_factor": 1, "has_touch": True}
def tomorrow() -> dt.date:  # read per use: a run may cross midnight
    return server_today() + dt.timedelta(days=1)


@pytest.fixture
def page(browser):
    context = browser.new_context(**TABLET_1180)
    yield context.new_page()
    context.close()


def _medication_calls(base_url, manager, carer_id):
    _, runs = api(base_url, f"/assignments?start={tomorrow()}&end={tomorrow()}&carer_id={carer_id}", manager)
    return [r for r in runs if "medication" in r["required_skills"] and not r["locked"]]


def test_manager_records_expired_medication_training_and_the_optimiser_stops_using_the_carer(page, base_url):
    manager = token(base_url, "manager")
    _, records = api(base_url, "/training/records", manager)
    backing: dict[int, list] = {}
    for r in records:
        if r["skill"] == "medication":
            backing.setdefault(r["carer_id"], []).append(r)
    candidates = [c for c, recs in backing.items() if len(recs) == 1 and _medication_calls(base_url, manager, c)]
    assert candidates, "a demo carer with one medication record and medication calls tomorrow"
    carer_id = candidates[0]
    _, carer = api(base_url, f"/carers/{carer_id}", manager)

    staff_sign_in(page, base_url, "manager")
    page.get_by_role("link", name="Training", exact=True).click()
    cell = page.locator(f"tr[data-carer-id='{carer_id}'] button[data-course='medication']")
    cell.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Expires on").fill((server_today() - dt.timedelta(days=1)).isoformat())
    dialog.get_by_role("button", name="Save record").click()
    expect(page.get_by_role("status")).to_contain_text(f"{carer['name']}: Medication administration saved")
    expect(page.locator(f"tr[data-carer-id='{carer_id}'] td.cell.expired button[data-course='medication']")).to_be_visible()

    page.goto(f"{base_url}/#/staff/day/{tomorrow().isoformat()}")
    expect(page.get_by_test_id("optimise")).to_have_attribute("data-date", tomorrow().isoformat())
    page.get_by_test_id("optimise").click()
    page.get_by_test_id("optimise-seconds").select_option("60")
    page.get_by_test_id("optimise-start").click()
    expect(page.get_by_test_id("optimise-progress")).not_to_contain_text(" 0 solutions", timeout=60_000)
    page.get_by_test_id("optimise-stop").click()
    expect(page.get_by_test_id("optimise-result")).to_contain_text("best plan found so far", timeout=60_000)
    page.get_by_test_id("optimise-apply").click()
    expect(page.get_by_test_id("optimise-applied")).to_be_visible(timeout=60_000)
    assert _medication_calls(base_url, manager, carer_id) == []


def test_manager_books_training_and_the_calls_need_cover(page, base_url):
    manager = token(base_url, "manager")
    _, carers = api(base_url, "/carers?active=true&limit=100", manager)
    chosen = None
    for c in carers["items"]:
        _, runs = api(base_url, f"/assignments?start={tomorrow()}&end={tomorrow()}&carer_id={c['id']}", manager)
        during = [r for r in runs if r["status"] == "planned" and "09:30" <= r["planned_start"] < "13:00"]
        if during:
            chosen = (c, during)
            break
    assert chosen, "a demo carer with calls tomorrow morning"
    carer, during = chosen

    staff_sign_in(page, base_url, "manager")
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_test_id("session-carer").select_option(label=carer["name"])
    page.get_by_test_id("session-course").select_option("moving_handling")
    page.get_by_test_id("session-date").fill(tomorrow().isoformat())
    page.get_by_test_id("book-session").click()
    expect(page.get_by_role("status")).to_contain_text("calls released for cover")
    expect(page.get_by_test_id("training-sessions")).to_contain_text(carer["name"])

    page.get_by_role("link", name="Sickness & cover").click()
    page.get_by_label("Date of the uncovered calls").fill(tomorrow().isoformat())
    page.get_by_label("Date of the uncovered calls").dispatch_event("change")
    uncovered = page.get_by_test_id("uncovered")
    for call in during:
        expect(uncovered.locator(f"li[data-visit-id='{call['visit_id']}']")).to_be_visible()
