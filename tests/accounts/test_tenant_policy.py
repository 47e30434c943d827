"""The tenant policy: the features a tenant's end users may change themselves, ticked in the
admin from the features that could be self-service, and obeyed from the very next request."""

import importlib
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from portal.accounts.models import TenantPolicy
from portal.features.registry import FEATURES
from tests.accounts.people import HQ_USER, linked_user, platform_admin

pytestmark = pytest.mark.django_db

SELF_SERVICE = [feature for feature in FEATURES.values() if feature.self_service]
ADD_URL = reverse("admin:accounts_tenantpolicy_add")
MY_FORWARDING = reverse("features:my_feature", args=["call-forwarding"])

migration = importlib.import_module("portal.accounts.migrations.0004_drop_unknown_policy_features")


def change_url(policy: TenantPolicy) -> str:
    return reverse("admin:accounts_tenantpolicy_change", args=[policy.pk])


@pytest.fixture
def admin_client(client):
    client.force_login(platform_admin())
    return client


def ticks(html: str) -> dict[str, bool]:
    """The policy form's ticks: feature key -> ticked."""
    found = {}
    for tag in re.findall(r"<input[^>]*name=\"end_user_features\"[^>]*>", html):
        key = re.search(r'value="([^"]*)"', tag).group(1)
        found[key] = " checked" in tag
        assert 'type="checkbox"' in tag
    return found


def test_there_is_a_self_service_feature_to_tick():
    assert "call-forwarding" in {feature.key for feature in SELF_SERVICE}


def test_the_change_form_shows_a_tick_per_self_service_feature(admin_client):
    policy = TenantPolicy.objects.create(tenant_id="acme", end_user_features=["call-forwarding"])

    response = admin_client.get(change_url(policy))

    assert response.status_code == 200
    html = response.content.decode()
    expected = {feature.key: feature.key == "call-forwarding" for feature in SELF_SERVICE}
    assert ticks(html) == expected
    for feature in SELF_SERVICE:
        assert str(feature.title) in html
    # No JSON box to type keys into.
    assert "<textarea" not in html


def test_features_staff_alone_may_change_are_not_offered(admin_client):
    staff_only = {key for key, feature in FEATURES.items() if not feature.self_service}

    response = admin_client.get(ADD_URL)

    assert not staff_only & set(ticks(response.content.decode()))


def test_the_admin_saves_what_is_ticked(admin_client):
    response = admin_client.post(
        ADD_URL, {"tenant_id": "globex", "end_user_features": ["call-forwarding"]}
    )

    assert response.status_code == 302
    assert TenantPolicy.objects.get(tenant_id="globex").end_user_features == ["call-forwarding"]


def test_the_admin_saves_nothing_ticked_as_no_feature(admin_client):
    policy = TenantPolicy.objects.create(tenant_id="acme", end_user_features=["call-forwarding"])

    response = admin_client.post(change_url(policy), {"tenant_id": "acme"})

    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.end_user_features == []


@pytest.mark.parametrize("unknown", ["call-fowarding", "nope", "Call-Forwarding"])
def test_the_admin_refuses_an_unknown_feature(admin_client, unknown):
    policy = TenantPolicy.objects.create(tenant_id="acme", end_user_features=["call-forwarding"])

    response = admin_client.post(
        change_url(policy), {"tenant_id": "acme", "end_user_features": ["call-forwarding", unknown]}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end_user_features"]
    assert unknown in response.content.decode()  # the message names what was refused
    policy.refresh_from_db()
    assert policy.end_user_features == ["call-forwarding"]


def test_the_model_refuses_unknown_features_whatever_form_saves_it():
    policy = TenantPolicy(tenant_id="acme", end_user_features=["call-forwarding", "typo"])

    with pytest.raises(ValidationError) as refused:
        policy.full_clean()

    assert "typo" in str(refused.value)
    TenantPolicy(tenant_id="acme", end_user_features=["call-forwarding"]).full_clean()


def test_the_list_names_the_features_in_words(admin_client):
    TenantPolicy.objects.create(tenant_id="acme", end_user_features=["call-forwarding"])

    response = admin_client.get(reverse("admin:accounts_tenantpolicy_changelist"))

    html = response.content.decode()
    assert str(FEATURES["call-forwarding"].title) in html
    assert "[&#x27;call-forwarding&#x27;]" not in html


# -- policies saved before the ticks ----------------------------------------------------------

BOTH = ["call-forwarding", "voice-messaging"]


@pytest.mark.parametrize(
    ("stored", "kept"),
    [
        (["call-forwarding", "voice-messaging"], BOTH),
        (["call-fowarding", "voice-messaging"], ["voice-messaging"]),
        (["voice-messaging", "call-forwarding", "voice-messaging"], BOTH),
        ("call-forwarding, voice-messaging", BOTH),
        ({"call-forwarding": True}, ["call-forwarding"]),
        ([1, None, "nope"], []),
        (42, []),
    ],
)  # fmt: skip
def test_the_migration_drops_unknown_keys(stored, kept):
    TenantPolicy.objects.bulk_create([TenantPolicy(tenant_id="acme", end_user_features=stored)])

    migration.drop_unknown_features(apps, None)

    assert TenantPolicy.objects.get(tenant_id="acme").end_user_features == kept


# -- taking effect -----------------------------------------------------------------------------


@pytest.fixture
def end_user_client(apio_read_only):
    """An end user of acme, signed in in a browser of their own."""
    user_client = Client()
    user_client.force_login(linked_user(apio_read_only, HQ_USER.user_id))
    return user_client


def test_a_feature_ticked_opens_at_once_for_a_signed_in_end_user(end_user_client, client):
    policy = TenantPolicy.objects.create(tenant_id="acme", end_user_features=[])
    assert end_user_client.get(MY_FORWARDING).status_code == 404

    client.force_login(platform_admin())
    saved = client.post(
        change_url(policy), {"tenant_id": "acme", "end_user_features": ["call-forwarding"]}
    )
    assert saved.status_code == 302

    # The same session, its very next request.
    assert end_user_client.get(MY_FORWARDING).status_code == 200


def test_a_feature_unticked_closes_at_once_for_a_signed_in_end_user(end_user_client, client):
    policy = TenantPolicy.objects.create(tenant_id="acme", end_user_features=["call-forwarding"])
    assert end_user_client.get(MY_FORWARDING).status_code == 200
    home = end_user_client.get(reverse("features:my_home")).content.decode()
    assert MY_FORWARDING in home

    client.force_login(platform_admin())
    saved = client.post(change_url(policy), {"tenant_id": "acme"})
    assert saved.status_code == 302

    assert end_user_client.get(MY_FORWARDING).status_code == 404
    assert MY_FORWARDING not in end_user_client.get(reverse("features:my_home")).content.decode()


def test_voice_messaging_ticked_in_the_admin_opens_for_the_tenants_end_users(
    end_user_client, client
):
    my_voice_messaging = reverse("features:my_feature", args=["voice-messaging"])
    # No policy saved: call forwarding alone.
    assert end_user_client.get(my_voice_messaging).status_code == 404

    client.force_login(platform_admin())
    saved = client.post(
        ADD_URL, {"tenant_id": "acme", "end_user_features": ["call-forwarding", "voice-messaging"]}
    )
    assert saved.status_code == 302

    assert end_user_client.get(my_voice_messaging).status_code == 200
    assert my_voice_messaging in end_user_client.get(reverse("features:my_home")).content.decode()
