"""Journeys on the planner's board at tablet size (1180x820): a board a person can read
(totals, names or initials with times, legend, zoom, compact, the map beside it), a call
dragged to another carer through the Move dialog's checks, a running Optimise seen and stopped
by a second planner after the first closed its dialog, and Live today's alerts."""

import datetime as dt
import re

from playwright.sync_api import expect

from e2e.carer_helpers import api, token
from e2e.staff_helpers import staff_sign_in
from api.domain.shared.common import server_today

DAY = (server_today() + dt.timedelta(days=20)).isoformat()  # a day no other journey touches


def _carer_id(base_url, username):
    _, me = api(base_url, "/auth/me", token(base_url, username))
    return me["carer_id"]


def _one_off_call(base_url, planner, client_id, start, carer_id):
    status, call = api(base_url, "/calls", planner, "POST", {
        "client_id": client_id, "date": DAY, "start": start, "duration_minutes": 45, "carer_ids": [carer_id]})
    assert status == 201, call
    return call


def test_the_board_reads_at_tablet_size_and_a_dragged_call_goes_through_the_move_checks(tablet, base_url):
    page = tablet
    planner = token(base_url, "planner")
    ann, other = _carer_id(base_url, "carer15"), _carer_id(base_url, "carer16")
    _, clients = api(base_url, "/clients?limit=5&status=active", planner)
    first, second = clients["items"][0], clients["items"][1]
    dragged = _one_off_call(base_url, planner, first["id"], "10:00", ann)
    _one_off_call(base_url, planner, second["id"], "14:00", other)
    _, board = api(base_url, f"/planner/day?date={DAY}", planner)

    staff_sign_in(page, base_url, "planner")
    page.goto(f"{base_url}/#/staff/day/{DAY}")
    totals = page.get_by_test_id("day-totals")
    expect(totals.locator("[data-total=calls] dd")).to_have_text(str(board["totals"]["calls"]))
    expect(totals.locator("[data-total=unallocated] dd")).to_have_text(str(board["totals"]["unallocated"]))
    expect(page.get_by_test_id("board-legend")).to_contain_text("Double-up")
    for word in ("Travel", "Shift", "Pinned", "Late", "Differs from published"):
        expect(page.get_by_test_id("board-legend")).to_contain_text(word)

    block = page.locator(f"[data-testid=call-block][data-visit-id='{dragged['id']}']")
    expect(block).to_contain_text("10:00")
    initials = "".join(w[0] for w in first["name"].split())
    text = block.inner_text()
    assert first["name"] in text or initials in text, text

    # Zoom: fewer hours shown makes the same call wider; compact makes rows lower.
    page.get_by_test_id("board-zoom").select_option("8")
    wide_8 = block.bounding_box()["width"]
    page.get_by_test_id("board-zoom").select_option("4")
    expect(block).to_contain_text(first["name"])  # wide enough for the whole name
    assert block.bounding_box()["width"] > wide_8 * 1.5
    row = page.locator(f".board-row[data-carer-id='{ann}']")
    tall = row.bounding_box()["height"]
    page.get_by_test_id("board-compact").click()
    expect(page.get_by_test_id("board-compact")).to_have_attribute("aria-pressed", "true")
    assert row.bounding_box()["height"] < tall
    page.get_by_test_id("board-compact").click()
    page.get_by_test_id("board-zoom").select_option("8")

    # The map sits beside the board at tablet width.
    row.get_by_role("button", name="Route").click()
    expect(page.get_by_test_id("route-map")).to_be_visible()
    board_box = page.get_by_test_id("day-board").bounding_box()
    map_box = page.get_by_test_id("route-map").bounding_box()
    assert map_box["x"] >= board_box["x"] + board_box["width"] - 1 and map_box["y"] < board_box["y"] + board_box["height"]

    # Drag the 10:00 call from Ann's row to the next carer's row: the Move dialog opens with
    # that carer chosen and the checker's verdict; nothing moves until the planner confirms.
    bea = int(row.locator("xpath=following-sibling::div[1]").get_attribute("data-carer-id"))
    target = page.locator(f".board-row[data-carer-id='{bea}'] .track")
    target.scroll_into_view_if_needed()
    block.scroll_into_view_if_needed()
    start = block.bounding_box()
    goal = target.bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + 10, steps=3)
    page.mouse.move(x, goal["y"] + goal["height"] / 2, steps=8)
    page.mouse.up()
    dialog = page.get_by_role("dialog", name="Move call")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("move-carer")).to_have_value(str(bea))
    expect(dialog.get_by_test_id("move-warnings")).not_to_be_empty()
    expect(dialog.get_by_test_id("move-confirm")).to_be_enabled()
    _, still = api(base_url, f"/calls/{dragged['id']}", planner)
    assert [a["carer_id"] for a in still["assignments"]] == [ann], "a drop alone changes nothing"
    dialog.get_by_test_id("move-confirm").click()
    expect(page.locator(f".board-row[data-carer-id='{bea}'] [data-visit-id='{dragged['id']}']")).to_be_visible()
    _, moved = api(base_url, f"/calls/{dragged['id']}", planner)
    assert [a["carer_id"] for a in moved["assignments"]] == [bea]


def test_a_running_optimise_is_seen_and_stopped_by_a_second_planner_after_the_dialog_closed(tablet, browser, base_url):
    from e2e.staff_helpers import TABLET

    page = tablet
    staff_sign_in(page, base_url, "planner")
    page.goto(f"{base_url}/#/staff/day/{DAY}")
    expect(page.get_by_test_id("optimise")).to_have_attribute("data-date", DAY)
    page.get_by_test_id("optimise").click()
    page.get_by_test_id("optimise-seconds").select_option("60")
    page.get_by_test_id("optimise-start").click()
    expect(page.get_by_test_id("optimise-progress")).to_be_visible()
    page.get_by_role("dialog").get_by_role("button", name="Close").click()
    banner = page.get_by_test_id("job-banner")
    expect(banner.get_by_test_id("banner-progress")).to_have_attribute("data-status", "running", timeout=30_000)

    other = browser.new_context(**TABLET)
    try:
        second = other.new_page()
        staff_sign_in(second, base_url, "manager")  # another member of the office
        second.goto(f"{base_url}/#/staff/day/{DAY}")
        theirs = second.get_by_test_id("job-banner")
        expect(theirs).to_contain_text("Optimise")
        expect(theirs).to_contain_text("started by")
        theirs.get_by_test_id("banner-stop").click()
        expect(theirs.get_by_test_id("banner-progress")).to_have_attribute("data-status", "stopped", timeout=30_000)
    finally:
        other.close()
    # The first planner's board follows: the draft waits to be reviewed, with before -> after.
    expect(banner.get_by_test_id("banner-progress")).to_have_attribute("data-status", "stopped", timeout=30_000)
    banner.get_by_test_id("banner-review").click()
    figures = page.get_by_test_id("draft-figures").first
    expect(figures).to_contain_text("Working rota")
    expect(figures.locator("[data-figure=calls_covered]")).to_be_visible()
    expect(figures.locator("[data-figure=continuity_pct]")).to_be_visible()


def test_live_today_shows_the_alerts_and_a_row_opens_the_call(tablet, base_url):
    page = tablet
    planner = token(base_url, "planner")
    staff_sign_in(page, base_url, "planner")
    page.goto(f"{base_url}/#/staff/live")
    count = page.get_by_test_id("live-alert-count")
    expect(count).to_have_attribute("data-count", re.compile(r"^\d+$"))
    _, live = api(base_url, "/live/today", planner)
    shown = int(count.get_attribute("data-count"))
    assert abs(shown - live["alert_count"]) <= 3  # the clock may have moved on a minute meanwhile
    alerts = page.get_by_test_id("live-alerts").locator("li")
    if shown:
        expect(alerts.first).to_be_visible()
        assert alerts.count() == shown
    first = page.locator("[data-testid=live-calls] li").first
    expect(first.get_by_test_id("live-actual")).to_be_visible()
    first.get_by_role("button").click()
    record = page.get_by_test_id("call-record")
    expect(record).to_contain_text("Recorded")
