"""Asking for a push (through the `change_due` signal), and when to try again."""

import logging
import random
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone

from portal.changes.models import OPEN_STATUSES, ChangeStatus, PendingChange
from portal.changes.signals import change_due

logger = logging.getLogger(__name__)


def wake(change_id: int, countdown: float | None = None, by_sweeper: bool = False) -> bool:
    """Ask for a push that sends the change: soon, or after `countdown` seconds.

    True when a push is on its way. When none could be queued (the broker is down), the change
    is safe in the database and the sweeper asks again.
    """
    replies = change_due.send(
        sender=PendingChange, change_id=change_id, countdown=countdown, by_sweeper=by_sweeper
    )
    return any(queued for _, queued in replies)


def wake_heads(object_keys: Iterable[str]) -> None:
    """Wake the first open change of each object, when it waits for its turn."""
    heads: dict[str, PendingChange] = {}
    for change in (
        PendingChange.objects.filter(object_key__in=set(object_keys), status__in=OPEN_STATUSES)
        .order_by("queued_at", "id")
        .only("id", "object_key", "status", "next_attempt_at")
    ):
        heads.setdefault(change.object_key, change)
    now = timezone.now()
    for head in heads.values():
        if head.status == ChangeStatus.QUEUED:
            delay = max(0.0, (head.next_attempt_at - now).total_seconds())
            wake(head.pk, countdown=delay or None)


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter, so that retries from many changes spread out."""
    base = settings.CHANGES_BACKOFF_BASE_SECONDS * 2 ** max(0, attempt - 1)
    capped = min(base, settings.CHANGES_BACKOFF_MAX_SECONDS)
    return capped * random.uniform(0.5, 1.0)  # noqa: S311 (jitter, not security)
