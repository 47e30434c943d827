"""Scopes are judged on where APIO lists a user, never on the group a URL names.

A user's details name neither tenant nor group (contract §5.11), and the contract does not say
that APIO refuses a user named under another group: the sandbox answers 404 for it, a real APIO
might answer 200. The fault is played here by patching the portal's reads alone, so that every
GET of a user of acme-sales named under acme-hq answers as if they lived there.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal.accounts.models import AuditEntry
from portal.apio import paths
from portal.apio.client import ApioClient
from portal.changes.models import PendingChange
from portal.core import UserRef
from portal.reads import get_profile, lives_in
from tests.accounts.people import (
    HQ_ARGS,
    HQ_USER,
    forward_always_form,
    helpdesk,
    linked_user,
    platform_admin,
    signed_snapshot,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def sales_user(apio) -> UserRef:
    """A user who lives in acme-sales, as the sandbox's own listing of that group has them."""
    client = apio.client()
    try:
        listing = client.request(
            "GET", paths.group_users("acme", "acme-sales"), json={"responseSizeLimit": 1}
        ).json()
    finally:
        client.close()
    return UserRef("acme", "acme-sales", listing["users"][0]["userId"])


@pytest.fixture
def claimed_in_hq(sales_user) -> UserRef:
    """The sales user, named under acme-hq."""
    return UserRef("acme", "acme-hq", sales_user.user_id)


@pytest.fixture
def apio_ignores_the_group(monkeypatch, sales_user, claimed_in_hq):
    """APIO answering every read of the sales user named under acme-hq as if they lived there."""
    wrong, right = paths.user(claimed_in_hq), paths.user(sales_user)
    real_get = ApioClient.get

    def get(self, path: str, query: dict | None = None):
        if path.startswith(wrong):
            path = right + path[len(wrong) :]
        return real_get(self, path, query)

    monkeypatch.setattr(ApioClient, "get", get)
    # The fault is there: the details read answers for the user under the wrong group.
    assert get_profile(claimed_in_hq).user_id == sales_user.user_id
    cache.clear()


def hq_helpdesk():
    return helpdesk("hd-hq", "acme", "acme-hq")


def tenant_helpdesk():
    return helpdesk("hd-acme", "acme")


STAFF = {"helpdesk-of-acme-hq": hq_helpdesk, "helpdesk-of-acme": tenant_helpdesk,
         "admin": platform_admin}  # fmt: skip


def staff_urls(ref: UserRef) -> dict[str, tuple[str, str]]:
    args = [ref.tenant_id, ref.group_id, ref.user_id]
    return {
        "user page": ("get", reverse("directory:user_detail", args=args)),
        "feature page": ("get", reverse("features:feature", args=[*args, "call-forwarding"])),
        "section": ("get", reverse("features:section", args=[*args, "call-forwarding", "always"])),
        "act as": ("post", reverse("accounts:act_as_start", args=args)),
    }


@pytest.mark.parametrize("person", STAFF)
@pytest.mark.parametrize("page", ["user page", "feature page", "section", "act as"])
def test_a_user_named_under_a_group_they_do_not_live_in_is_not_found(
    client, apio_ignores_the_group, claimed_in_hq, person, page
):
    client.force_login(STAFF[person]())
    method, url = staff_urls(claimed_in_hq)[page]

    response = getattr(client, method)(url)

    assert response.status_code == 404
    assert "acting_for" not in str(dict(client.session))


@pytest.mark.parametrize("person", STAFF)
def test_no_change_is_queued_for_a_user_named_under_another_group(
    client, apio_ignores_the_group, claimed_in_hq, person, monkeypatch
):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)
    client.force_login(STAFF[person]())
    args = [claimed_in_hq.tenant_id, claimed_in_hq.group_id, claimed_in_hq.user_id]
    url = reverse("features:section", args=[*args, "call-forwarding", "always"])
    form = forward_always_form()
    snapshot = {"active": False, "destination": "", "ringSplashActive": False}
    form["_snapshot"] = signed_snapshot("call-forwarding", "always", snapshot, claimed_in_hq)

    response = client.post(url, form)

    assert response.status_code == 404
    assert not PendingChange.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_helpdesk_of_the_group_the_user_lives_in_still_reaches_them(
    client, apio_ignores_the_group, sales_user
):
    client.force_login(helpdesk("hd-sales", "acme", "acme-sales"))
    for method, url in staff_urls(sales_user).values():
        assert getattr(client, method)(url).status_code in (200, 302), url


def test_an_end_user_no_longer_in_the_group_they_signed_in_from_is_not_found(
    client, apio, apio_ignores_the_group, sales_user
):
    # Linked at sign-in while in acme-hq, since moved to acme-sales; APIO would still answer
    # for the old address.
    user = linked_user(apio, sales_user.user_id)
    user.apio_group_id = "acme-hq"
    user.save()
    client.force_login(user)

    assert client.get(reverse("features:my_feature", args=["call-forwarding"])).status_code == 404


# -- the membership read ---------------------------------------------------------------------


def listing_reads(sandbox) -> int:
    listing = paths.group_users(HQ_USER.tenant_id, HQ_USER.group_id)
    return sum(1 for r in sandbox.requests() if r["path"] == listing)


def test_where_a_user_lives_is_read_once_a_minute_and_again_on_demand(client, apio):
    client.force_login(hq_helpdesk())
    page = reverse("directory:user_detail", args=[*HQ_ARGS])
    apio.clear_requests()

    assert client.get(page).status_code == 200
    assert client.get(page).status_code == 200
    assert listing_reads(apio) == 1

    client.get(page, {"refresh": "1"})  # "Read again from the platform"
    assert client.get(page).status_code == 200
    assert listing_reads(apio) == 2


def test_the_listing_is_matched_whatever_the_case_of_the_id(apio):
    assert lives_in(UserRef(HQ_USER.tenant_id, HQ_USER.group_id, HQ_USER.user_id.upper()))
    assert not lives_in(UserRef("acme", "acme-sales", HQ_USER.user_id))
    assert not lives_in(UserRef("acme", "no-such-group", HQ_USER.user_id))


# -- saving while the platform is down -------------------------------------------------------


def save_forward_always(client):
    url = reverse("features:section", args=[*HQ_ARGS, "call-forwarding", "always"])
    return client.post(url, forward_always_form(), HTTP_HX_REQUEST="true")


def test_a_group_helpdesk_saves_while_down_only_for_a_user_whose_group_was_just_read(
    client, apio, monkeypatch
):
    """Their scope is the group: a user the listing could not place is not queued for them."""
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)
    client.force_login(hq_helpdesk())
    apio.set_faults(error_rate=1.0)

    refused = save_forward_always(client)

    assert "Try again" in refused.content.decode()
    assert not PendingChange.objects.exists()

    apio.set_faults(error_rate=0.0)
    assert lives_in(HQ_USER)  # read a moment ago, as the form's page does
    apio.set_faults(error_rate=1.0)

    queued = save_forward_always(client)

    assert "Queued" in queued.content.decode()
    assert PendingChange.objects.count() == 1
