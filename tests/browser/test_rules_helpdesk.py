"""Helpdesk staff set rules for a user they find: a selective forwarding rule, then a selective
call rejection rule for forwarded calls, each followed until applied and read back from APIO."""

import pytest
from playwright.sync_api import expect

from portal.core import UserRef
from tests.accounts.people import STAFF_PASSWORD, helpdesk, sign_in_in_browser
from tests.browser.rules import (
    choose_time_schedule,
    criteria_of,
    forward_to_another_number,
    open_rules_of,
    rule_name,
    rule_names,
    rule_row,
    set_callers,
    wait_applied,
)
from tests.features.conftest import user_of

pytestmark = [pytest.mark.browser, pytest.mark.integration]

# A user of another group, with both services and neither rule yet.
OTHER = UserRef("acme", "acme-support", "user00004@acme.example")
FORWARDING = "call_forwarding_selective"
REJECTION = "selective_call_rejection"


@pytest.fixture
def helpdesk_page(page, live_server, celery_worker):
    person = helpdesk("hd-rules", OTHER.tenant_id)
    sign_in_in_browser(page, live_server.url, person.username, STAFF_PASSWORD)
    return page


def find_user(page, sandbox, ref: UserRef) -> None:
    details = user_of(sandbox, ref.user_id)
    page.get_by_role("link", name="Find a user").click()
    page.get_by_label("Name, user id, phone number or extension").fill(ref.user_id)
    result = page.locator("#results").get_by_role("link", name=details["lastName"])
    expect(result).to_have_count(1)
    result.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(details["lastName"])


def test_helpdesk_sets_an_evenings_forward_for_a_user(helpdesk_page, apio):
    page = helpdesk_page
    assert "Evenings" not in rule_names(apio, OTHER, FORWARDING)
    find_user(page, apio, OTHER)
    open_rules_of(page, "Selective forwarding")

    page.get_by_role("link", name="Add a rule").click()
    rule_name(page).fill("Evenings")
    choose_time_schedule(page, "Weekend — the group's")
    set_callers(page, ["02 555 00 01", "02 555 00 02"])
    forward_to_another_number(page, "0470 12 34 56")
    page.get_by_role("button", name="Add the rule").click()
    wait_applied(page, "New rule Evenings")
    assert criteria_of(apio, OTHER, FORWARDING, "Evenings") == {
        "name": "Evenings",
        "active": True,
        "fromDnCriteria": {
            "selection": "Specified Only",
            "includeAnonymousCallers": False,
            "includeUnavailableCallers": False,
            "phoneNumbers": ["+3225550001", "+3225550002"],
        },
        "timeSchedule": {"name": "Weekend", "level": "Group"},
        "forwardToNumberSelection": "Forward To Specified Number",
        "forwardToPhoneNumber": "+32470123456",
    }
    page.reload()
    row = rule_row(page, "Evenings")
    for shown in ("On", "02 555 00 01, 02 555 00 02", "Weekend (the group's)", "0470 12 34 56"):
        expect(row).to_contain_text(shown)


def test_helpdesk_rejects_forwarded_calls_for_a_user(helpdesk_page, apio):
    page = helpdesk_page
    assert "Forwarded calls" not in rule_names(apio, OTHER, REJECTION)
    find_user(page, apio, OTHER)
    open_rules_of(page, "Reject some calls")

    page.get_by_role("link", name="Add a rule").click()
    rule_name(page).fill("Forwarded calls")
    page.get_by_label("Calls forwarded to this line").check()
    page.get_by_label("Reject these calls").check()
    page.get_by_role("button", name="Add the rule").click()
    wait_applied(page, "New rule Forwarded calls")
    stored = criteria_of(apio, OTHER, REJECTION, "Forwarded calls")
    # No numbers: the platform may say so with an empty list, or leave the list out.
    stored["fromDnCriteria"].setdefault("phoneNumbers", [])
    assert stored == {
        "name": "Forwarded calls",
        "active": True,
        "fromDnCriteria": {
            "selection": "Forwarded",
            "includeAnonymousCallers": False,
            "includeUnavailableCallers": False,
            "phoneNumbers": [],
        },
        "doNotPerformAction": False,
    }
    page.reload()
    row = rule_row(page, "Forwarded calls")
    expect(row).to_contain_text("Forwarded calls")  # who calls
    expect(row).to_contain_text("Rejected")
