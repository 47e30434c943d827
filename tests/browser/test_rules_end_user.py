"""An end user on their phone: a selective forwarding rule added, changed, turned off and
deleted in Chromium, each change followed until applied and read back from the sandbox APIO."""

import pytest
from playwright.sync_api import expect

from portal.accounts.models import TenantPolicy
from portal.changes.models import PendingChange
from tests.accounts.people import HQ_USER, sign_in_in_browser
from tests.browser.rules import (
    add_evenings,
    criteria_of,
    evenings,
    expect_evenings_listed,
    open_rules_of,
    other_number,
    rule_names,
    rule_row,
    set_callers,
    shown_callers,
    wait_applied,
)
from tests.browser.test_layout import PHONE
from tests.sandbox_process import USER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SERVICE = "call_forwarding_selective"
EVENINGS = evenings({"name": "Acme night service", "level": "Tenant"})


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_an_end_user_keeps_an_evenings_rule(phone_page, live_server, apio, celery_worker):
    page = phone_page
    TenantPolicy.objects.update_or_create(
        tenant_id=HQ_USER.tenant_id,
        defaults={"end_user_features": ["call-forwarding", "selective-forwarding"]},
    )
    assert "Evenings" not in rule_names(apio, HQ_USER, SERVICE)
    sign_in_in_browser(page, live_server.url, HQ_USER.user_id, USER_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("My settings")  # lands there
    open_rules_of(page, "Selective forwarding")

    # Added: calls from two numbers, at night, forwarded to a mobile.
    add_evenings(page, "Acme night service — the organisation's")
    assert criteria_of(apio, HQ_USER, SERVICE, "Evenings") == EVENINGS
    expect_evenings_listed(page, "Acme night service (the organisation's)")

    # Changed: a third caller, and another number to forward to.
    page.get_by_role("link", name="Edit Evenings").click()
    assert shown_callers(page) == ["+3225550001", "+3225550002"]
    set_callers(page, ["02 555 00 01", "02 555 00 02", "0479 11 22 33"])
    other_number(page).fill("0470 65 43 21")
    page.get_by_role("button", name="Save the rule").click()
    wait_applied(page, "Rule Evenings changed")
    changed = {
        **EVENINGS,
        "fromDnCriteria": {
            **EVENINGS["fromDnCriteria"],
            "phoneNumbers": ["+3225550001", "+3225550002", "+32479112233"],
        },
        "forwardToPhoneNumber": "+32470654321",
    }
    assert criteria_of(apio, HQ_USER, SERVICE, "Evenings") == changed

    # Turned off from the list: the row follows without a reload.
    page.get_by_role("button", name="Turn off Evenings").click()
    wait_applied(page, "Rule Evenings turned off")
    assert criteria_of(apio, HQ_USER, SERVICE, "Evenings") == {**changed, "active": False}
    expect(rule_row(page, "Evenings")).to_contain_text("Off")
    expect(
        rule_row(page, "Evenings").get_by_role("button", name="Turn on Evenings")
    ).to_be_visible()
    expect(rule_row(page, "Evenings")).to_contain_text("0479 11 22 33")

    # Deleted, once the person confirms it in the row: not before.
    page.get_by_role("link", name="Delete Evenings").click()
    asked = page.get_by_role("group", name="Delete the rule “Evenings”?")
    expect(asked.get_by_role("button", name="Yes, delete it")).to_be_focused()
    asked.get_by_role("button", name="No, keep it").click()
    expect(page.get_by_role("link", name="Delete Evenings")).to_be_focused()
    expect(rule_row(page, "Evenings")).to_contain_text("Off")
    assert not PendingChange.objects.filter(method="DELETE").exists()
    page.get_by_role("link", name="Delete Evenings").click()
    page.get_by_role("button", name="Yes, delete it").click()
    wait_applied(page, "Rule Evenings deleted")
    assert criteria_of(apio, HQ_USER, SERVICE, "Evenings") is None
    # The list follows by itself: no reload needed.
    expect(rule_row(page, "Evenings")).to_have_count(0)
    expect(page.locator("#rules tbody tr")).not_to_have_count(0)  # the other rules stay
