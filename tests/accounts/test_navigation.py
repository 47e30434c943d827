"""The main menu links to exactly the pages each kind of person can open."""

import re

import pytest
from django.urls import reverse

from portal.accounts.models import Role
from tests.accounts.people import HQ_ARGS, HQ_USER, SUPERVISOR_ID, helpdesk, linked_user
from tests.accounts.people import platform_admin as make_admin

# Every page of the portal that stands on its own (no ids in its address).
TOP_PAGES = {
    "home": "home",
    "search": "directory:user_search",
    "audit": "accounts:audit_list",
    "my-settings": "features:my_home",
    "agents": "supervision:call_center_list",
    "changes": "changes:change_list",
    "definitions": "gallery:definition_list",
    "admin-site": "admin:index",
}
MENUS = {
    "end_user": {"my-settings", "changes"},  # their home is their own calls
    "supervisor": {"home", "my-settings", "agents", "changes"},
    "helpdesk": {"home", "search", "audit", "agents", "changes"},  # the call centers in scope
    "helpdesk_acting": {"home", "search", "audit", "my-settings", "agents", "changes"},
    "admin": {"home", "search", "audit", "agents", "changes", "definitions", "admin-site"},
    "admin_acting": {
        "home", "search", "audit", "my-settings", "agents", "changes", "definitions", "admin-site",
    },
}  # fmt: skip


def signed_in(client, sandbox, case: str) -> None:
    person = {
        "end_user": lambda: linked_user(sandbox, HQ_USER.user_id),
        "supervisor": lambda: linked_user(sandbox, SUPERVISOR_ID, Role.SUPERVISOR),
        "helpdesk": lambda: helpdesk("hd", "acme"),
        "helpdesk_acting": lambda: helpdesk("hd", "acme"),
        "admin": make_admin,
        "admin_acting": make_admin,
    }[case]()
    client.force_login(person)
    if case.endswith("_acting"):
        client.post(reverse("accounts:act_as_start", args=HQ_ARGS))


def menu_links(client) -> set[str]:
    html = client.get(reverse("home"), follow=True).content.decode()
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    return set(re.findall(r'href="([^"]+)"', nav))


@pytest.mark.parametrize("case", MENUS)
def test_the_menu_links_to_what_the_person_can_open(client, apio_read_only, db, case):
    signed_in(client, apio_read_only, case)

    links = menu_links(client)

    assert links == {reverse(TOP_PAGES[page]) for page in MENUS[case]}
    for link in links:
        assert opens(client, link), link


def opens(client, url: str) -> bool:
    """The page opens, or leads at once to a page under it that does (a supervisor of one call
    center is shown its agents); a page that sends the person elsewhere does not count."""
    response = client.get(url)
    location = response.get("Location", "")
    signing_in = location.startswith((reverse("accounts:login"), reverse("admin:login")))
    if response.status_code == 302 and url != "/" and location.startswith(url) and not signing_in:
        response = client.get(location)
    return response.status_code == 200


@pytest.mark.parametrize("case", MENUS)
def test_every_page_the_person_can_open_is_in_the_menu(client, apio_read_only, db, case):
    signed_in(client, apio_read_only, case)
    links = menu_links(client)

    for name in TOP_PAGES.values():
        url = reverse(name)
        assert opens(client, url) == (url in links), f"{url} opens: {url not in links}"
