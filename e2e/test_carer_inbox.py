"""Honest notifications in the browser (issue 10 #2): after a publication, a carer without push
finds the message in the app (an unread count in the header, the message on the notifications
screen), and the planner's Publish screen shows who has opened it and records "told by phone"
for the one who has not."""

import datetime as dt

from playwright.sync_api import expect

from e2e.carer_helpers import PHONE, api, token
from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today

READER, UNREACHED = "carer15", "carer16"  # no other journey uses these two


def _carer(base_url: str, planner: str, username: str) -> dict:
    status, users = api(base_url, "/users?limit=100", token(base_url, "admin"))
    assert status == 200, users
    user_id = next(u["id"] for u in users["items"] if u["username"] == username)
    status, carers = api(base_url, "/carers?limit=100", planner)
    assert status == 200, carers
    return next(c for c in carers["items"] if c["user_id"] == user_id)


def test_a_carer_without_push_sees_the_message_and_the_planner_sees_who_has(browser, base_url):
    planner = token(base_url, "planner")
    day = (server_today() + dt.timedelta(days=26)).isoformat()  # a day no other journey touches
    status, clients = api(base_url, "/clients?limit=1", planner)
    assert status == 200, clients
    reader, unreached = _carer(base_url, planner, READER), _carer(base_url, planner, UNREACHED)
    for carer, start in ((reader, "06:00"), (unreached, "06:30")):
        status, body = api(base_url, "/calls", planner, "POST", {
            "client_id": clients["items"][0]["id"], "date": day, "start": start, "duration_minutes": 30,
            "carer_ids": [carer["id"]]})
        assert status == 201, body
    status, publication = api(base_url, "/publications", planner, "POST", {"start": day, "end": day})
    assert status == 201, publication
    assert {n["carer_name"] for n in publication["notices"]} >= {reader["name"], unreached["name"]}
    # The day's first publication tells the carer of all their calls that day: ours, and any the
    # demo's rolling rota gave them.
    status, rows = api(base_url, f"/assignments?start={day}&end={day}", planner)
    assert status == 200, rows
    calls = sum(1 for r in rows if r["carer_id"] == reader["id"] and r["status"] == "planned")

    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    page.goto(base_url + "/")
    page.get_by_label("Username").fill(READER)
    page.get_by_label("Password").fill("carerun-demo")
    page.get_by_role("button", name="Sign in").click()
    # First opening: the notifications screen (it explains push) lists the office's message.
    inbox = page.get_by_test_id("inbox")
    expect(inbox).to_contain_text("Your rota has changed")
    expect(inbox).to_contain_text(f"{calls} call{'' if calls == 1 else 's'} added")
    page.get_by_role("button", name="Not now").click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_hidden()  # on to today's run
    expect(page.locator("#inbox")).to_be_hidden()  # shown there is opened

    # A later change: the header counts it on the next opening, the screen shows it.
    status, body = api(base_url, "/calls", planner, "POST", {
        "client_id": clients["items"][0]["id"], "date": day, "start": "07:30", "duration_minutes": 30,
        "carer_ids": [reader["id"]]})
    assert status == 201, body
    status, again = api(base_url, "/publications", planner, "POST", {"start": day, "end": day})
    assert status == 201, again
    page.reload()
    expect(page.locator("#inbox")).to_have_text("1 new")
    page.locator("#inbox").click()
    expect(page.get_by_test_id("inbox").locator(".message.unread")).to_have_count(1)
    expect(page.locator("#inbox")).to_be_hidden()
    phone.close()

    from e2e.staff_helpers import TABLET

    office = browser.new_context(**TABLET)
    tablet = office.new_page()
    staff_sign_in(tablet, base_url, "planner")
    tablet.goto(base_url + "/#/staff/publish")
    tablet.get_by_label("First day").fill(day)
    tablet.get_by_label("First day").dispatch_event("change")
    tablet.locator(f"li[data-publication-id='{publication['id']}']").get_by_text("Who has been told").click()
    told = tablet.get_by_test_id(f"notices-{publication['id']}")
    expect(told.locator(f"tr[data-carer-id='{reader['id']}']")).to_contain_text("Opened")
    row = told.locator(f"tr[data-carer-id='{unreached['id']}']")
    expect(row).to_contain_text("No push on their phone")
    expect(row).to_contain_text("Not yet")
    row.get_by_role("button", name="Told by phone").click()
    expect(row).to_contain_text("Told by phone (")
    office.close()
