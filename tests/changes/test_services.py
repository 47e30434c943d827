"""The outbox's bookkeeping, on the database alone (the push itself is tested end to end)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.accounts.models import AuditEntry
from portal.changes import services
from portal.changes.models import ChangeStatus, PendingChange
from tests.changes.conftest import forwarding_request


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """Record what would be queued instead of publishing it."""
    queued = []
    monkeypatch.setattr(services, "enqueue", lambda pk, **kwargs: queued.append(pk) or True)
    return queued


def submit(helpdesk, django_capture_on_commit_callbacks, destination="+3225551111"):
    with django_capture_on_commit_callbacks(execute=True):
        return services.submit_change(helpdesk, forwarding_request(destination))


def test_submit_writes_change_and_audit_and_queues_after_commit(
    helpdesk, no_broker, django_capture_on_commit_callbacks
):
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    assert change.status == ChangeStatus.QUEUED
    assert no_broker == [change.pk]
    audit = AuditEntry.objects.get(change=change)
    assert audit.actor == helpdesk
    assert audit.fields["destination"] == {"old": "+3225550000", "new": "+3225551111"}


def test_only_the_first_change_of_an_object_is_claimed(
    helpdesk, django_capture_on_commit_callbacks
):
    first = submit(helpdesk, django_capture_on_commit_callbacks, "+3225551111")
    second = submit(helpdesk, django_capture_on_commit_callbacks, "+3225552222")
    assert services.claim_batch(second.pk) == []
    batch = services.claim_batch(first.pk)
    assert [c.pk for c in batch] == [first.pk, second.pk]  # consecutive PUTs go together
    assert set(PendingChange.objects.values_list("status", flat=True)) == {ChangeStatus.SENDING}
    assert services.claim_batch(first.pk) == []  # already being sent


def test_transient_failure_waits_with_backoff_then_fails_at_the_deadline(
    helpdesk, django_capture_on_commit_callbacks
):
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    batch = services.claim_batch(change.pk)
    services.record_transient(batch, timezone.now(), 503, "APIO answered 503")
    change.refresh_from_db()
    assert change.status == ChangeStatus.QUEUED
    assert change.next_attempt_at > timezone.now()
    assert change.attempts.get().status_code == 503

    PendingChange.objects.filter(pk=change.pk).update(
        next_attempt_at=timezone.now(), deadline_at=timezone.now() - timedelta(seconds=1)
    )
    batch = services.claim_batch(change.pk)
    services.record_transient(batch, timezone.now(), None, "timeout")
    change.refresh_from_db()
    assert change.status == ChangeStatus.FAILED
    assert "after 2 attempts" in change.message


def test_rejection_is_final_and_keeps_apio_reason(helpdesk, django_capture_on_commit_callbacks):
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    batch = services.claim_batch(change.pk)
    services.record_rejected(
        batch, timezone.now(), 400, "Invalid destination", {"destination": ["x"]}
    )
    change.refresh_from_db()
    assert (change.status, change.message) == (ChangeStatus.FAILED, "Invalid destination")
    assert change.can_retry


def test_backoff_grows_and_is_capped(settings):
    settings.CHANGES_BACKOFF_BASE_SECONDS = 1
    settings.CHANGES_BACKOFF_MAX_SECONDS = 8
    assert 0.5 <= services.backoff_seconds(1) <= 1
    assert 4 <= services.backoff_seconds(4) <= 8
    assert services.backoff_seconds(20) <= 8


def test_sweeper_takes_back_a_change_whose_worker_died(
    helpdesk, no_broker, django_capture_on_commit_callbacks
):
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    services.claim_batch(change.pk)
    PendingChange.objects.filter(pk=change.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    no_broker.clear()
    assert services.sweep() == {"recovered": 1, "requeued": 1}
    change.refresh_from_db()
    assert change.status == ChangeStatus.QUEUED
    assert no_broker == [change.pk]


def test_sweeper_queues_a_change_the_broker_never_got(helpdesk, no_broker, settings):
    settings.CHANGES_SWEEP_GRACE_SECONDS = 0
    change = services.submit_change(helpdesk, forwarding_request("+3225551111"))  # no commit hook
    PendingChange.objects.filter(pk=change.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=5)
    )
    assert services.sweep()["requeued"] == 1
    assert no_broker == [change.pk]


def test_cancel_and_retry_rules(helpdesk, django_capture_on_commit_callbacks):
    change = submit(helpdesk, django_capture_on_commit_callbacks)
    with pytest.raises(ValueError):
        services.retry_change(change, helpdesk)
    services.cancel_change(change, helpdesk)
    change.refresh_from_db()
    assert change.status == ChangeStatus.CANCELLED
    with pytest.raises(ValueError):
        services.cancel_change(change, helpdesk)
