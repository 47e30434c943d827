"""The platform admin reaches any call center's agents from the menu, in a real browser; an
address that leads nowhere shows the portal's own page, styled, with a way on."""

import pytest
from playwright.sync_api import expect

from tests.accounts.people import STAFF_PASSWORD, platform_admin, sign_in_in_browser

pytestmark = pytest.mark.browser


def test_the_admin_opens_a_call_centers_agents_from_the_menu(
    page, live_server, apio, transactional_db
):
    platform_admin("ada")
    sign_in_in_browser(page, live_server.url, "ada", STAFF_PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Call centers").click()
    page.get_by_role("link", name="Acme HQ").click()
    page.get_by_role("link", name="Helpdesk").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Helpdesk")
    expect(page.get_by_text("Supervised by:")).to_be_visible()
    agent = page.locator("tbody tr").first.get_by_role("link")
    name = agent.inner_text()
    agent.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def test_an_address_that_leads_nowhere_is_the_portals_page(page, live_server, transactional_db):
    platform_admin("ada")
    sign_in_in_browser(page, live_server.url, "ada", STAFF_PASSWORD)

    response = page.goto(f"{live_server.url}/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    # In the portal's look: its stylesheet drew the top bar.
    background = page.locator(".topbar").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(27, 31, 36)"
    page.get_by_role("link", name="Go to the home page").click()
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible()
