"""Sending changes to APIO, many objects at once, and recording what happened.

A push takes the change its task names and the due heads of other objects, reads each object
first when the change must be checked for conflicts, sends the requests side by side on a small
thread pool and writes every outcome in one transaction; then it takes the next due changes,
until none is left. Database work stays on the task's own thread; the pool only talks to APIO.
"""

import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.utils import timezone

from portal.apio.client import get_client
from portal.apio.errors import PermanentApioError, TransientApioError
from portal.changes import conflicts, services
from portal.changes.models import AttemptOutcome
from portal.changes.services import UNSENT, Batch, Outcome

logger = logging.getLogger(__name__)


def push(change_id: int) -> int:
    """Send the change, then every other due change while there are any; how many were sent."""
    started = time.monotonic()
    sent = 0
    try:
        batches = services.claim(change_id, others=settings.CHANGES_PUSH_BATCH - 1)
        while True:
            if not batches:
                # Changes come in bursts: a moment's wait spares a new task for the next one.
                time.sleep(settings.CHANGES_PUSH_LINGER_SECONDS)
                batches = services.claim(others=settings.CHANGES_PUSH_BATCH)
            if not batches:
                services.push_done()
                # Changes committed before that found a push pending and sent no message.
                batches = services.claim(others=settings.CHANGES_PUSH_BATCH)
                if not batches:
                    return sent
            services.push_running(change_id)
            send_and_record(batches)
            sent += sum(len(batch.changes) for batch in batches)
            if time.monotonic() - started > settings.CHANGES_PUSH_SECONDS:
                services.push_done()
                services.enqueue(change_id)  # a fresh task goes on, so that none runs for ever
                return sent
            batches = services.claim(others=settings.CHANGES_PUSH_BATCH)
    except Exception:
        services.push_done()  # what this push held, the sweeper takes back; new changes wake
        raise


def send_and_record(batches: list[Batch]) -> None:
    to_read = [batch for batch in batches if needs_reading(batch)]
    readings = dict(zip([b.head.pk for b in to_read], run_all(read_current, to_read), strict=True))
    looked_changed = [
        member
        for batch in to_read
        if not isinstance(readings[batch.head.pk], Outcome)
        for member in conflicts.suspects(batch, readings[batch.head.pk])
    ]
    own_values = conflicts.own_recent_values(looked_changed)
    results: list[Outcome] = []
    to_send: list[Batch] = []
    for batch in batches:
        current = readings.get(batch.head.pk, {})
        if isinstance(current, Outcome):  # the read itself failed
            results.append(current)
            continue
        sendable, held_back = (
            conflicts.check(batch, current, own_values) if current else (batch, [])
        )
        results += held_back
        if sendable is not None:
            to_send.append(sendable)
    results += run_all(send, to_send)
    services.record(results)


def needs_reading(batch: Batch) -> bool:
    return batch.head.method == "PUT" and any(member.snapshot for member in batch.changes)


def read_current(batch: Batch) -> dict | Outcome:
    try:
        return get_client().get(batch.head.path) or {}
    except Exception as exc:  # noqa: BLE001 (every failure is recorded on the change)
        return failure(batch, exc)


def send(batch: Batch) -> Outcome:
    if timezone.now() >= batch.head.lease_expires_at:
        return Outcome(batch, UNSENT)  # held too long: the sweeper may give it to another push
    try:
        get_client().request(batch.head.method, batch.head.path, batch.payload)
    except Exception as exc:  # noqa: BLE001 (every failure is recorded on the change)
        return failure(batch, exc)
    return Outcome(batch, AttemptOutcome.APPLIED, status_code=200)


def failure(batch: Batch, exc: Exception) -> Outcome:
    if isinstance(exc, PermanentApioError):
        return Outcome(
            batch,
            AttemptOutcome.PERMANENT,
            status_code=exc.status,
            message=exc.message,
            field_errors=exc.field_messages(),
        )
    if isinstance(exc, TransientApioError):
        return Outcome(batch, AttemptOutcome.TRANSIENT, status_code=exc.status, message=str(exc))
    # A fault of ours: retried like an outage until the deadline, and never silent.
    logger.exception("pushing change %s failed unexpectedly", batch.head.pk)
    return Outcome(batch, AttemptOutcome.TRANSIENT, message=f"Unexpected error: {exc}")


# -- the thread pool -------------------------------------------------------------------------

_pools: dict[int, ThreadPoolExecutor] = {}


def run_all(call: Callable[[Batch], Any], batches: list[Batch]) -> list[Any]:
    """`call` for each batch, side by side when there are several; results in order."""
    if len(batches) <= 1:
        return [call(batch) for batch in batches]
    pid = os.getpid()  # a forked worker process starts its own threads
    pool = _pools.get(pid)
    if pool is None:
        _pools.clear()
        pool = _pools[pid] = ThreadPoolExecutor(
            max_workers=settings.CHANGES_PUSH_THREADS, thread_name_prefix="apio-push"
        )
    return list(pool.map(call, batches))
