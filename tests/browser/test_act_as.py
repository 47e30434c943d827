"""A helpdesk person acts as a user in a real browser: banner, the user's own screens, audit."""

import re

import pytest
from playwright.sync_api import expect

from portal.accounts.models import AuditEntry
from tests.accounts.people import HQ_USER, STAFF_PASSWORD, helpdesk

pytestmark = pytest.mark.browser

NEW_DESTINATION = "+3225550177"
NEW_DESTINATION_AS_WRITTEN = "02 555 01 77"  # as people in Belgium write it


@pytest.fixture
def no_broker(monkeypatch):
    # Nothing consumes the queue in this test (the audit entry exists once the change is
    # submitted): keep the broker free of tasks that a later test's worker would pick up.
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda change_id, **kw: False)


def test_helpdesk_acts_as_a_user_and_the_audit_names_both(
    page, live_server, apio, transactional_db, no_broker
):
    helpdesk("harry", "acme")

    page.goto(f"{live_server.url}/")
    page.get_by_label("User name").fill("harry")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Welcome, harry").wait_for()

    page.goto(f"{live_server.url}/users/{HQ_USER.tenant_id}/{HQ_USER.group_id}/{HQ_USER.user_id}/")
    page.get_by_role("button", name="Act as this user").click()
    banner = page.get_by_role("status").filter(has_text="You are acting for")
    expect(banner).to_contain_text(f"You are acting for {HQ_USER.user_id}")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My settings").click()
    page.get_by_role("link", name="Call forwarding").click()
    always = page.locator("#section-always")
    always.get_by_label("Forward to").fill(NEW_DESTINATION)
    always.get_by_role("button", name="Save forward always").click()
    # The section is swapped in place once the change is queued.
    expect(page.locator("#section-always .section-change")).to_contain_text("Last change")
    expect(banner).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit").click()
    row = page.locator("tbody tr").filter(has_text="Forward always")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(re.compile(rf"You,\s+acting for {re.escape(HQ_USER.user_id)}"))
    expect(row).to_contain_text(f"Forward always: to {NEW_DESTINATION_AS_WRITTEN}")

    entry = AuditEntry.objects.get(feature="call-forwarding/always")
    assert (entry.actor.username, entry.acting_for) == ("harry", HQ_USER.user_id)
