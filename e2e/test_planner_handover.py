"""A planner logs a family's call with a follow-up, then marks it actioned in the morning handover."""

from playwright.sync_api import expect

from e2e.staff_helpers import staff_sign_in


def test_planner_logs_a_familys_call_and_actions_it_in_the_handover(tablet, base_url):
    page = tablet
    staff_sign_in(page, base_url, "planner")
    page.get_by_role("link", name="Handover").click()
    form = page.get_by_test_id("log-call")
    form.get_by_label("About").select_option(index=1)
    client_name = form.get_by_label("About").locator("option:checked").inner_text()
    form.get_by_label("From").select_option("family")
    form.get_by_label("Name").fill("Son, Reg")
    form.get_by_label("What they said").fill("Dad has a dentist appointment on Thursday at 10:00")
    form.get_by_label("Follow-up (optional)").fill("Move Thursday's morning call earlier")
    form.get_by_role("button", name="Log it").click()
    item = page.get_by_test_id("handover-item").filter(has_text="Dad has a dentist appointment")
    expect(item).to_contain_text(client_name)
    item.get_by_role("button", name="Mark actioned").click()
    expect(item).to_contain_text("Actioned by Pat Service-Planner")
