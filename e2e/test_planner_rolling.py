"""Journey: the planner, on a tablet, makes the calls of a week beyond the rolling four weeks
from client defaults in one go (a range, not day by day); each call comes with its carer from
the master rota, and the board shows that week's runs without an unallocated call."""

import datetime as dt

from playwright.sync_api import expect

from e2e.carer_helpers import api, token
from e2e.staff_helpers import staff_sign_in, wait_until_no_solver_job
from api.domain.shared.common import server_today


def test_planner_makes_a_week_of_calls_with_their_master_rota_carers(tablet, base_url):
    page = tablet
    planner = token(base_url, "planner")
    wait_until_no_solver_job(base_url, planner, timeout=240)  # an earlier journey's job has ended
    first = server_today() + dt.timedelta(days=29)  # the demo's rolling rota reaches 28 days
    last = first + dt.timedelta(days=6)
    _, before = api(base_url, f"/assignments?start={first}&end={last}", planner)
    assert before == [], "nothing is generated beyond the four weeks yet"

    staff_sign_in(page, base_url, "planner")
    page.goto(f"{base_url}/#/staff/day/{first}")
    expect(page.get_by_role("heading", name="Unallocated calls (0)")).to_be_visible()  # no calls yet
    page.get_by_test_id("calls-from-defaults").click()
    page.get_by_test_id("roll-from").fill(first.isoformat())
    page.get_by_test_id("roll-to").fill(last.isoformat())
    page.get_by_test_id("roll-start").click()
    result = page.get_by_test_id("roll-result")
    expect(result).to_contain_text("Done:", timeout=120_000)  # a background job; wait for its answer
    expect(result).to_contain_text("given their carer from the master rota")
    expect(result).to_contain_text("0 left for you to allocate")
    page.keyboard.press("Escape")

    expect(page.get_by_test_id("call-block").first).to_be_visible()
    expect(page.get_by_role("heading", name="Unallocated calls (0)")).to_be_visible()
    _, after = api(base_url, f"/assignments?start={first}&end={last}", planner)
    assert {a["date"] for a in after} == {(first + dt.timedelta(days=d)).isoformat() for d in range(7)}
