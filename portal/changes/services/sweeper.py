"""The sweeper, run by Celery beat: nothing waits forever for a message that was lost."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from portal.changes.models import OPEN_STATUSES, ChangeStatus, PendingChange
from portal.changes.services import waking


def sweep() -> dict[str, int]:
    """Queue again what the broker lost, and take back what a dead worker held.

    Only the first open change of each object is looked at: the others follow it.
    """
    now = timezone.now()
    grace = timedelta(seconds=settings.CHANGES_SWEEP_GRACE_SECONDS)
    heads: dict[str, PendingChange] = {}
    for change in PendingChange.objects.filter(status__in=OPEN_STATUSES).order_by(
        "object_key", "queued_at", "id"
    ):
        heads.setdefault(change.object_key, change)
    recovered = requeued = 0
    for head in heads.values():
        if head.status == ChangeStatus.SENDING:
            if head.lease_expires_at and head.lease_expires_at < now:
                PendingChange.objects.filter(
                    object_key=head.object_key,
                    status=ChangeStatus.SENDING,
                    lease_expires_at__lt=now,
                ).update(status=ChangeStatus.QUEUED, lease_expires_at=None)
                recovered += 1
                requeued += _wake(head.pk, now)
            continue
        due = head.next_attempt_at + grace < now
        stale = head.enqueued_at is None or head.enqueued_at + grace < now
        if due and stale:
            requeued += _wake(head.pk, now)
    return {"recovered": recovered, "requeued": requeued}


def _wake(change_id: int, now) -> bool:
    if not waking.wake(change_id, by_sweeper=True):
        return False
    # Remembered so that the next sweeps leave the message time to be consumed.
    PendingChange.objects.filter(pk=change_id).update(enqueued_at=now)
    return True
