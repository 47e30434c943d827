"""The Celery side of pending changes: the only code here that knows Celery or the broker.

A push runs rounds (claim, send, record) until no change is due. While a push runs, or its
message waits for a worker, changes submitted meanwhile need no message of their own: a key
in the broker's Redis says so. It lives there so that it goes when the messages go, and it
expires if its push died.
"""

import contextlib
import logging
import time

import redis
from celery import shared_task
from django.conf import settings
from django.dispatch import receiver

from portal.changes import push, services
from portal.changes.signals import change_due

logger = logging.getLogger(__name__)

PUSH_PENDING_KEY = "switchboard:changes:push-pending"
PUSH_PENDING_SECONDS = 10


@shared_task(name="changes.push", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def push_change(change_id: int) -> int:
    """Send the change, then every other due change while there are any; how many were sent."""
    started = time.monotonic()
    sent = 0
    try:
        lines = services.claim(change_id, others=settings.CHANGES_PUSH_BATCH - 1)
        while True:
            if not lines:
                # Changes come in bursts: a moment's wait spares a new task for the next one.
                time.sleep(settings.CHANGES_PUSH_LINGER_SECONDS)
                lines = services.claim(others=settings.CHANGES_PUSH_BATCH)
            if not lines:
                push_done()
                # Changes committed before that found a push pending and sent no message.
                lines = services.claim(others=settings.CHANGES_PUSH_BATCH)
                if not lines:
                    return sent
            push_running(change_id)
            sent += push.push_round(lines)
            if time.monotonic() - started > settings.CHANGES_PUSH_SECONDS:
                push_done()
                publish(change_id)  # a fresh task goes on, so that none runs for ever
                return sent
            lines = services.claim(others=settings.CHANGES_PUSH_BATCH)
    except Exception:
        push_done()  # what this push held, the sweeper takes back; new changes wake another
        raise


@shared_task(name="changes.sweep", ignore_result=True)
def sweep_changes() -> dict[str, int]:
    return services.sweep()


@receiver(change_due, dispatch_uid="changes.tasks.publish")
def on_change_due(sender, change_id: int, countdown=None, by_sweeper=False, **kwargs) -> bool:
    return publish(change_id, countdown=countdown, by_sweeper=by_sweeper)


def publish(change_id: int, countdown: float | None = None, by_sweeper: bool = False) -> bool:
    """Queue a push for the change, unless a push pending will send it; False: broker down."""
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
    url = push_change.app.conf.broker_url
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(
            url.replace("redis+socket://", "unix://", 1),
            socket_timeout=2,
            socket_connect_timeout=2,
        )
    return _clients[url]
