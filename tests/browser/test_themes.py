"""Light and dark: the device's choice by default, the person's own once they pick one."""

import pytest
from playwright.sync_api import expect

from portal.accounts.models import User
from tests.accounts.people import HQ_USER, STAFF_PASSWORD, helpdesk, sign_in_in_browser
from tests.browser.axe import describe, violations

pytestmark = pytest.mark.browser

LIGHT_BACKGROUND = "rgb(245, 247, 249)"
DARK_BACKGROUND = "rgb(17, 20, 24)"
USER_PAGE = f"/users/{HQ_USER.tenant_id}/{HQ_USER.group_id}/{HQ_USER.user_id}/"


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).backgroundColor")


def theme_button(page, name: str):
    return page.get_by_role("group", name="Appearance").get_by_role("button", name=name)


def contrast_failures(page) -> list[dict]:
    return [v for v in violations(page) if v["id"] == "color-contrast"]


@pytest.fixture
def harry(transactional_db):
    return helpdesk("harry-themes", "acme")


def test_a_dark_device_gets_the_dark_theme_with_readable_text(browser, live_server, apio, harry):
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        sign_in_in_browser(page, live_server.url, harry.username, STAFF_PASSWORD)
        expect(page.locator("html")).to_have_attribute("data-theme", "system")
        expect(theme_button(page, "Automatic")).to_have_attribute("aria-pressed", "true")
        assert background(page) == DARK_BACKGROUND
        found = {"home": contrast_failures(page)}
        page.goto(live_server.url + USER_PAGE)
        found["user page"] = contrast_failures(page)
        page.get_by_role("link", name="Call forwarding").first.click()
        found["call forwarding"] = contrast_failures(page)
    finally:
        context.close()
    for where, failures in found.items():
        assert not failures, describe(failures, where)


def test_the_chosen_theme_stays_across_reloads_and_sign_ins(browser, live_server, apio, harry):
    dark_device = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 800})
    page = dark_device.new_page()
    try:
        sign_in_in_browser(page, live_server.url, harry.username, STAFF_PASSWORD)
        theme_button(page, "Light").click()
        expect(page.locator("html")).to_have_attribute("data-theme", "light")
        expect(theme_button(page, "Light")).to_have_attribute("aria-pressed", "true")
        expect(theme_button(page, "Automatic")).to_have_attribute("aria-pressed", "false")
        assert background(page) == LIGHT_BACKGROUND

        page.reload()
        expect(page.locator("html")).to_have_attribute("data-theme", "light")
        assert background(page) == LIGHT_BACKGROUND
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        assert background(page) == DARK_BACKGROUND  # signed out: the device decides
        sign_in_in_browser(page, live_server.url, harry.username, STAFF_PASSWORD)
        expect(page.locator("html")).to_have_attribute("data-theme", "light")
        assert background(page) == LIGHT_BACKGROUND
    finally:
        dark_device.close()
    assert User.objects.get(pk=harry.pk).theme == "light"


def test_dark_can_be_chosen_on_a_light_device_and_automatic_follows_it_again(
    browser, live_server, apio, harry
):
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        sign_in_in_browser(page, live_server.url, harry.username, STAFF_PASSWORD)
        assert background(page) == LIGHT_BACKGROUND
        theme_button(page, "Dark").click()
        expect(page.locator("html")).to_have_attribute("data-theme", "dark")
        assert background(page) == DARK_BACKGROUND
        page.goto(live_server.url + USER_PAGE)
        assert background(page) == DARK_BACKGROUND
        dark_failures = contrast_failures(page)

        theme_button(page, "Automatic").click()
        expect(page.locator("html")).to_have_attribute("data-theme", "system")
        assert background(page) == LIGHT_BACKGROUND
    finally:
        context.close()
    assert not dark_failures, describe(dark_failures, "user page, dark chosen")
