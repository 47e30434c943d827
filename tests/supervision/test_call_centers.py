"""Call centers and agents: a supervisor's own, and any of them for the platform admin."""

import re

import pytest
from django.urls import reverse

from portal.accounts.models import Role
from portal.apio import paths
from portal.apio.client import get_client
from tests.accounts.people import (
    OTHER_SUPERVISOR_ID,
    OWN_CALL_CENTER,
    SUPERVISOR_ID,
    linked_user,
    platform_admin,
)

TENANT, GROUP = "acme", "acme-hq"
OWN_CALL_CENTER_PAGE = reverse("supervision:call_center", args=[TENANT, GROUP, OWN_CALL_CENTER])


def agents_on_the_platform() -> list[dict]:
    path = paths.call_center_agents(TENANT, GROUP, OWN_CALL_CENTER)
    return get_client().get(path)["agents"]


def test_the_admin_chooses_a_group_of_the_tenant(client, apio, db):
    client.force_login(platform_admin())

    html = client.get(reverse("supervision:call_center_list")).content.decode()

    # The sandbox has one tenant: its groups are offered at once.
    assert "<h1>Call centers</h1>" in html
    for group in ("acme-hq", "acme-sales", "acme-support"):
        assert f'href="{reverse("supervision:group", args=[TENANT, group])}"' in html


def test_the_admin_sees_a_groups_call_centers(client, apio, db):
    client.force_login(platform_admin())

    html = client.get(reverse("supervision:group", args=[TENANT, GROUP])).content.decode()

    assert f'href="{OWN_CALL_CENTER_PAGE}">Helpdesk</a>' in html
    assert "Call centers of <bdi>Acme HQ</bdi>" in html  # the group as people name it


def test_the_admin_sees_every_agent_of_a_call_center_and_its_supervisors(client, apio, db):
    client.force_login(platform_admin())

    html = client.get(OWN_CALL_CENTER_PAGE).content.decode()

    agents = agents_on_the_platform()
    assert agents
    for agent in agents:
        user_page = reverse("directory:user_detail", args=[TENANT, GROUP, agent["userId"]])
        assert f'href="{user_page}"' in html
    assert f"{len(agents)} agent" in html
    assert "Supervised by:" in html


def test_a_supervisors_address_leads_the_admin_to_choose(client, apio, db):
    client.force_login(platform_admin())

    response = client.get(reverse("supervision:agent_list", args=[OWN_CALL_CENTER]), follow=True)

    assert response.redirect_chain == [(reverse("supervision:call_center_list"), 302)]
    assert f"Choose the tenant and group of {OWN_CALL_CENTER}" in response.content.decode()


def test_the_supervisor_sees_their_own_agents_without_staff_links(client, apio, db):
    client.force_login(linked_user(apio, SUPERVISOR_ID, Role.SUPERVISOR))

    listing = client.get(reverse("supervision:call_center_list"))
    page = client.get(reverse("supervision:agent_list", args=[OWN_CALL_CENTER]))

    # One call center: nothing to choose, its agents at once, and no way back to a choice.
    assert listing.status_code == 302
    assert listing["Location"] == reverse("supervision:agent_list", args=[OWN_CALL_CENTER])
    html = page.content.decode()
    assert page.status_code == 200 and "Helpdesk" in html
    assert "My call centers" not in html
    assert reverse("directory:user_search") not in html
    assert "/users/" not in html


def test_the_agent_filter_ignores_the_case_of_user_ids(client, apio, db):
    client.force_login(platform_admin())
    agent = agents_on_the_platform()[0]["userId"]

    html = client.get(OWN_CALL_CENTER_PAGE, {"q": agent.upper()}).content.decode()

    assert "1 agent matching" in html
    assert agent in html


# -- long lists: pages, order, filter -------------------------------------------------------
# cc-sales (Acme Sales) has every one of the sandbox's 60 users as agents; supervisor2
# supervises them all.

SALES_PAGE = reverse(
    "supervision:call_center", args=[TENANT, "acme-sales", "cc-sales@acme.example"]
)


def shown_ids(html: str) -> list[str]:
    return re.findall(r'<td data-label="User id"><bdi>([^<]+)</bdi></td>', html)


def sales_agents() -> list[dict]:
    path = paths.call_center_agents(TENANT, "acme-sales", "cc-sales@acme.example")
    return get_client().get(path)["agents"]


def test_a_long_agent_list_comes_in_pages_with_true_counts(client, apio, db):
    client.force_login(linked_user(apio, OTHER_SUPERVISOR_ID, Role.SUPERVISOR))
    page = reverse("supervision:agent_list", args=["cc-sales@acme.example"])
    total = len(sales_agents())
    assert total > 50

    first = client.get(page).content.decode()
    second = client.get(page, {"page": 2}).content.decode()

    assert f"{total} agents" in first and f"Showing 1–50 of {total} agents" in first
    assert f"Showing 51–{total} of {total} agents" in second
    assert len(shown_ids(first)) == 50 and len(shown_ids(second)) == total - 50
    assert not set(shown_ids(first)) & set(shown_ids(second))
    assert 'class="stack results"' in first and 'aria-current="page"' in first


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("name", lambda a: (a["lastName"].lower(), a["firstName"].lower(), a["userId"])),
        ("-user_id", lambda a: a["userId"]),
        ("extension", lambda a: int(a["extension"])),
        ("phone_number", lambda a: a["phoneNumber"]),
    ],
)
def test_agents_sort_by_their_columns(client, apio, db, sort, key):
    client.force_login(platform_admin())
    agents = sorted(sales_agents(), key=key, reverse=sort.startswith("-"))

    html = client.get(SALES_PAGE, {"sort": sort}).content.decode()

    assert shown_ids(html) == [a["userId"] for a in agents][:50]
    direction = "descending" if sort.startswith("-") else "ascending"
    assert f'aria-sort="{direction}"' in html


@pytest.mark.parametrize(
    ("typed", "user_id"),
    [
        ("ines martin", "user00040@acme.example"),  # Inès Martin, without the accent
        ("MARTIN Inès", "user00040@acme.example"),
        ("0891", "user00001@acme.example"),  # +3225140891, the last digits with a 0
        ("02 514 08 91", "user00001@acme.example"),
        ("+32 2 514 08 91", "user00001@acme.example"),
        ("1001", "user00001@acme.example"),  # the extension
    ],
)
def test_the_agent_filter_finds_names_without_accents_and_numbers_in_any_form(
    client, apio, db, typed, user_id
):
    client.force_login(platform_admin())

    html = client.get(SALES_PAGE, {"q": typed}).content.decode()

    assert user_id in shown_ids(html)
    assert "matching" in html


def test_an_agent_filter_that_finds_nobody_says_so(client, apio, db):
    client.force_login(platform_admin())
    html = client.get(SALES_PAGE, {"q": "Zzyzx"}).content.decode()
    assert "No agent matches “<bdi>Zzyzx</bdi>”." in html and "<table" not in html


def test_call_centers_are_listed_in_a_table(client, apio, db):
    client.force_login(platform_admin())
    html = client.get(reverse("supervision:group", args=[TENANT, GROUP])).content.decode()
    assert '<td data-label="Call center">' in html
    assert '<td data-label="Id"><bdi>cc-helpdesk@acme.example</bdi></td>' in html
