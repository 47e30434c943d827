"""The generated forms in a real browser, under the site's Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from portal.accounts.models import Role, User

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_page(page, live_server, transactional_db):
    User.objects.create_user("gallery", password="gallery-pass", role=Role.ADMIN, is_staff=True)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill("gallery")
    page.get_by_label("Password").fill("gallery-pass")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    yield page
    assert refused == []


def settle(page) -> None:
    """Wait until htmx has swapped and wired the new content (a person is slower than this).

    (No wait_for_function: the page's CSP forbids the eval it relies on.)
    """
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    expect(page.locator(busy)).to_have_count(0)


def choose(page, label: str, value: str) -> None:
    page.get_by_label(label).select_option(value)
    settle(page)


def test_choosing_a_schedule_kind_reveals_it_and_keeps_what_was_typed(staff_page, live_server):
    page = staff_page
    page.goto(f"{live_server.url}/definitions/meet_me_conference_instance/PUT/")
    page.get_by_label("Title").fill("Weekly sync")
    choose(page, "Use conference schedule", "set")
    choose(page, "Use schedule recurring", "set")
    choose(page, "Use recurrence", "set")
    choose(page, "Use recur weekly", "set")
    page.get_by_label("Monday").check()
    assert page.get_by_label("Title").input_value() == "Weekly sync"
    # Keyboard users keep their place: the select swapped in by htmx gets the focus back.
    daily = page.get_by_label("Use recur daily")
    daily.focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator("[name$='recurDaily-recurInterval']")).to_have_count(1)
    settle(page)
    assert daily.evaluate("e => e === document.activeElement")
    page.keyboard.press("ArrowUp")
    expect(page.locator("[name$='recurDaily-recurInterval']")).to_have_count(0)
    settle(page)
    page.get_by_role("button", name="Check and show the payload").click()
    payload = page.locator(".payload pre").inner_text()
    assert '"Monday": true' in payload
    assert '"title": "Weekly sync"' in payload


def test_rows_are_added_and_removed(staff_page, live_server):
    page = staff_page
    page.goto(f"{live_server.url}/definitions/criteria_from_dn/POST/")
    choose(page, "Selection", "Specified Only")
    entries = page.get_by_label("Phone numbers, one entry")
    entries.first.fill("02 555 12 34")
    page.get_by_role("button", name="Add an entry to Phone numbers").click()
    expect(page.locator("#id_phoneNumbers_entries li")).to_have_count(2)
    entries.nth(1).fill("+32475123456")
    page.get_by_role("button", name="Add an entry to Phone numbers").click()
    expect(page.locator("#id_phoneNumbers_entries li")).to_have_count(3)
    page.get_by_role("button", name="Remove this entry").nth(2).click()
    expect(page.locator("#id_phoneNumbers_entries li")).to_have_count(2)
    page.get_by_role("button", name="Check and show the payload").click()
    payload = page.locator(".payload pre").inner_text()
    assert '"+3225551234"' in payload
    assert '"+32475123456"' in payload


def test_form_fits_a_phone(browser, live_server, staff_page):
    context = browser.new_context(
        viewport={"width": 375, "height": 700}, is_mobile=True, storage_state=None
    )
    context.add_cookies(staff_page.context.cookies())
    page = context.new_page()
    page.goto(f"{live_server.url}/definitions/meet_me_conference_instance/POST/")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375
