"""The changes pages: own changes, helpdesk scope, filters, live status, retry and cancel."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import AuditEntry, Role, Scope, User
from portal.changes import services
from portal.changes.models import ChangeStatus, PendingChange
from tests.changes.conftest import forwarding_request


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr("portal.changes.services.waking.wake", lambda pk, **kwargs: True)


@pytest.fixture
def scoped_helpdesk(db):
    user = User.objects.create_user("hd-scope", password="pw-scope-123", role=Role.HELPDESK)
    Scope.objects.create(user=user, tenant_id="acme", group_id="acme-hq")
    return user


@pytest.fixture
def other_helpdesk(db):
    user = User.objects.create_user("hd-other", password="pw-other-123", role=Role.HELPDESK)
    Scope.objects.create(user=user, tenant_id="acme", group_id="acme-sales")
    return user


def test_helpdesk_sees_changes_in_scope_and_filters_by_status(
    client, helpdesk, scoped_helpdesk, other_helpdesk
):
    queued = services.submit_change(helpdesk, forwarding_request("+3225551111"))
    failed = services.submit_change(helpdesk, forwarding_request("+3225552222"))
    PendingChange.objects.filter(pk=failed.pk).update(
        status=ChangeStatus.FAILED, message="Invalid destination", finished_at=timezone.now()
    )
    client.force_login(scoped_helpdesk)
    page = client.get(reverse("changes:change_list")).content.decode()
    assert f"#{queued.pk}<" in page and f"#{failed.pk}<" in page
    only_failed = client.get(reverse("changes:change_list"), {"status": "failed"}).content.decode()
    assert f"#{failed.pk}<" in only_failed and f"#{queued.pk}<" not in only_failed
    assert "Invalid destination" in only_failed

    client.force_login(other_helpdesk)
    assert f"#{queued.pk}<" not in client.get(reverse("changes:change_list")).content.decode()


def test_status_fragment_polls_while_open_and_announces_when_applied(client, helpdesk):
    change = services.submit_change(helpdesk, forwarding_request("+3225551111"))
    client.force_login(helpdesk)
    url = reverse("changes:change_status", args=[change.pk])
    open_fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in open_fragment.content.decode()
    assert "HX-Trigger" not in open_fragment.headers

    PendingChange.objects.filter(pk=change.pk).update(
        status=ChangeStatus.APPLIED, finished_at=timezone.now()
    )
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert "every 1s" not in done.content.decode()
    assert f"change-applied-{change.pk}" in done.headers["HX-Trigger"]


def status_text(change: PendingChange) -> str:
    """The live status as the pages draw it (the list, the detail and the settings pages)."""
    change.refresh_from_db()
    return render_to_string("changes/change_detail.html#status", {"change": change})


def test_a_change_whose_sender_died_reads_retrying_until_sent_again(helpdesk):
    change = services.submit_change(helpdesk, forwarding_request("+3225551111"))
    now = timezone.now()
    held = PendingChange.objects.filter(pk=change.pk)
    held.update(status=ChangeStatus.SENDING, lease_expires_at=now + timedelta(seconds=5))
    assert ">Sending<" in status_text(change)

    held.update(lease_expires_at=now - timedelta(seconds=1))  # its worker stopped renewing
    text = status_text(change)
    assert ">Retrying<" in text and ">Sending<" not in text
    assert "sends it again by itself" in text

    services.sweep()  # taken back: in line again, still retrying
    text = status_text(change)
    assert ">Retrying<" in text and 'hx-trigger="every 1s"' in text


def test_retry_requeues_a_failed_change_and_cancel_stops_a_queued_one(client, helpdesk):
    failed = services.submit_change(helpdesk, forwarding_request("+3225551111"))
    PendingChange.objects.filter(pk=failed.pk).update(status=ChangeStatus.FAILED)
    client.force_login(helpdesk)
    response = client.post(
        reverse("changes:change_retry", args=[failed.pk]), HTTP_HX_REQUEST="true"
    )
    assert "Queued" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == ChangeStatus.QUEUED

    client.post(reverse("changes:change_cancel", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.status == ChangeStatus.CANCELLED
    actions = list(AuditEntry.objects.filter(change=failed).values_list("action", flat=True))
    assert actions[:2] == ["cancel", "retry"]  # newest first


def test_an_action_that_no_longer_applies_says_why_in_place(client, helpdesk):
    change = services.submit_change(helpdesk, forwarding_request("+3225551111"))
    PendingChange.objects.filter(pk=change.pk).update(status=ChangeStatus.APPLIED)
    client.force_login(helpdesk)
    response = client.post(
        reverse("changes:change_cancel", args=[change.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "already done" in body and "Applied" in body
