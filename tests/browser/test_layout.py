"""On a phone (390 × 844) no page a person reaches scrolls sideways, whatever their role.

Each role signs in once, in a browser context of its own, and visits once every page its menu
leads to, its preferences, a user's page and that user's feature pages, the change list and a
change, and (for those who have them) the call centers and the definitions.
"""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from portal.accounts.models import Role
from portal.changes import services
from portal.changes.models import ChangeStatus, PendingChange
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

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PHONE = {"width": 390, "height": 844}
LINKED_PASSWORD = "layout-linked-pass"
# A long name and a long platform message: what a phone's width has to hold, wrapped.
LONG_NAME = ("Maximiliaan-Alexander", "Vandenbroucke-Van Der Heyden")
LONG_MESSAGE = (
    "APIO answered 400 (PUT /api/v1/tenants/acme/groups/acme-hq/users/user00001@acme.example/"
    "services/cfa/): destination_must_be_a_valid_e164_number_or_sip_uri_without_spaces"
)

# Links followed from the pages visited, and how many pages of each kind are enough.
FOLLOW = [
    (re.compile(r"^/changes/\d+/$"), 1),
    (re.compile(r"^/users/[^/]+/[^/]+/[^/]+/$"), 1),
    (re.compile(r"^/users/[^/]+/[^/]+/[^/]+/[a-z0-9-]+/$"), 50),
    (re.compile(r"^/me/[a-z0-9-]+/$"), 50),
    (re.compile(r"^/agents/[^/]+/$"), 1),  # a call center's agents
    (re.compile(r"^/agents/[^/]+/[^/]+/$"), 1),  # a group's call centers
    (re.compile(r"^/agents/[^/]+/[^/]+/[^/]+/$"), 1),  # a call center of that group
    (re.compile(r"^/definitions/[^/]+/[^/]+/$"), 1),
]

# Whatever sticks out past the right edge of the window, unless an ancestor clips it out of
# sight. A table scrolling within itself counts: it is still a page that scrolls sideways.
WIDTH_PROBE = """() => {
    const width = document.documentElement.clientWidth;
    const describe = (el) => el.tagName.toLowerCase()
        + (el.id ? "#" + el.id : "")
        + (el.classList.length ? "." + [...el.classList].join(".") : "");
    const path = (el) => {
        const parts = [];
        for (let at = el; at && at !== document.body && parts.length < 4; at = at.parentElement) {
            parts.unshift(describe(at));
        }
        return parts.join(" > ");
    };
    const hiddenByAncestor = (el) => {
        for (let at = el.parentElement; at; at = at.parentElement) {
            const overflow = getComputedStyle(at).overflowX;
            if (overflow === "hidden" || overflow === "clip") {
                return at.getBoundingClientRect().right <= width + 1;
            }
        }
        return false;
    };
    const wide = [];
    for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === "hidden") {
            continue;
        }
        if (box.right > width + 1 && !hiddenByAncestor(el)) {
            wide.push(`${path(el)} reaches ${Math.round(box.right)}px`);
        }
    }
    return {
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: width,
        wide: wide.slice(0, 3),
    };
}"""


def person(role: str, sandbox):
    """The person of that role, signing in with a password, and the user whose pages they see."""
    if role == "admin":
        user = platform_admin("layout-admin")
        user.first_name, user.last_name = LONG_NAME
        user.save()
        return user, STAFF_PASSWORD
    if role == "helpdesk":
        return helpdesk("layout-helpdesk", "acme"), STAFF_PASSWORD
    user_id = SUPERVISOR_ID if role == "supervisor" else HQ_USER.user_id
    linked_role = Role.SUPERVISOR if role == "supervisor" else Role.END_USER
    user = linked_user(sandbox, user_id, linked_role, username=f"layout-{role}")
    user.set_password(LINKED_PASSWORD)
    user.save()
    return user, LINKED_PASSWORD


def changes_for(user) -> None:
    """A change on the person's own line (any user's, for staff), failed with a long message."""
    own = (
        UserRef(user.apio_tenant_id, user.apio_group_id, user.apio_user_id)
        if user.apio_user_id
        else HQ_USER
    )
    change = services.submit_change(user, forwarding_request(own, "+3225550123"))
    PendingChange.objects.filter(pk=change.pk).update(
        status=ChangeStatus.FAILED,
        message=LONG_MESSAGE,
        field_errors={"destination": [LONG_MESSAGE]},
    )


def same_site_path(url: str, origin: str) -> str | None:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin or parts.query:
        return None
    return parts.path


def starting_pages(page, origin: str, role: str) -> list[str]:
    nav = page.get_by_role("navigation", name="Main")
    paths = [same_site_path(href, origin) for href in nav.locator("a").evaluate_all(
        "links => links.map(link => link.href)"
    )]  # fmt: skip
    paths.append("/accounts/preferences/")
    if role in ("admin", "helpdesk"):
        paths.append("/users/?q=user0000")
        paths.append(f"/users/{HQ_USER.tenant_id}/{HQ_USER.group_id}/{HQ_USER.user_id}/")
    return [path for path in paths if path]


def crawl(page, origin: str, start: list[str]) -> dict[str, dict]:
    """Every page reached, visited once: what the width probe found on each."""
    queue, seen, taken = deque(start), set(start), [0] * len(FOLLOW)
    found = {}
    while queue:
        path = queue.popleft()
        response = page.goto(origin + path)
        assert response.status == 200, f"{path} answered {response.status}"
        found[path] = page.evaluate(WIDTH_PROBE)
        hrefs = page.locator("main a[href]").evaluate_all("links => links.map(link => link.href)")
        for href in hrefs:
            target = same_site_path(href, origin)
            if not target or target in seen:
                continue
            for index, (pattern, enough) in enumerate(FOLLOW):
                if pattern.match(target) and taken[index] < enough:
                    taken[index] += 1
                    seen.add(target)
                    queue.append(target)
                    break
    return found


def too_wide(found: dict[str, dict]) -> dict[str, dict]:
    return {
        path: probe
        for path, probe in found.items()
        if probe["scrollWidth"] > probe["clientWidth"] or probe["wide"]
    }


@pytest.fixture
def no_broker(monkeypatch):
    # Nothing consumes the queue here: the changes only need to exist, failed.
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda change_id, **kw: False)


@pytest.mark.parametrize("role", ["admin", "helpdesk", "supervisor", "end_user"])
def test_no_page_scrolls_sideways_on_a_phone(
    browser, live_server, apio, transactional_db, no_broker, role
):
    user, password = person(role, apio)
    changes_for(user)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in_in_browser(page, live_server.url, user.username, password)

        # The menu folds behind its button on a phone, and fits when opened.
        menu = page.get_by_role("button", name="Menu")
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        opened = page.evaluate(WIDTH_PROBE)
        assert not too_wide({"home, menu open": opened}), opened

        found = crawl(page, live_server.url, starting_pages(page, live_server.url, role))
    finally:
        context.close()

    assert len(found) >= 5, sorted(found)
    assert any(re.match(r"^/changes/\d+/$", path) for path in found), sorted(found)
    assert not too_wide(found), too_wide(found)
