"""The sweeper, run by Celery beat: nothing waits forever for a message that was lost."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from portal.changes.models import OPEN_STATUSES, ChangeStatus, PendingChange
from portal.changes.services import waking
from portal.reasons import SENDER_STOPPED


def sweep() -> dict[str, int]:
    """Queue again what the broker lost, and take back what a dead worker held.

    A push renews the lease of what it holds every few seconds while it lives; a lapsed lease
    means its worker died (or lost the database). The changes taken back go first in line
    again, marked as maybe sent: APIO may have had the request, and the next push reads the
    object before sending it again.

    Only the first open change of each object is looked at: the others follow it. A due
    change waits for the message its push was asked with; once that has had time enough (the
    grace), the broker is taken to have lost it and a push is asked for again.
    """
    now = timezone.now()
    grace = timedelta(seconds=settings.CHANGES_SWEEP_GRACE_SECONDS)
    heads: dict[str, PendingChange] = {}
    for change in PendingChange.objects.filter(status__in=OPEN_STATUSES).order_by(
        "object_key", "queued_at", "id"
    ):
        heads.setdefault(change.object_key, change)
    recovered = requeued = 0
    waiting: list[PendingChange] = []  # due, and their message may still be on its way
    for head in heads.values():
        if head.status == ChangeStatus.SENDING:
            if head.lease_expires_at and head.lease_expires_at < now:
                PendingChange.objects.filter(
                    object_key=head.object_key,
                    status=ChangeStatus.SENDING,
                    lease_expires_at__lt=now,
                ).update(
                    status=ChangeStatus.QUEUED,
                    sender="",
                    lease_expires_at=None,
                    maybe_sent=True,
                    message=SENDER_STOPPED,
                    updated_at=now,
                )
                recovered += 1
                requeued += _wake(head.pk, now)
            continue
        if head.next_attempt_at > now:
            continue
        overdue = head.next_attempt_at + grace < now
        stale = head.enqueued_at is None or head.enqueued_at + grace < now
        if overdue and stale:
            requeued += _wake(head.pk, now)
        else:
            waiting.append(head)
    if waiting:
        # When no push is queued or running (its worker died with the message), nothing else
        # would send them: an ordinary wake asks for one push, which takes every due change,
        # and asks nothing while one is pending.
        waking.wake(min(waiting, key=lambda head: (head.next_attempt_at, head.pk)).pk)
    return {"recovered": recovered, "requeued": requeued}


def _wake(change_id: int, now) -> bool:
    if not waking.wake(change_id, by_sweeper=True):
        return False
    # Remembered so that the next sweeps leave the message time to be consumed.
    PendingChange.objects.filter(pk=change_id).update(enqueued_at=now)
    return True
