"""Steps shared by the rule tests in Chromium: a rule's form filled as a person fills it, the
change followed in the rules' status region, and the rule as the platform then holds it; and
the rule and schedule pages checked with axe, on a desktop and on a phone."""

import contextlib
import re
from urllib.parse import quote

from playwright.sync_api import expect

from portal.changes.models import ChangeStatus
from portal.core import UserRef
from portal.directory.phone import to_e164
from tests.accounts.people import STAFF_PASSWORD, sign_in_in_browser
from tests.browser.axe import describe, serious_violations
from tests.browser.test_layout import PHONE, WIDTH_PROBE
from tests.features.test_browser import settle

APPLIED_TIMEOUT = 30_000
APPLIED = str(ChangeStatus.APPLIED.label)


def criteria_path(ref: UserRef, service: str, name: str = "") -> str:
    base = (
        f"/api/v1/tenants/{ref.tenant_id}/groups/{ref.group_id}/users/{ref.user_id}"
        f"/services/{service}/criteria/"
    )
    return f"{base}{quote(name, safe='')}/" if name else base


def criteria_of(sandbox, ref: UserRef, service: str, name: str) -> dict | None:
    """One rule as APIO answers its GET; None when the platform has no rule of that name."""
    with contextlib.closing(sandbox.client()) as client:
        response = client.get(criteria_path(ref, service, name))
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return response.json()


def rule_names(sandbox, ref: UserRef, service: str) -> set[str]:
    with contextlib.closing(sandbox.client()) as client:
        response = client.get(criteria_path(ref, service).removesuffix("criteria/"))
    response.raise_for_status()
    return {rule["name"] for rule in response.json()["criteria"]}


def wait_applied(page, what: str) -> None:
    """The rules' status region lists the change (e.g. "New rule Evenings") until it says
    "Applied": the region is on the page when it arrives, and polls the change's status."""
    region = page.locator("#rules").get_by_role("status")
    line = region.get_by_role("listitem").filter(has_text=re.compile(rf"^\s*{re.escape(what)},"))
    expect(line).to_have_count(1)
    expect(line.locator(".status")).to_have_text(APPLIED, timeout=APPLIED_TIMEOUT)


def rule_row(page, name: str):
    """The rule's row in the list, found by the name heading it."""
    heading = page.locator("th[scope=row]", has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))
    return page.locator("#rules tbody tr").filter(has=heading)


def starting(words: str) -> re.Pattern:
    """A label that starts with these words: a required field's label ends with "required"."""
    return re.compile(rf"^{re.escape(words)}\b")


def rule_name(page):
    return page.get_by_label(starting("Name"))


def callers(page):
    return page.locator("input[name='rule-fromDnCriteria-phoneNumbers']")


def shown_callers(page) -> list[str | None]:
    """The numbers of the callers' entries, as numbers (however the form spells them)."""
    values = callers(page).evaluate_all("els => els.map(e => e.value)")
    return [to_e164(value) for value in values if value.strip()]


def set_callers(page, numbers: list[str]) -> None:
    """Only these callers, with these numbers: entries added with "Add an entry" as needed."""
    page.get_by_label("Only these callers").check()
    fields = callers(page)
    while fields.count() < len(numbers):
        page.get_by_role("button", name="Add an entry").click()
        settle(page)
    for field, number in zip(fields.all(), numbers, strict=False):
        field.fill(number)


def choose_time_schedule(page, choice: str) -> None:
    """Only during a schedule (the form draws its choices), then the schedule, offered with
    whose it is ("Weekend — the group's")."""
    schedule = page.get_by_role("group", name="Time schedule")
    schedule.get_by_label("Only during a schedule").check()
    settle(page)
    schedule.get_by_label(starting("Schedule")).select_option(label=choice)


def forward_to_another_number(page, number: str) -> None:
    page.get_by_role("radio", name="Another number").check()
    other_number(page).fill(number)


def other_number(page):
    return page.get_by_role("textbox", name=starting("Other number"))


def open_rules_of(page, feature: str) -> None:
    """From a user's page (own or as staff): the feature's page, where its rules are. The
    link's name starts with the feature's title; what it does now follows."""
    link = page.get_by_role("main").get_by_role("link", name=starting(feature))
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(feature)
    expect(page.locator("#rules")).to_be_visible()


def seen(page) -> tuple[list[dict], dict]:
    """What the page shows axe and how wide it draws, to be judged once the browser is closed."""
    return serious_violations(page), page.evaluate(WIDTH_PROBE)


def pass_axe_and_fit_a_phone(browser, base_url: str, username: str, pages: list[str], then=None):
    """Each page, for the staff member `username`, on a desktop and on a phone: no serious axe
    violation, and nothing wider than the phone. `then(page, viewport, found)` takes further
    steps on the same screen, adding what they show to `found` (see `seen`)."""
    for viewport in (None, PHONE):
        context = browser.new_context(**({"viewport": viewport} if viewport else {}))
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            sign_in_in_browser(page, base_url, username, STAFF_PASSWORD)
            found = {}
            for path in pages:
                assert page.goto(base_url + path).status == 200
                settle(page)
                found[path] = seen(page)
            if then is not None:
                then(page, viewport, found)
        finally:
            context.close()
        for where, (violations, width) in found.items():
            assert not violations, describe(violations, where)
            too_wide = width["scrollWidth"] > width["clientWidth"] or width["wide"]
            assert not (viewport and too_wide), f"{where} is too wide on a phone: {width}"


def new_rule(page, name: str) -> None:
    """From the feature's page: "Add a rule", and its name typed."""
    page.get_by_role("link", name="Add a rule").click()
    rule_name(page).fill(name)


# "Evenings": calls from two numbers, during a schedule, forwarded to a mobile.
EVENINGS_CALLERS = ["02 555 00 01", "02 555 00 02"]
EVENINGS_FORWARD_TO = "0470 12 34 56"


def add_evenings(page, schedule: str) -> None:
    """The rule "Evenings" added during `schedule` (as the form offers it), until applied."""
    new_rule(page, "Evenings")
    choose_time_schedule(page, schedule)
    set_callers(page, EVENINGS_CALLERS)
    forward_to_another_number(page, EVENINGS_FORWARD_TO)
    page.get_by_role("button", name="Add the rule").click()
    wait_applied(page, "New rule Evenings")


def evenings(schedule: dict) -> dict:
    """The rule "Evenings" as the platform holds it once added, `schedule` its time schedule."""
    return {
        "name": "Evenings",
        "active": True,
        "fromDnCriteria": {
            "selection": "Specified Only",
            "includeAnonymousCallers": False,
            "includeUnavailableCallers": False,
            "phoneNumbers": ["+3225550001", "+3225550002"],
        },
        "timeSchedule": schedule,
        "forwardToNumberSelection": "Forward To Specified Number",
        "forwardToPhoneNumber": "+32470123456",
    }


def expect_evenings_listed(page, schedule: str) -> None:
    """After a reload, "Evenings" is listed on, with its callers, `schedule` (in words) and the
    number its calls go to."""
    expect_listed(page, "Evenings", "On", "02 555 00 01, 02 555 00 02", schedule, "0470 12 34 56")


def expect_listed(page, name: str, *shown: str) -> None:
    """After a reload, the rule's row in the list shows each of these words."""
    page.reload()
    row = rule_row(page, name)
    for words in shown:
        expect(row).to_contain_text(words)
