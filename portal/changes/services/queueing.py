"""Handing change ids to the broker, and when to try again."""

import contextlib
import logging
import random
from collections.abc import Iterable

import redis
from django.conf import settings
from django.utils import timezone

from portal.changes.models import OPEN_STATUSES, ChangeStatus, PendingChange

logger = logging.getLogger(__name__)


# While a push runs, or its message waits for a worker, changes submitted meanwhile need no
# message of their own: a push goes on until no change is due. The key says so; it lives in
# the broker's Redis, so that it goes when the messages go, and expires if its push died.
PUSH_PENDING_KEY = "switchboard:changes:push-pending"
PUSH_PENDING_SECONDS = 10


def enqueue(change_id: int, countdown: float | None = None, by_sweeper: bool = False) -> bool:
    """Make sure a push will send the change: soon, or after `countdown` seconds.

    When the broker is down the change is safe in the database, and the sweeper queues it.
    """
    from portal.changes.tasks import push_change

    right_away = not (countdown or by_sweeper)
    woke_up = False
    try:
        if right_away and not (woke_up := _first_wake_up(change_id)):
            return True  # the push pending will send it
        push_change.apply_async((change_id,), countdown=countdown)
    except Exception as exc:  # broker unreachable
        logger.warning("change %s not queued yet (%s); the sweeper will", change_id, exc)
        if woke_up:
            push_done()  # no push is coming after all
        return False
    if by_sweeper:
        # Remembered so that the next sweeps leave the message time to be consumed.
        PendingChange.objects.filter(pk=change_id).update(enqueued_at=timezone.now())
    return True


def push_running(change_id: int) -> None:
    """A push is sending: it will see the changes submitted meanwhile."""
    with contextlib.suppress(redis.RedisError):
        _broker_redis().set(PUSH_PENDING_KEY, change_id, ex=PUSH_PENDING_SECONDS)


def push_done() -> None:
    """No push will look again: changes submitted from now on need a message."""
    with contextlib.suppress(redis.RedisError):  # if not, the key expires by itself
        _broker_redis().delete(PUSH_PENDING_KEY)


def _first_wake_up(change_id: int) -> bool:
    return bool(_broker_redis().set(PUSH_PENDING_KEY, change_id, nx=True, ex=PUSH_PENDING_SECONDS))


_clients: dict[str, redis.Redis] = {}


def _broker_redis() -> redis.Redis:
    from portal.celery import app

    url = app.conf.broker_url
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(
            url.replace("redis+socket://", "unix://", 1),
            socket_timeout=2,
            socket_connect_timeout=2,
        )
    return _clients[url]


def enqueue_heads(object_keys: Iterable[str]) -> None:
    """Queue the first open change of each object, when it waits for its turn."""
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
            enqueue(head.pk, countdown=delay or None)


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter, so that retries from many changes spread out."""
    base = settings.CHANGES_BACKOFF_BASE_SECONDS * 2 ** max(0, attempt - 1)
    capped = min(base, settings.CHANGES_BACKOFF_MAX_SECONDS)
    return capped * random.uniform(0.5, 1.0)  # noqa: S311 (jitter, not security)
