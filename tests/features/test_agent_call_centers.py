"""An agent's call centers through the pages: the list, the availability switch queued as a
pending change the sandbox takes, a call center that lets no agent log off, and whose page is
whose."""

import re

import pytest
from django.urls import reverse

from portal.accounts.models import TenantPolicy
from portal.apio import paths
from portal.changes import push, services
from portal.changes.models import ChangeStatus, PendingChange
from portal.core import UserRef
from tests.accounts.people import linked_user
from tests.features.test_selective import platform, text_of
from tests.features.test_words import assert_peoples_words, shown_texts

pytestmark = pytest.mark.integration

# With the tests' 60 users, user00009 (acme-hq) answers for the three call centers.
AGENT = UserRef("acme", "acme-hq", "user00009@acme.example")
HELPDESK, SALES, SUPPORT = (
    "cc-helpdesk@acme.example",
    "cc-sales@acme.example",
    "cc-support@acme.example",
)
MY_PAGE = reverse("features:my_agent_call_centers")
STAFF_PAGE = reverse("features:agent_call_centers", args=[*vars(AGENT).values()])
SETTINGS = paths.user_service(AGENT, "call_centers")


def my_switch(call_center: str) -> str:
    return reverse("features:my_agent_availability", args=[call_center])


@pytest.fixture
def wake(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


@pytest.fixture
def agent_client(apio, client, db):
    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": ["call-forwarding", "call-centers"]}
    )
    client.force_login(linked_user(apio, AGENT.user_id))
    return client


def held(apio) -> dict[str, bool]:
    """What the sandbox holds, read over its API: available, by call center."""
    entries = platform(apio, "GET", SETTINGS).json()["call_centers"]
    return {entry["serviceUserId"]: entry["available"] for entry in entries}


def test_an_agent_sees_their_call_centers(agent_client):
    html = agent_client.get(MY_PAGE).content.decode()
    text = text_of(html)
    for words in ("Helpdesk", "Sales line", "Support line", "Basic", "Standard", "Premium"):
        assert words in text
    assert text.count("Available: its calls reach you.") == 3
    # The Support line's skill level (5) and priority (2); a switch for the other two only.
    assert "Support line Premium 2 5" in text
    assert re.search(
        r'role="switch" aria-checked="true">\s*<span class="switch-label">Available in Helpdesk<',
        html,
    )
    assert "Available in Sales line" in html and "Available in Support line" not in html
    assert "Always available: this call center does not let its agents log off." in text
    for shown in shown_texts(html):
        assert_peoples_words(shown, MY_PAGE)
    assert (
        'href="/me/call-centers/"' in agent_client.get(reverse("features:my_home")).content.decode()
    )


def test_the_switch_queues_a_put_the_sandbox_takes(
    agent_client, apio, wake, django_capture_on_commit_callbacks
):
    response = agent_client.post(
        my_switch(HELPDESK), {"available": "false"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    said = text_of(response.content.decode())
    assert "Making you unavailable in Helpdesk." in said and "Queued" in said
    assert "Becoming unavailable…" in said
    change = PendingChange.objects.get()
    assert (change.method, change.path, change.feature) == ("PUT", SETTINGS, "call-centers/agent")
    assert change.payload == {"call_centers": [{"serviceUserId": HELPDESK, "available": False}]}
    assert held(apio)[HELPDESK] is True  # not sent yet

    with django_capture_on_commit_callbacks(execute=True):
        push.push_round(services.claim(change.pk))
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPLIED, change.message
    assert held(apio) == {HELPDESK: False, SALES: True, SUPPORT: True}
    text = text_of(agent_client.get(MY_PAGE).content.decode())
    assert "Unavailable: its calls do not reach you." in text
    assert "Helpdesk: unavailable" in text and "Applied" in text


def test_taps_on_their_way_go_together(agent_client, wake):
    agent_client.post(my_switch(HELPDESK), {"available": "false"})
    agent_client.post(my_switch(SALES), {"available": "false"})
    first, second = PendingChange.objects.order_by("pk")
    assert second.payload == {
        "call_centers": [
            {"serviceUserId": HELPDESK, "available": False},
            {"serviceUserId": SALES, "available": False},
        ]
    }
    # Asking again for what is on its way queues nothing.
    response = agent_client.post(my_switch(SALES), {"available": "false"}, follow=True)
    assert "Nothing changed." in response.content.decode()
    assert PendingChange.objects.count() == 2


def test_a_call_center_that_keeps_its_agents_refuses_the_switch(agent_client, apio):
    response = agent_client.post(my_switch(SUPPORT), {"available": "false"}, follow=True)
    assert "Support line does not let its agents log off: you stay available." in text_of(
        response.content.decode()
    )
    assert not PendingChange.objects.exists()
    assert held(apio)[SUPPORT] is True


def test_the_platforms_reason_shows_when_a_change_fails(
    agent_client, apio, wake, django_capture_on_commit_callbacks
):
    agent_client.post(my_switch(HELPDESK), {"available": "false"})
    change = PendingChange.objects.get()
    # As if the call center had stopped letting agents log off meanwhile.
    change.payload = {"call_centers": [{"serviceUserId": SUPPORT, "available": False}]}
    change.save(update_fields=["payload"])
    with django_capture_on_commit_callbacks(execute=True):
        push.push_round(services.claim(change.pk))
    change.refresh_from_db()
    assert change.status == ChangeStatus.FAILED
    text = text_of(agent_client.get(MY_PAGE).content.decode())
    assert "Failed" in text and "The platform said:" in text and "log off" in text


def test_whose_page_is_whose(agent_client, apio):
    other = reverse(
        "features:agent_call_centers", args=["acme", "acme-hq", "user00001@acme.example"]
    )
    assert agent_client.get(other).status_code == 404
    assert agent_client.get(STAFF_PAGE).status_code == 404  # their own, but a staff page
    staff_switch = reverse("features:agent_availability", args=[*vars(AGENT).values(), HELPDESK])
    assert agent_client.post(staff_switch, {"available": "false"}).status_code == 404
    assert (
        agent_client.post(my_switch("cc-nowhere@acme.example"), {"available": "false"}).status_code
        == 404
    )
    assert not PendingChange.objects.exists()
    # A tenant that does not let its users set this: no page.
    TenantPolicy.objects.filter(tenant_id="acme").update(end_user_features=["call-forwarding"])
    assert agent_client.get(MY_PAGE).status_code == 404


def test_the_helpdesk_sees_and_switches_for_the_agent(helpdesk_client, apio, wake):
    text = text_of(helpdesk_client.get(STAFF_PAGE).content.decode())
    assert "Helpdesk" in text and "Support line" in text
    assert text.count("Available: its calls reach this person.") == 3
    switch = reverse("features:agent_availability", args=[*vars(AGENT).values(), SALES])
    response = helpdesk_client.post(switch, {"available": "false"}, follow=True)
    assert "Making this person unavailable in Sales line." in text_of(response.content.decode())
    change = PendingChange.objects.get()
    assert change.payload == {"call_centers": [{"serviceUserId": SALES, "available": False}]}
