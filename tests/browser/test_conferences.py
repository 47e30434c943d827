"""A host keeps a weekly team call in Chromium: scheduled on Monday and Wednesday at 09:30
for ten times, made open (reservationless), given a delegate and back, and deleted; each
change followed until applied, and what the sandbox APIO received compared with the contract."""

import contextlib
import re
import time

import pytest
from playwright.sync_api import expect

from portal.accounts.models import TenantPolicy
from portal.apio import paths
from portal.core import UserRef
from tests.accounts.people import HQ_USER, OTHER_USER_ID, sign_in_in_browser
from tests.browser.rules import APPLIED, APPLIED_TIMEOUT
from tests.contract.examples import contract_examples
from tests.sandbox_process import USER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.integration]

BRIDGE = "bridge-hq@acme.example"
CREATE = paths.meet_me_new_conference(HQ_USER, BRIDGE)


def contract_example(method: str, path: str, title: str) -> dict:
    """The body of the contract's example of this call for a conference of this title."""
    for example in contract_examples():
        body = example.body or {}
        if (example.method, example.path, body.get("title")) == (method, path, title):
            return body
    raise AssertionError(f"the contract has no {method} {path} example for {title!r}")


def wait_applied(page, what: str) -> None:
    region = page.locator("#conferences-status")
    line = region.get_by_role("listitem").filter(has_text=re.compile(rf"^\s*{re.escape(what)},"))
    expect(line.first).to_be_visible()
    expect(line.first.locator(".status")).to_have_text(APPLIED, timeout=APPLIED_TIMEOUT)


def sent(sandbox, method: str, path: str) -> list[dict]:
    return [r["body"] for r in sandbox.requests() if (r["method"], r["path"]) == (method, path)]


def read(sandbox, path: str) -> dict:
    with contextlib.closing(sandbox.client()) as client:
        return client.get(path).json()


def hosted(sandbox) -> dict[str, dict]:
    listed = read(sandbox, paths.meet_me_conferences(HQ_USER))["conferences"]
    return {entry["title"]: entry for entry in listed}


def delegates_of(sandbox, path: str, wanted: int) -> list[str]:
    """The delegates' user ids once there are `wanted` of them (the change applied)."""
    deadline = time.monotonic() + APPLIED_TIMEOUT / 1000
    while True:
        found = [d["userId"] for d in read(sandbox, path)["delegates"]]
        if len(found) == wanted or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_host_keeps_a_weekly_team_call(page, live_server, apio, celery_worker):
    TenantPolicy.objects.update_or_create(
        tenant_id=HQ_USER.tenant_id, defaults={"end_user_features": ["conferences"]}
    )
    sign_in_in_browser(page, live_server.url, HQ_USER.user_id, USER_PASSWORD)
    page.get_by_role("link", name=re.compile("^Meet-me conferences")).click()
    page.get_by_role("link", name="Schedule a conference").click()

    # Scheduled: every week on Monday and Wednesday at 09:30, ten times.
    page.get_by_label("Bridge").select_option(BRIDGE)
    page.get_by_label("Title").fill("Team call")
    page.get_by_label("Repeating").check()
    page.get_by_label("Every week, on chosen days").check()
    page.get_by_label("Monday", exact=True).check()
    page.get_by_label("Wednesday", exact=True).check()
    page.get_by_label("After a number of times").check()
    page.get_by_label("How many times").fill("10")
    expect(page.get_by_label("Monday", exact=True)).to_be_checked()  # kept through the redraw
    page.get_by_label("Starts").fill("2027-01-04T09:30")
    page.get_by_label("Hours").fill("1")
    page.get_by_label("Minutes").fill("0")
    expect(page.get_by_label("Title")).to_have_value("Team call")  # kept through each choice
    page.get_by_label("At most").fill("10")
    page.get_by_role("button", name="Schedule the conference").click()
    wait_applied(page, "New conference “Team call”")
    assert sent(apio, "POST", CREATE) == [contract_example("POST", CREATE, "Team call")]
    team_call = hosted(apio)["Team call"]
    assert team_call["type"] == "Recurring Weekly"
    row = page.locator("#conferences tbody tr").filter(has_text="Team call")
    expect(row).to_contain_text("Every week")

    # Made open: participants join any time from the start.
    page.get_by_role("link", name="Edit Team call").click()
    expect(page.get_by_label("Starts")).to_have_value("2027-01-04T09:30")  # the host's time
    page.get_by_label("Open: participants join any time from the start").check()
    expect(page.get_by_label("Ends")).to_be_visible()  # its fields drawn in place of the others
    page.get_by_label("Starts").fill("2027-01-04T09:30")
    page.get_by_role("button", name="Save the conference").click()
    wait_applied(page, "Conference “Team call” changed")
    conference = paths.meet_me_conference(HQ_USER, BRIDGE, team_call["conferenceId"])
    schedule = {"scheduleReservationless": {"startTime": "2027-01-04T09:30:00.000+01:00"}}
    assert sent(apio, "PUT", conference) == [{"conferenceSchedule": schedule}]
    assert read(apio, conference)["conferenceSchedule"] == schedule
    expect(page.locator("#conferences tbody tr").filter(has_text="Team call")).to_contain_text(
        "Reservationless"
    )

    # A delegate found by name, added, then removed.
    page.get_by_role("link", name="Edit Team call").click()
    colleague = read(apio, paths.user(UserRef(HQ_USER.tenant_id, HQ_USER.group_id, OTHER_USER_ID)))
    name = f"{colleague['firstName']} {colleague['lastName']}"
    page.get_by_label("Find a person to add").fill(
        f"{colleague['lastName']} {colleague['firstName']}"
    )
    page.get_by_role("button", name="Search").click()
    page.get_by_role("list", name="People found").get_by_role("button", name=f"Add {name}").click()
    delegates = paths.meet_me_part(HQ_USER, BRIDGE, team_call["conferenceId"], "delegates")
    section = page.locator("#delegates")
    expect(section).to_contain_text(name)
    assert len(delegates_of(apio, delegates, 1)) == 1
    section.get_by_role("button", name=f"Remove {name}").click()
    expect(section).to_contain_text("No delegates.")
    assert delegates_of(apio, delegates, 0) == []

    # Deleted, once asked.
    page.goto(f"{live_server.url}/me/conferences/")
    page.get_by_role("link", name="Delete Team call").click()
    page.get_by_role("button", name="Delete the conference").click()
    wait_applied(page, "Conference “Team call” deleted")
    assert "Team call" not in hosted(apio)
    expect(page.locator("#conferences tbody tr").filter(has_text="Team call")).to_have_count(0)
