"""A carer's call with the network cut: everything is kept on the phone, survives a reload,
and reaches the server exactly once when the signal comes back."""

import pytest
from playwright.sync_api import expect

from e2e.carer_helpers import CLEVEDON, PHONE, api, carer_with_calls, sign_in, sync_pill, wait_for_service_worker


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE, "geolocation": CLEVEDON, "permissions": ["geolocation"]}


def test_a_call_done_offline_reaches_the_server_once(page, context, base_url):
    # The first call has two tasks at least: one is done, one is not.
    carer, _ = carer_with_calls(base_url, fits=lambda c, t, run: len(run["calls"][0]["tasks"]) >= 2)
    sign_in(page, base_url, carer["username"])
    wait_for_service_worker(page)
    page.reload()  # now under the service worker, so the run and the call are saved as they load
    first_call = page.locator("#run article").first
    expect(first_call).to_be_visible()
    visit_id = int(first_call.get_attribute("data-visit-id"))
    client_name = first_call.locator(".who").inner_text()
    first_call.locator("a.call").click()
    expect(page.get_by_role("heading", name=client_name)).to_be_visible()
    tasks = page.locator("#tasks li.task")
    first_task, second_task = tasks.nth(0).get_attribute("data-task"), tasks.nth(1).get_attribute("data-task")

    context.set_offline(True)
    page.get_by_role("button", name="Check in").click()
    expect(page.locator("#check-in")).to_have_text("Checked in (waiting to sync)")
    page.get_by_role("button", name=f"{first_task}: done").click()
    expect(tasks.nth(0)).to_contain_text("Done (waiting to sync)")
    page.get_by_role("button", name=f"{second_task}: not done").click()
    page.get_by_label(f"Why was “{second_task}” not done?").select_option("Medication declined")
    page.get_by_role("button", name="Save reason").click()
    expect(tasks.nth(1)).to_contain_text("Not done: Medication declined")
    # Medicines due at the call (eMAR) are answered before check-out: one tap each.
    doses = page.locator("#doses li.dose")
    regular = [row for row in doses.all() if row.get_by_role("button", name="Refused").count()]
    for row in regular:
        row.locator(".buttons button").first.click()
    page.get_by_role("button", name="Check out").click()
    expect(page.locator("#check-out")).to_have_text("Checked out (waiting to sync)")

    page.get_by_role("link", name="Report an incident").click()
    page.get_by_label("Type of incident").select_option("fall")
    page.get_by_label("Medium").check()
    page.get_by_label("What happened?").fill("Found sitting on the bedroom floor, unhurt")
    page.get_by_label("What action did you take?").fill("Helped up with the office's advice; told family")
    page.get_by_role("button", name="Save incident report").click()
    expect(page.get_by_role("status").filter(has_text="saved on the phone")).to_be_visible()
    waiting = f"{5 + len(regular)} waiting to sync"
    expect(sync_pill(page)).to_have_text(waiting)

    page.reload()  # still offline: the shell, the run and the outbox come from the phone
    expect(sync_pill(page)).to_have_text(waiting)
    page.goto(base_url + "/#/")
    expect(page.locator(f"#run article[data-visit-id='{visit_id}']")).to_contain_text("Done (waiting to sync)")
    expect(page.get_by_text("Offline: showing the copy saved on this phone.")).to_be_visible()

    context.set_offline(False)
    expect(sync_pill(page)).to_have_text("All changes saved", timeout=15000)

    status, records = api(base_url, f"/visits/{visit_id}/logs", carer["token"])
    assert status == 200, records
    kinds = sorted(r["kind"] for r in records["logs"])
    assert kinds == ["check_in", "check_out", "task", "task"]
    check_in = next(r for r in records["logs"] if r["kind"] == "check_in")
    assert (check_in["lat"], check_in["lon"]) == (CLEVEDON["latitude"], CLEVEDON["longitude"])
    assert {(r["task"], r["done"], r["reason"]) for r in records["logs"] if r["kind"] == "task"} == {
        (first_task, True, ""), (second_task, False, "Medication declined")}
    _, incidents = api(base_url, "/incidents", carer["token"])
    # Exactly one report for this call (the demo's history may hold this carer's older ones).
    assert [(i["type"], i["severity"]) for i in incidents["items"] if i["visit_id"] == visit_id] == [("fall", "medium")]
    _, detail = api(base_url, f"/visits/{visit_id}", carer["token"])
    assert detail["status"] == "done"
