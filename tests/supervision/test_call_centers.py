"""Call centers and agents: a supervisor's own, and any of them for the platform admin."""

from django.urls import reverse

from portal.accounts.models import Role
from portal.apio import paths
from portal.apio.client import get_client
from tests.accounts.people import OWN_CALL_CENTER, SUPERVISOR_ID, linked_user, platform_admin

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

    listing = client.get(reverse("supervision:call_center_list")).content.decode()
    page = client.get(reverse("supervision:agent_list", args=[OWN_CALL_CENTER]))

    assert f'href="{reverse("supervision:agent_list", args=[OWN_CALL_CENTER])}"' in listing
    html = page.content.decode()
    assert page.status_code == 200 and "My call centers" in html
    assert reverse("directory:user_search") not in html
    assert "/users/" not in html


def test_the_agent_filter_ignores_the_case_of_user_ids(client, apio, db):
    client.force_login(platform_admin())
    agent = agents_on_the_platform()[0]["userId"]

    html = client.get(OWN_CALL_CENTER_PAGE, {"q": agent.upper()}).content.decode()

    assert "1 agent matching" in html
    assert agent in html
