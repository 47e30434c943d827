"""Every page each kind of person reaches passes axe-core's WCAG 2.2 AA checks in Chromium.

Each person signs in and walks the pages their menu and their pages lead to: the menu's links, a
user's page and each of its feature pages (or their own settings), the changes with some in
every state a person meets, the audit log, the call centers, the definitions gallery. No serious
or critical violation may remain; a failure lists every one, page by page, with where it is.
Also checked: a section redrawn by htmx with field errors, and the pages in a dark colour scheme.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from portal.accounts.models import Role
from portal.changes.models import AttemptOutcome, ChangeAttempt, ChangeStatus, PendingChange
from portal.changes.services import submit_change
from portal.core import UserRef
from tests.accounts.people import (
    HQ_USER,
    STAFF_PASSWORD,
    SUPERVISOR_ID,
    forwarding_request,
    helpdesk,
    linked_user,
    platform_admin,
    sign_in_in_browser,
)
from tests.browser.axe import describe, serious_violations
from tests.features.conftest import ALL_SERVICES, user_of
from tests.features.test_browser import settle
from tests.sandbox_process import USER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.integration]

USER_PAGE = "/users/{}/{}/{}/".format(*vars(ALL_SERVICES).values())
FORWARDING = USER_PAGE + "call-forwarding/"
SUPERVISOR = UserRef(HQ_USER.tenant_id, HQ_USER.group_id, SUPERVISOR_ID)
CHANGE_PAGE = r"^/changes/\d+/$"
MANY_FOUND = "/users/?q=user0"  # every user of the demo data: more than a page of them


@pytest.fixture
def no_broker(monkeypatch):
    # The changes made here stay as they are put: no worker takes them.
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


@pytest.fixture
def portal(live_server, apio, transactional_db, no_broker):
    return live_server.url


def changes_by(person, ref: UserRef) -> None:
    """A change waiting, one the platform refused and one in conflict, made by the person."""
    submit_change(person, forwarding_request(ref, "+3225550101"))
    failed = submit_change(person, forwarding_request(ref, "+3225550102"))
    now = timezone.now()
    PendingChange.objects.filter(pk=failed.pk).update(
        status=ChangeStatus.FAILED,
        attempt_count=1,
        message="Invalid destination",
        field_errors={"destination": ["Invalid destination"]},
        finished_at=now,
    )
    ChangeAttempt.objects.create(
        change=failed,
        number=1,
        started_at=now,
        finished_at=now,
        outcome=AttemptOutcome.PERMANENT,
        status_code=400,
        message="Invalid destination",
    )
    conflict = submit_change(person, forwarding_request(ref, "+3225550103"))
    PendingChange.objects.filter(pk=conflict.pk).update(
        status=ChangeStatus.CONFLICT,
        conflict={"destination": {"snapshot": "", "platform": "+3225550100", "mine": "+32255503"}},
    )


class Walk:
    """One signed-in person's pages, each visited once, and what axe-core finds on each."""

    def __init__(self, page, base_url: str, note: str = ""):
        self.page = page
        self.base_url = base_url
        self.note = note
        self.seen: dict[str, list[str]] = {}  # each page visited: the pages its content links to
        self.findings: dict[str, list[dict]] = {}

    def check(self, where: str) -> None:
        # Folded parts (technical details, more settings) are checked as a person opens them.
        folded = self.page.locator("details:not([open])")
        folded.evaluate_all("els => els.forEach(e => e.open = true)")
        found = serious_violations(self.page)
        if found:
            self.findings[where + self.note] = found

    def visit(self, path: str, status: int = 200) -> None:
        if path in self.seen:
            return
        response = self.page.goto(self.base_url + path)
        assert response.status == status, f"{path} answered {response.status}, not {status}"
        settle(self.page)  # loaded (goto waits for it), and no htmx swap under way
        self.arrived(path)

    def arrived(self, path: str) -> None:
        self.seen[path] = self.links(self.page.locator("main"))
        self.check(path)

    def links(self, scope) -> list[str]:
        """The site paths of the links in scope, in page order, once each."""
        hrefs = scope.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
        paths = []
        for href in hrefs:
            url = urlsplit(urljoin(self.page.url, href))
            if url.netloc != urlsplit(self.base_url).netloc:
                continue
            path = url.path + (f"?{url.query}" if url.query else "")
            if path not in paths:
                paths.append(path)
        return paths

    def home_and_menu(self) -> None:
        """The home page the person lands on, then each page of the menu."""
        self.arrived("/")
        for path in self.links(self.page.get_by_role("navigation", name="Main")):
            self.visit(path)

    def each_linked(self, path: str, pattern: str, first_only=False) -> list[str]:
        """From path, the pages its main content links to (matching pattern)."""
        self.visit(path)
        found = [linked for linked in self.seen[path] if re.search(pattern, linked)]
        assert found, f"{path} links to no page matching {pattern}: only to {self.seen[path]}"
        for linked in found[:1] if first_only else found:
            self.visit(linked)
        return found

    def changes(self) -> None:
        linked = self.each_linked("/changes/", CHANGE_PAGE)
        assert len(linked) >= 3, "the change list shows the person's three changes"

    def preferences(self) -> None:
        self.visit(reverse("accounts:preferences"))

    def not_found(self) -> None:
        self.visit("/no-such-page/", status=404)

    def assert_clean(self) -> None:
        """No serious or critical violation on any page: else each one, page by page."""
        print(f"Checked with axe-core: {', '.join(self.seen) or 'no page'}")
        if self.findings:
            report = "\n\n".join(describe(found, page) for page, found in self.findings.items())
            pytest.fail(report, pytrace=False)


@pytest.fixture
def walk(browser, portal):
    contexts = []

    def walking(username: str, password: str, note: str = "", **options) -> Walk:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            sign_in_in_browser(page, portal, username, password)
        return Walk(page, portal, note)

    yield walking
    for context in contexts:
        context.close()


def test_platform_admin_pages(walk, apio):
    admin = platform_admin("ada")
    changes_by(admin, HQ_USER)
    walk_ = walk("ada", STAFF_PASSWORD)
    walk_.home_and_menu()
    walk_.visit("/users/?q=" + user_of(apio, ALL_SERVICES.user_id)["lastName"])
    walk_.each_linked(USER_PAGE, "^" + re.escape(USER_PAGE) + ".+/$")
    walk_.changes()
    group = walk_.each_linked("/agents/", r"^/agents/[^/?]+/[^/?]+/$", first_only=True)[0]
    walk_.each_linked(group, r"^/agents/[^/?]+/[^/?]+/[^/?]+/$", first_only=True)
    walk_.each_linked("/definitions/", r"^/definitions/[^/]+/PUT/$", first_only=True)
    walk_.preferences()
    walk_.not_found()
    walk_.assert_clean()


def test_helpdesk_pages(walk, apio):
    person = helpdesk("hd-a11y", "acme")
    changes_by(person, HQ_USER)
    walk_ = walk("hd-a11y", STAFF_PASSWORD)
    walk_.home_and_menu()
    walk_.visit(MANY_FOUND)
    assert any("page=2" in path for path in walk_.seen[MANY_FOUND]), "more than a page of users"
    walk_.each_linked(USER_PAGE, "^" + re.escape(USER_PAGE) + ".+/$")
    # A conference's page (its delegates, recordings and greeting), and scheduling one.
    conferences = USER_PAGE + "conferences/"
    walk_.each_linked(conferences, "^" + re.escape(conferences) + "[^/]+/[^/]+/$", first_only=True)
    walk_.visit(conferences + "new/")
    walk_.changes()
    walk_.preferences()
    walk_.not_found()
    assert "/accounts/audit/" in walk_.seen
    walk_.assert_clean()


def test_supervisor_pages(walk, apio):
    person = linked_user(apio, SUPERVISOR_ID, role=Role.SUPERVISOR)
    changes_by(person, SUPERVISOR)
    walk_ = walk(SUPERVISOR_ID, USER_PASSWORD)
    walk_.home_and_menu()
    walk_.each_linked("/me/", r"^/me/[^/]+/$")
    walk_.visit("/agents/")  # their one call center's agents
    walk_.changes()
    walk_.preferences()
    walk_.not_found()
    walk_.assert_clean()


def test_end_user_pages(walk, apio):
    person = linked_user(apio, HQ_USER.user_id)
    changes_by(person, HQ_USER)
    walk_ = walk(HQ_USER.user_id, USER_PASSWORD)
    walk_.home_and_menu()
    walk_.each_linked("/me/", r"^/me/[^/]+/$")
    walk_.changes()
    walk_.preferences()
    walk_.not_found()
    walk_.assert_clean()


def test_signed_out_pages(walk):
    walk_ = walk("", "")
    walk_.visit("/accounts/login/")
    walk_.not_found()
    walk_.assert_clean()


def failed_save(walk_: Walk) -> None:
    """A save the portal refuses: the section comes back from htmx with its field errors."""
    page = walk_.page
    section = page.locator("#section-busy")
    section.get_by_label("Forward to").fill("not a number")
    section.get_by_role("button", name="Save forward when busy").click()
    settle(page)
    expect(section.locator("[aria-invalid=true]")).to_have_count(1)
    walk_.check(f"{FORWARDING} (a failed save, field errors drawn by htmx)")


def test_a_failed_save_redrawn_by_htmx(walk):
    helpdesk("hd-a11y", "acme")
    walk_ = walk("hd-a11y", STAFF_PASSWORD)
    walk_.visit(FORWARDING)
    failed_save(walk_)
    walk_.assert_clean()


def test_dark_colour_scheme(walk):
    helpdesk("hd-a11y", "acme")
    walk_ = walk("hd-a11y", STAFF_PASSWORD, note=" (dark)", color_scheme="dark")
    assert walk_.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    walk_.arrived("/")
    walk_.visit(USER_PAGE)
    walk_.visit(FORWARDING)
    failed_save(walk_)
    walk_.assert_clean()
