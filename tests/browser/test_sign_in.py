import pytest

from demo.accounts import DEMO_ACCOUNTS, ensure_demo_accounts

pytestmark = pytest.mark.browser

HELPDESK = next(a for a in DEMO_ACCOUNTS if a.username == "helpdesk")


@pytest.fixture
def demo_accounts(transactional_db):
    return ensure_demo_accounts()


def sign_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_demo_helpdesk_signs_in_and_sees_home(page, live_server, demo_accounts):
    sign_in(page, live_server, HELPDESK.username, HELPDESK.password)
    page.get_by_role("heading", name="Welcome, Harry Helpdesk").wait_for()
    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_wrong_password_shows_error(page, live_server, demo_accounts):
    sign_in(page, live_server, HELPDESK.username, "not-the-password")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Wrong user name or password" in alert.inner_text()
    assert "/accounts/login/" in page.url


def test_sign_in_page_fits_a_phone(browser, live_server, demo_accounts):
    context = browser.new_context(viewport={"width": 375, "height": 700}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    button = page.get_by_role("button", name="Sign in").bounding_box()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert scroll_width <= 375
    assert button["x"] + button["width"] <= 375
