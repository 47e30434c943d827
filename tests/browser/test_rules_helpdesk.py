"""Helpdesk staff set rules for a user they find: a selective forwarding rule, then a selective
call rejection rule for forwarded calls, each followed until applied and read back from APIO."""

import pytest
from playwright.sync_api import expect

from portal.core import UserRef
from tests.accounts.people import STAFF_PASSWORD, helpdesk, sign_in_in_browser
from tests.browser.rules import (
    add_evenings,
    criteria_of,
    evenings,
    expect_evenings_listed,
    expect_listed,
    new_rule,
    open_rules_of,
    rule_names,
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


def rules_of_the_user(page, sandbox, service: str, feature: str, rule: str) -> None:
    """The user's rules of `feature`, reached as staff do, where `rule` is not yet."""
    assert rule not in rule_names(sandbox, OTHER, service)
    find_user(page, sandbox, OTHER)
    open_rules_of(page, feature)


def test_helpdesk_sets_an_evenings_forward_for_a_user(helpdesk_page, apio):
    page = helpdesk_page
    rules_of_the_user(page, apio, FORWARDING, "Selective forwarding", "Evenings")

    add_evenings(page, "Weekend — the group's")
    assert criteria_of(apio, OTHER, FORWARDING, "Evenings") == evenings(
        {"name": "Weekend", "level": "Group"}
    )
    expect_evenings_listed(page, "Weekend (the group's)")


def test_helpdesk_rejects_forwarded_calls_for_a_user(helpdesk_page, apio):
    page = helpdesk_page
    rules_of_the_user(page, apio, REJECTION, "Reject some calls", "Forwarded calls")

    new_rule(page, "Forwarded calls")
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
    expect_listed(page, "Forwarded calls", "Forwarded calls", "Rejected")  # who calls, and how
