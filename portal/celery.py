import contextlib
import functools
import os
from queue import Empty

from celery import Celery
from celery.signals import worker_init
from kombu.transport import redis as kombu_redis

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def _close_even_when_redis_is_gone(close):
    """Let a Redis channel close when its connection died while it waited for a message.

    Closing a channel first reads the reply of the BRPOP it sent (so that a message Redis
    popped meanwhile is not lost). With Redis gone that read raises a connection error, which
    left the channel half closed: still holding the messages it received but had not
    acknowledged (ETA tasks, late-acknowledged tasks). The worker then releases the
    transport and closes the channel again; this time it tries to put those messages back,
    needs the released transport's address, and the AttributeError this raises stops the
    worker ("Unrecoverable error ... 'NoneType' object has no attribute 'hostname'").

    With no reply to read, the channel goes on closing at once: its messages are put back
    if Redis answers, and otherwise stay in Redis's unacknowledged set, which the transport
    restores after the visibility timeout. kombu 5.7.0 (the latest) has this behaviour, on
    unix sockets and TCP alike; remove this patch once a release closes such a channel.
    """

    @functools.wraps(close)
    def close_channel(self):
        if self._in_poll:
            with contextlib.suppress(Empty, *self.connection_errors):
                self._brpop_read()  # clears _in_poll, whatever happens
        if getattr(self.connection, "client", None) is None:
            # Released already (the other ways a lost connection closes a channel): its
            # messages cannot be put back from here, and stay for the visibility timeout.
            self.do_restore = False
        return close(self)

    return close_channel


kombu_redis.Channel.close = _close_even_when_redis_is_gone(kombu_redis.Channel.close)

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def wait_longer_for_apio(**kwargs) -> None:
    """A worker's pushes wait for APIO longer than a page would (its children inherit it)."""
    from portal.apio.client import use_push_timeouts

    use_push_timeouts()


@app.task(name="portal.ping")
def ping(value: str = "pong") -> str:
    """Echo task: proves a worker is consuming the broker (health checks, tests)."""
    return value
