"""The one-switch features: Do Not Disturb and the others, for staff and for end users."""

import re

import pytest
from django.urls import reverse

from portal.accounts.models import TenantPolicy, self_service_choices
from portal.changes.models import PendingChange
from portal.features.one_switch import ONE_SWITCH_FEATURES
from tests.accounts.people import linked_user
from tests.features.conftest import ALL_SERVICES, snapshot_of

pytestmark = pytest.mark.integration

ARGS = [*vars(ALL_SERVICES).values()]
DND = reverse("features:feature", args=[*ARGS, "do-not-disturb"])
MY_DND = reverse("features:my_feature", args=["do-not-disturb"])
# feature key -> (APIO path code, BroadWorks service, the switch's label)
FEATURES = {
    "do-not-disturb": ("dnd", "Do Not Disturb", "Do not disturb"),
    "call-waiting": ("call_waiting", "Call Waiting", "Call waiting"),
    "anonymous-call-rejection": (
        "acr", "Anonymous Call Rejection", "Reject calls from hidden numbers",
    ),
    "hide-my-number": ("clir", "Calling Line ID Delivery Blocking", "Hide my number when I call"),
}  # fmt: skip


def text_of(html: str) -> str:
    return " ".join(html.split())


def state_line(html: str) -> str:
    match = re.search(r'<p class="feature-state"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no state line"
    return " ".join(match.group(1).split())


def on_platform(apio, method: str, path: str, payload: dict) -> None:
    client = apio.client()
    try:
        client.request(method, path, json=payload).raise_for_status()
    finally:
        client.close()


USER_PATH = "/api/v1/tenants/acme/groups/acme-hq/users/user00001@acme.example/"


@pytest.fixture
def wake(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


def test_every_one_switch_feature_is_registered_for_self_service():
    keys = {feature.key for feature in ONE_SWITCH_FEATURES}
    assert keys == set(FEATURES)
    assert keys <= {key for key, _title in self_service_choices()}


def test_the_helpdesk_page_shows_the_switch_in_peoples_words(apio, helpdesk_client):
    on_platform(apio, "PUT", f"{USER_PATH}services/dnd/", {"active": False, "ringSplash": False})
    response = helpdesk_client.get(DND)
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert re.search(r'<input type="checkbox" name="settings-active"[^>]*role="switch"', html)
    assert "Do not disturb" in text
    assert "Calls go straight to voicemail or get a busy signal; your phone does not ring." in text
    assert "Short ring for each blocked call" in text
    assert "Your phone rings briefly once to tell you a call was sent elsewhere." in text
    labels = re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    assert "Short ring for each blocked call" in labels
    assert not any("ringSplash" in label or "Ring Reminder" in label for label in labels)
    assert state_line(html) == "Do not disturb is off."


def test_the_state_line_follows_the_platform(apio, helpdesk_client):
    on_platform(apio, "PUT", f"{USER_PATH}services/dnd/", {"active": True})
    assert state_line(helpdesk_client.get(DND).content.decode()) == "Do not disturb is on."


def test_saving_queues_a_put_with_exactly_the_documented_body(apio, helpdesk_client, wake):
    on_platform(apio, "PUT", f"{USER_PATH}services/dnd/", {"active": False, "ringSplash": False})
    html = helpdesk_client.get(DND).content.decode()
    data = {
        "_snapshot": snapshot_of(html, "settings"),
        "settings-active": ["off", "on"],
        "settings-ringSplash": ["off", "on"],
    }
    response = helpdesk_client.post(f"{DND}settings/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Queued" in response.content.decode()
    change = PendingChange.objects.get()
    assert change.method == "PUT"
    assert change.path.endswith("/users/user00001@acme.example/services/dnd/")
    assert change.payload == {"active": True, "ringSplash": True}


@pytest.mark.parametrize("key", sorted(FEATURES))
def test_each_page_shows_its_switch_and_state(apio, helpdesk_client, key):
    response = helpdesk_client.get(reverse("features:feature", args=[*ARGS, key]))
    assert response.status_code == 200
    html = response.content.decode()
    assert FEATURES[key][2] in text_of(html)
    assert re.search(r'name="settings-active"[^>]*role="switch"', html)
    assert state_line(html)


@pytest.mark.parametrize("key", sorted(FEATURES))
def test_a_service_not_assigned_says_so(apio, helpdesk_client, key):
    service = FEATURES[key][1]
    on_platform(apio, "DELETE", f"{USER_PATH}services/", {"services": [{"name": service}]})
    response = helpdesk_client.get(reverse("features:feature", args=[*ARGS, key]))
    assert response.status_code == 200
    assert f"{service} is not assigned to this user" in text_of(response.content.decode())


def test_the_end_user_sees_dnd_when_the_tenant_allows_it(apio, client, db, wake):
    client.force_login(linked_user(apio, ALL_SERVICES.user_id))
    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": ["call-forwarding"]}
    )
    assert client.get(MY_DND).status_code == 404
    assert MY_DND not in client.get(reverse("features:my_home")).content.decode()

    TenantPolicy.objects.update_or_create(
        tenant_id="acme", defaults={"end_user_features": ["call-forwarding", "do-not-disturb"]}
    )
    assert MY_DND in client.get(reverse("features:my_home")).content.decode()
    response = client.get(MY_DND)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Calls go straight to voicemail or get a busy signal" in text_of(html)
    data = {"_snapshot": snapshot_of(html, "settings"), "settings-active": ["off", "on"]}
    saved = client.post(f"{MY_DND}settings/", data, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200
    change = PendingChange.objects.get()
    assert change.path.endswith("/services/dnd/")
    assert change.payload == {"active": True}


def test_the_user_page_links_each_one_switch_feature(apio, helpdesk_client):
    page = helpdesk_client.get(reverse("directory:user_detail", args=ARGS)).content.decode()
    for key in FEATURES:
        assert reverse("features:feature", args=[*ARGS, key]) in page
