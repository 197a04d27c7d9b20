"""The app served by `carerun up` opens in Chromium."""


def test_app_shell_loads(page, base_url):
    response = page.goto(base_url + "/")
    assert response.status == 200
    assert "Carerun" in page.title()
