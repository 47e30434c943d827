"""Steps shared by the rule tests in Chromium: a rule's form filled as a person fills it, the
change followed in the rules' status region, and the rule as the platform then holds it."""

import contextlib
import re
from urllib.parse import quote

from playwright.sync_api import expect

from portal.changes.models import ChangeStatus
from portal.core import UserRef
from portal.directory.phone import to_e164
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
