"""The changes list shows user ids as the platform spells them, isolated in <bdi>: a right-to-left
override in one cannot reverse the rest of its row."""

import pytest
from django.urls import reverse

from portal.accounts.models import AuditEntry
from portal.changes import services
from portal.core import UserRef
from tests.accounts.people import platform_admin
from tests.changes.conftest import forwarding_request

RLO = "\u202e"
ODD = UserRef("acme", "acme-hq", f"user{RLO}evil@acme.example")


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


def test_user_ids_in_the_change_list_are_isolated(client, helpdesk):
    change = services.submit_change(helpdesk, forwarding_request("+3225551111", ref=ODD))
    AuditEntry.objects.filter(change=change).update(acting_for=ODD.user_id)
    client.force_login(platform_admin())

    html = client.get(reverse("changes:change_list")).content.decode()

    assert f'<td data-label="User"><bdi>{ODD.user_id}</bdi></td>' in html
    assert f"<small>acting for <bdi>{ODD.user_id}</bdi></small>" in html
