"""Who may see a change and act on it: today's scope and features, never who made it.

Every action (the page, its live status, retry, cancel, re-apply) asks access afresh, so a
helpdesk moved off a group, or an end user whose tenant does not let them change a feature,
neither reads nor sends such a change again, even one they made themselves.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import AuditEntry, Role, Scope, TenantPolicy, User
from portal.changes import services
from portal.changes.models import ChangeStatus, PendingChange
from portal.core import UserRef
from tests.accounts.people import (
    HQ_USER,
    forwarding_request,
    linked_user,
    mail_server_request,
    voice_messaging_request,
)

pytestmark = pytest.mark.integration

CONFLICT = {"destination": {"snapshot": "", "platform": "+3225550100", "mine": "+3225550199"}}


@pytest.fixture
def pushes(monkeypatch) -> list[int]:
    """The changes handed to the broker to be pushed (none is sent for real)."""
    woken: list[int] = []
    monkeypatch.setattr(
        "portal.changes.services.waking.wake", lambda pk, **kwargs: woken.append(pk) or True
    )
    return woken


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Ask for an action on a change, as a request would: what it queues after commit runs."""

    def asking(action: str, change: PendingChange):
        _, method, name = ACTIONS[action]
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(client, method)(reverse(name, args=[change.pk]))

    return asking


@pytest.fixture
def hq_helpdesk(db):
    user = User.objects.create_user("hd-hq", password="pw-hq-12345", role=Role.HELPDESK)
    Scope.objects.create(user=user, tenant_id="acme", group_id="acme-hq")
    return user


def in_state(change: PendingChange, status: str) -> PendingChange:
    fields = {"status": status, "finished_at": timezone.now()}
    if status == ChangeStatus.CONFLICT:
        fields = {"status": status, "conflict": CONFLICT}
    PendingChange.objects.filter(pk=change.pk).update(**fields)
    change.refresh_from_db()
    return change


# Each action, the state a change must be in for it, and how it is asked.
ACTIONS = {
    "page": (ChangeStatus.QUEUED, "get", "changes:change_detail"),
    "status": (ChangeStatus.QUEUED, "get", "changes:change_status"),
    "retry": (ChangeStatus.FAILED, "post", "changes:change_retry"),
    "cancel": (ChangeStatus.QUEUED, "post", "changes:change_cancel"),
    "reapply": (ChangeStatus.CONFLICT, "post", "changes:change_reapply"),
}


def assert_untouched(change: PendingChange, status: str, pushes: list[int]) -> None:
    change.refresh_from_db()
    assert change.status == status
    assert change.pk not in pushes
    assert not AuditEntry.objects.filter(change=change, action__in=["retry", "reapply", "cancel"])


# -- a helpdesk that lost the scope ----------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_the_author_loses_the_change_with_the_scope(client, ask, apio, hq_helpdesk, pushes, action):
    status = ACTIONS[action][0]
    change = in_state(services.submit_change(hq_helpdesk, forwarding_request()), status)
    hq_helpdesk.scopes.update(group_id="acme-sales")  # moved to another group's desk
    client.force_login(hq_helpdesk)

    assert ask(action, change).status_code == 404
    assert_untouched(change, status, pushes)
    listed = client.get(reverse("changes:change_list")).content.decode()
    assert reverse("changes:change_detail", args=[change.pk]) not in listed


@pytest.mark.parametrize("action", ACTIONS)
def test_the_helpdesk_in_scope_still_acts_on_the_change(
    client, ask, apio, hq_helpdesk, pushes, action
):
    status = ACTIONS[action][0]
    change = in_state(services.submit_change(hq_helpdesk, forwarding_request()), status)
    client.force_login(hq_helpdesk)

    assert ask(action, change).status_code in (200, 302)
    change.refresh_from_db()
    expected = {"retry": ChangeStatus.QUEUED, "cancel": ChangeStatus.CANCELLED,
                "reapply": ChangeStatus.QUEUED}.get(action, status)  # fmt: skip
    assert change.status == expected
    assert pushes == ([change.pk] if action in ("retry", "reapply") else [])


@pytest.mark.parametrize("action", ["retry", "reapply"])
def test_a_change_is_sent_again_only_to_a_user_still_living_where_it_names(
    client, ask, apio, db, pushes, action
):
    # Queued for user00001 in acme-sales; the platform lists them in acme-hq (moved since).
    sales_desk = User.objects.create_user("hd-sales", password="pw-sales-1", role=Role.HELPDESK)
    Scope.objects.create(user=sales_desk, tenant_id="acme", group_id="acme-sales")
    moved = UserRef("acme", "acme-sales", HQ_USER.user_id)
    status = ACTIONS[action][0]
    change = in_state(services.submit_change(sales_desk, forwarding_request(moved)), status)
    client.force_login(sales_desk)

    assert ask("page", change).status_code == 200  # their change, in their scope: still shown
    assert ask(action, change).status_code == 404
    assert_untouched(change, status, pushes)


# -- an end user and their tenant's features -------------------------------------------------


@pytest.fixture
def end_user(apio, db):
    return linked_user(apio, HQ_USER.user_id)


@pytest.mark.parametrize("action", ACTIONS)
def test_an_end_user_does_not_act_on_a_feature_their_tenant_keeps_from_them(
    client, ask, apio, end_user, hq_helpdesk, pushes, action
):
    # The tenant lets its end users change call forwarding only (the default policy).
    status = ACTIONS[action][0]
    change = in_state(services.submit_change(hq_helpdesk, voice_messaging_request()), status)
    client.force_login(end_user)

    assert ask(action, change).status_code == 404
    assert_untouched(change, status, pushes)
    listed = client.get(reverse("changes:change_list")).content.decode()
    assert reverse("changes:change_detail", args=[change.pk]) not in listed


@pytest.mark.parametrize("action", ACTIONS)
def test_an_end_user_acts_on_their_helpdesks_change_of_a_feature_they_may_change(
    client, ask, apio, end_user, hq_helpdesk, pushes, action
):
    status = ACTIONS[action][0]
    forwarding = in_state(services.submit_change(hq_helpdesk, forwarding_request()), status)
    client.force_login(end_user)

    assert ask(action, forwarding).status_code in (200, 302)


def test_an_end_user_acts_on_changes_as_their_screens_allow(
    client, ask, apio, end_user, hq_helpdesk
):
    # Voice messaging is theirs once the tenant allows it, but not its staff-only mail server:
    # a change the helpdesk made there is not theirs to see or send again.
    TenantPolicy.objects.create(
        tenant_id="acme", end_user_features=["call-forwarding", "voice-messaging"]
    )
    basic = in_state(
        services.submit_change(hq_helpdesk, voice_messaging_request()), ChangeStatus.CONFLICT
    )
    mail_server = in_state(
        services.submit_change(hq_helpdesk, mail_server_request()), ChangeStatus.CONFLICT
    )
    client.force_login(end_user)

    assert client.get(reverse("features:my_feature", args=["voice-messaging"])).status_code == 200
    assert ask("page", basic).status_code == 200
    assert ask("page", mail_server).status_code == 404
    assert ask("reapply", mail_server).status_code == 404


def test_an_end_user_loses_their_own_change_when_the_tenant_takes_the_feature_back(
    client, ask, apio, end_user, pushes
):
    change = services.submit_change(end_user, forwarding_request())
    TenantPolicy.objects.create(tenant_id="acme", end_user_features=[])
    client.force_login(end_user)

    assert ask("page", change).status_code == 404
    assert ask("cancel", change).status_code == 404
    assert_untouched(change, ChangeStatus.QUEUED, pushes)
