"""A helpdesk person with only a keyboard: signs in, finds a user, turns on forwarding when busy.

No clicks and no filling of fields: Tab moves the focus, Enter follows a link or presses a
button, Space turns a switch on, and the keyboard types. Each stop is checked to be where the
person expects it, with a focus ring they can see; turning the switch on leaves the focus on it;
and the outcome is read where a screen reader hears it: in the section's live status region, one
that was on the page before the save.
"""

import contextlib
import re

import pytest
from playwright.sync_api import expect

from portal.changes.models import ChangeStatus
from tests.accounts.people import STAFF_PASSWORD, helpdesk
from tests.features.conftest import ALL_SERVICES, user_of
from tests.features.test_browser import settle

pytestmark = [pytest.mark.browser, pytest.mark.integration]

APPLIED_TIMEOUT = 30_000
MOST_TABS = 60
CFB = (
    f"/api/v1/tenants/{ALL_SERVICES.tenant_id}/groups/{ALL_SERVICES.group_id}/users/"
    f"{ALL_SERVICES.user_id}/services/cfb/"
)
IS_FOCUSED = "el => el === document.activeElement"
# What the focused element shows: an outline or a ring drawn as a shadow.
FOCUS_RING = """el => {
    const style = getComputedStyle(el);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
        || style.boxShadow !== "none";
}"""


def tab_to(page, target, what: str) -> None:
    """Press Tab until the target has the focus, and see that it shows it."""
    expect(target).to_have_count(1)
    for _ in range(MOST_TABS):
        if target.evaluate(IS_FOCUSED):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"{MOST_TABS} presses of Tab never reached {what}")
    assert target.evaluate(FOCUS_RING), f"{what} has the focus but shows no focus ring"


def test_forward_when_busy_with_the_keyboard_alone(
    page, live_server, apio, celery_worker, transactional_db
):
    person = helpdesk("hd-keys", "acme")
    details = user_of(apio, ALL_SERVICES.user_id)
    with contextlib.closing(apio.client()) as client:  # forwarding when busy starts off
        client.put(CFB, json={"active": False}).raise_for_status()

    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, page.get_by_label("User name"), "the user name field")
    page.keyboard.type(person.username)
    tab_to(page, page.get_by_label("Password"), "the password field")
    page.keyboard.type(STAFF_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible()

    menu = page.get_by_role("navigation", name="Main")
    tab_to(page, menu.get_by_role("link", name="Find a user"), 'the menu\'s "Find a user"')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Find a user")).to_be_visible()

    search = page.get_by_label("Name, user id, phone number or extension")
    tab_to(page, search, "the search field")
    page.keyboard.type(details["lastName"])
    page.keyboard.press("Enter")
    result = page.locator("#results").get_by_role("link", name=details["lastName"])
    expect(result).to_be_visible()
    settle(page)
    tab_to(page, result, "the user found")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(details["lastName"])

    tab_to(page, page.get_by_role("link", name="Call forwarding"), 'the link "Call forwarding"')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Call forwarding")

    section = page.get_by_role("region", name="Forward when busy")
    switch = section.get_by_role("switch")
    tab_to(page, switch, 'the on-off switch of "Forward when busy"')
    expect(switch).not_to_be_checked()
    page.keyboard.press("Space")
    expect(switch).to_be_checked()
    settle(page)  # the destination may be redrawn for the switch: the focus stays on it
    assert switch.evaluate(IS_FOCUSED), "turning the switch on took the focus away from it"

    tab_to(page, section.get_by_label("Forward to"), 'the number to forward to ("Forward to")')
    page.keyboard.type("0470 12 34 56")
    save = section.get_by_role("button", name="Save forward when busy")
    tab_to(page, save, 'the button "Save forward when busy"')
    # A screen reader speaks the changes of a live region already on the page, not one that
    # arrives with its words: the section's status region is there before the save.
    live = section.locator("[aria-live]:not([aria-live=off]), [role=status]")
    expect(live).not_to_have_count(0)
    live.evaluate_all("els => els.forEach(e => { e.dataset.beforeSave = 'here'; })")
    page.keyboard.press("Enter")

    applied = str(ChangeStatus.APPLIED.label)
    said = live.filter(has_text=re.compile(rf"\b{re.escape(applied)}\b"))
    expect(said).not_to_have_count(0, timeout=APPLIED_TIMEOUT)
    assert said.evaluate_all("els => els.some(e => e.dataset.beforeSave === 'here')"), (
        f'"{applied}" was shown in a status region drawn anew, which screen readers do not read'
    )

    stored = apio.object(CFB)
    assert (stored["active"], stored["destination"]) == (True, "+32470123456")
