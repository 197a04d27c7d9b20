"""Journey, a staff phone and a carer phone in one test: the out-of-hours planner logs a fall
for a client, asks the carer ranked first, the carer accepts with no signal and it syncs when
the signal comes back, the call is at the top of their run, the planner re-plans what it
delays, and the response-time report shows the request."""

import datetime as dt

from playwright.sync_api import expect

from e2e.carer_helpers import PHONE, api, sign_in, sync_pill, token, wait_for_service_worker
from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today

STAND_BY = "carer16"  # on tonight's out-of-hours team, so someone can go at any hour


def _stand_by(base_url: str) -> str:
    manager = token(base_url, "manager")
    _, users = api(base_url, "/users?limit=100", token(base_url, "admin"))
    name = next(u["display_name"] for u in users["items"] if u["username"] == STAND_BY)
    _, carers = api(base_url, "/carers?limit=200", manager)
    carer_id = next(c["id"] for c in carers["items"] if c["name"] == name)
    for day in (server_today() - dt.timedelta(days=1), server_today()):
        status, body = api(base_url, "/out-of-hours", manager, "POST",
                           {"date": day.isoformat(), "role": "carer", "person_id": carer_id})
        assert status in (201, 400), body  # 400: already on that night's team
    return name


def test_a_fall_answered_by_the_carer_who_can_be_there_soonest(browser, base_url):
    stand_by = _stand_by(base_url)
    planner_token = token(base_url, "planner")
    _, clients = api(base_url, "/clients?status=active&limit=1", planner_token)
    person = clients["items"][0]

    staff = browser.new_context(**PHONE)
    carer = browser.new_context(**PHONE)
    try:
        office = staff.new_page()
        staff_sign_in(office, base_url, "planner")
        office.goto(base_url + "/#/staff/urgent")
        form = office.get_by_test_id("urgent-form")
        form.get_by_label("Search clients").fill(person["name"])
        expect(form.get_by_label("Client").locator("option")).to_contain_text([person["name"]])
        form.get_by_label("What is needed").select_option("fall_no_injury")
        form.get_by_label("What happened").fill("Pendant pressed: found on the kitchen floor, no injury")
        form.get_by_role("button", name="Log and find carers").click()
        first = office.get_by_test_id("urgent-candidates").locator("li").first
        expect(first).to_be_visible()
        top_name = first.locator("strong").inner_text()
        _, users = api(base_url, "/users?limit=100", token(base_url, "admin"))
        username = next(u["username"] for u in users["items"] if u["display_name"] == top_name)
        first.get_by_role("button", name=f"Ask {top_name}").click()
        expect(office.get_by_test_id("urgent-offers")).to_contain_text(f"{top_name} – asked, waiting")

        phone = carer.new_page()
        sign_in(phone, base_url, username)
        wait_for_service_worker(phone)
        phone.reload()
        offer = phone.get_by_test_id("urgent-offer")
        expect(offer).to_contain_text("found on the kitchen floor")
        carer.set_offline(True)
        offer.get_by_role("button", name="Accept – I will go").click()
        expect(offer).to_contain_text("You said you will go (waiting to sync)")
        expect(sync_pill(phone)).to_have_text("1 waiting to sync")
        carer.set_offline(False)
        expect(sync_pill(phone)).to_have_text("All changes saved", timeout=30000)
        phone.reload()
        urgent_call = phone.get_by_test_id("urgent-call")
        expect(urgent_call).to_contain_text("URGENT: a fall, no injury")
        expect(urgent_call).to_contain_text(person["name"])
        expect(phone.locator("#run > li").first.locator("article")).to_have_class("card urgent")

        request = office.get_by_test_id("urgent-request")
        expect(request).to_have_attribute("data-status", "accepted", timeout=30000)
        office.get_by_role("button", name="Re-plan delayed calls").click()
        expect(office.get_by_role("status")).to_contain_text(
            "Find cover is running" if "planned call(s) late" in request.inner_text() else "nothing to re-plan")
        _, job = api(base_url, "/optimise/jobs/current", planner_token)
        if job["job"] and job["job"]["status"] in ("queued", "running"):
            api(base_url, f"/optimise/jobs/{job['job']['id']}/stop", planner_token, "POST", {})

        office.goto(base_url + "/#/staff/urgent")
        expect(office.get_by_test_id("out-of-hours-tonight")).to_contain_text(stand_by)
        expect(office.get_by_test_id("urgent-summary")).to_contain_text("requests reached")
        today = server_today().isoformat()
        _, report = api(base_url, f"/urgent/report?start={today}&end={today}", token(base_url, "manager"))
        assert report["received"] >= 1 and report["requests"][-1]["accepted_at"] is not None
    finally:
        staff.close()
        carer.close()
