"""The carer app installs: Chromium itself reports no installability or manifest errors
(the Lighthouse-style audit with scores is scripts/audit_pwa.py)."""

import pytest

from e2e.carer_helpers import PHONE, carer_with_calls, sign_in, wait_for_service_worker


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE}


def test_chromium_finds_the_app_installable(page, context, base_url):
    carer, _ = carer_with_calls(base_url)  # the run screen shows once there are calls
    sign_in(page, base_url, carer["username"])
    wait_for_service_worker(page)
    session = context.new_cdp_session(page)
    manifest = session.send("Page.getAppManifest")
    assert manifest["url"] == base_url + "/manifest.webmanifest"
    assert manifest["errors"] == []
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito, which Chromium never installs from; everything else
    # must pass (scripts/audit_pwa.py checks in a normal profile, where the list is empty).
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
