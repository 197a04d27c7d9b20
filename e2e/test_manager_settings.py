"""Journey: a manager changes an agency setting on the Settings screen and sees it kept, with
a refusal naming the setting when a value is out of range."""

from playwright.sync_api import expect

from e2e.staff_helpers import staff_sign_in


def test_manager_changes_a_setting(tablet, base_url):
    page = tablet
    staff_sign_in(page, base_url, "manager")
    page.get_by_role("link", name="Settings").click()
    port = page.get_by_label("E-mail server port")
    port.fill("70000")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("smtp_port: must be at most 65535")
    port.fill("2525")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Saved 1 setting")
    page.reload()
    expect(page.get_by_label("E-mail server port")).to_have_value("2525")
    page.get_by_label("E-mail server port").fill("")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Saved 1 setting")
