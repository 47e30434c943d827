"""The state lines say the state, in words that read right for staff and for the person."""

import re

import pytest
from django.urls import reverse

from portal.accounts.models import TenantPolicy, self_service_choices
from portal.changes.models import PendingChange
from tests.accounts.people import linked_user
from tests.features.conftest import ALL_SERVICES, snapshot_of
from tests.features.test_selective import platform, text_of

pytestmark = pytest.mark.integration

ARGS = [*vars(ALL_SERVICES).values()]
USER_PAGE = reverse("directory:user_detail", args=ARGS)
SERVICES = "/api/v1/tenants/acme/groups/acme-hq/users/user00001@acme.example/services/"


@pytest.fixture
def wake(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


ANY_CALLER = {
    "selection": "Any",
    "includeAnonymousCallers": False,
    "includeUnavailableCallers": False,
    "phoneNumbers": [],
}


def set_rules(apio, service: str, active: dict[str, bool]) -> None:
    """Turn the named rules on or off, creating those the user does not have yet."""
    known = rule_names(apio, service)
    rules = [
        {"name": name, "active": on}
        if name in known
        else {"name": name, "active": on, "fromDnCriteria": ANY_CALLER}
        for name, on in active.items()
    ]
    response = platform(apio, "PUT", f"{SERVICES}{service}/", {"criteria": rules})
    assert response.status_code == 200, response.text


def rule_names(apio, service: str) -> list[str]:
    return [
        rule["name"] for rule in platform(apio, "GET", f"{SERVICES}{service}/").json()["criteria"]
    ]


def test_rejection_says_which_rules_are_on_or_that_none_is(apio, helpdesk_client):
    names = rule_names(apio, "selective_call_rejection")
    set_rules(apio, "selective_call_rejection", dict.fromkeys(names, False))
    text = text_of(helpdesk_client.get(USER_PAGE).content.decode())
    assert "No rule is on: no calls are rejected." in text
    assert "Reject calls by rules" not in text

    set_rules(apio, "selective_call_rejection", {names[0]: True})
    text = text_of(helpdesk_client.get(USER_PAGE).content.decode())
    assert f"1 rule on: {names[0]}." in text


def test_acceptance_on_the_end_users_home_says_whether_it_is_on(apio, client, db):
    TenantPolicy.objects.update_or_create(
        tenant_id="acme",
        defaults={"end_user_features": [key for key, _title in self_service_choices()]},
    )
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    others = dict.fromkeys(rule_names(apio, "selective_call_acceptance"), False)
    set_rules(apio, "selective_call_acceptance", {**others, "Boss": True, "Evenings": True})
    home = text_of(client.get(reverse("features:my_home")).content.decode())
    assert re.search(r"2 rules on: (Boss, Evenings|Evenings, Boss)\.", home), home
    assert "Only the calls the rules accept ring" not in home


def test_the_user_page_speaks_of_the_line_not_of_you(apio, helpdesk_client):
    platform(apio, "PUT", f"{SERVICES}clir/", {"active": False})
    text = text_of(helpdesk_client.get(USER_PAGE).content.decode())
    assert "The number is shown on calls made from this line." in text
    assert not re.search(r"\b(your|you)\b", text.split("Settings", 1)[-1], re.I), text


def last_change(html: str) -> str:
    text = text_of(html)
    return text[text.index("Last change:") :].split(",")[0:2]


def test_last_change_names_no_section_key(apio, helpdesk_client, wake):
    page = reverse("features:feature", args=[*ARGS, "do-not-disturb"])
    html = helpdesk_client.get(page).content.decode()
    data = {"_snapshot": snapshot_of(html, "settings"), "settings-active": ["off", "on"]}
    saved = helpdesk_client.post(f"{page}settings/", data, HTTP_HX_REQUEST="true")
    assert last_change(saved.content.decode()) == ["Last change: Do not disturb", " by you"]
    # A change that names no field: the feature's one section is not named, nor its key.
    PendingChange.objects.update(payload={}, redacted_fields=[])
    assert last_change(helpdesk_client.get(page).content.decode())[0] == "Last change: by you"
    # With several sections, the section's title says which.
    forwarding = reverse("features:feature", args=[*ARGS, "call-forwarding"])
    html = helpdesk_client.get(forwarding).content.decode()
    data = {"_snapshot": snapshot_of(html, "busy"), "busy-active": ["off"]}
    helpdesk_client.post(f"{forwarding}busy/", data, HTTP_HX_REQUEST="true")
    PendingChange.objects.update(payload={}, redacted_fields=[])
    html = helpdesk_client.get(forwarding).content.decode()
    section = html[html.index('id="section-busy"') :]
    assert last_change(section) == ["Last change: Forward when busy", " by you"]
