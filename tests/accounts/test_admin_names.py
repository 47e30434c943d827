"""The admin names every model of the portal in words, singular and plural alike."""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from tests.accounts.people import platform_admin

pytestmark = pytest.mark.django_db

# Each of the accounts models, as the admin should name one and several of them.
NAMES = {
    "user": ("portal account", "portal accounts"),
    "tenantpolicy": ("tenant policy", "tenant policies"),
    "scope": ("helpdesk scope", "helpdesk scopes"),
    "auditentry": ("audit entry", "audit entries"),
}


@pytest.mark.parametrize("model", list(NAMES))
def test_each_model_has_its_names(model):
    meta = apps.get_model("accounts", model)._meta
    with translation.override("en"):
        assert (str(meta.verbose_name), str(meta.verbose_name_plural)) == NAMES[model]


def test_the_admin_index_says_policies_and_entries(client):
    client.force_login(platform_admin())

    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Tenant policies" in html
    assert "Audit entries" in html
    assert "Portal accounts" in html
    assert "policys" not in html.lower()
    assert "entrys" not in html.lower()


def test_every_name_is_marked_for_translation():
    # Lazy translations, not plain text: the French and Dutch catalogues can name them.
    for model in NAMES:
        meta = apps.get_model("accounts", model)._meta
        assert not isinstance(meta.verbose_name, str)
        assert not isinstance(meta.verbose_name_plural, str)
