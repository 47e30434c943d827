"""Sending claimed changes to APIO, many objects at once, and recording what happened.

A round reads each object first when a change must be checked for conflicts, sends the
requests side by side on a small thread pool and records every outcome in one transaction.
PUTs to one object go as one request; when APIO refuses it, they go again one by one. The
items of a collection are created (POST), updated and deleted one request each (`items`).
While the round runs, its heartbeat renews the lease of the changes it holds. Database work
stays on the caller's thread (and the heartbeat's); the pool only talks to APIO. The task
that runs rounds until nothing is due is in `portal.changes.tasks`.
"""

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings

from portal.apio.client import get_client
from portal.apio.errors import PermanentApioError, TransientApioError
from portal.changes import services
from portal.changes.models import AttemptOutcome, PendingChange
from portal.changes.push import conflicts, items
from portal.changes.push.batch import Batch
from portal.changes.push.heartbeat import Heartbeat
from portal.changes.services import UNSENT, Outcome
from portal.core import PerProcess
from portal.reasons import ALREADY_APPLIED

logger = logging.getLogger(__name__)


def push_round(lines: list[list[PendingChange]]) -> int:
    """Send the claimed lines and record their outcomes; how many changes they held."""
    batches = [Batch(line) for line in lines]
    with Heartbeat([change for line in lines for change in line], len(lines)) as heartbeat:
        services.record(send_round(batches, heartbeat))
    return sum(len(line) for line in lines)


def send_round(batches: list[Batch], heartbeat: Heartbeat) -> list[Outcome]:
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
        if isinstance(current, Outcome):  # the read failed, or found the batch applied already
            results.append(current)
            continue
        sendable, held_back = (
            conflicts.check(batch, current, own_values) if current else (batch, [])
        )
        results += held_back
        if sendable is None:
            continue
        if current and conflicts.already_on_platform(sendable, current):
            # Its earlier sending reached APIO after all: sending it again would apply it twice.
            results.append(sendable.outcome(AttemptOutcome.APPLIED, message=ALREADY_APPLIED))
        else:
            to_send.append(sendable)
    sent = run_all(lambda batch: send(batch, heartbeat), to_send)
    refused_together = []
    for batch, outcome in zip(to_send, sent, strict=True):
        if outcome.kind == AttemptOutcome.PERMANENT and len(batch.changes) > 1:
            refused_together.append(batch)
        else:
            results.append(outcome)
    for outcomes in run_all(lambda batch: send_apart(batch, heartbeat), refused_together):
        results += outcomes
    return results


def needs_reading(batch: Batch) -> bool:
    """A PUT is checked for conflicts when it says what the form started from, and for what
    APIO already holds when an earlier sending of it may have got through; so is the create
    or delete of an item that may have got through."""
    if batch.head.method != "PUT":
        return items.item_read_first(batch) is not None
    return any(member.snapshot or member.maybe_sent for member in batch.changes)


def read_current(batch: Batch) -> dict | Outcome:
    """The object as APIO holds it ({} when nothing is to be checked); or the batch's
    outcome, when the read failed or showed the batch applied already."""
    try:
        if batch.head.method == "PUT":
            return items.read_for_update(batch, get_client())
        return items.read_item(batch, get_client())
    except Exception as exc:  # noqa: BLE001 (every failure is recorded on the change)
        return failure(batch, exc)


def send(batch: Batch, heartbeat: Heartbeat) -> Outcome:
    if not heartbeat.holds():
        return batch.outcome(UNSENT)  # the sweeper may give it to another push: not ours to send
    try:
        if batch.head.method == "DELETE" and not batch.payload:
            get_client().delete(batch.head.path)  # no body
        else:
            get_client().request(batch.head.method, batch.head.path, batch.payload)
    except Exception as exc:  # noqa: BLE001 (every failure is recorded on the change)
        if items.removed_already(batch, exc):
            return items.removed(batch)
        return failure(batch, exc)
    return batch.outcome(AttemptOutcome.APPLIED, status_code=200)


def send_apart(batch: Batch, heartbeat: Heartbeat) -> list[Outcome]:
    """After APIO refused a merged request: each change on its own, in order, so that each
    fails or applies on its own merits (one invalid change does not take the valid ones down).
    A change that could not be sent now keeps the ones behind it waiting."""
    outcomes = []
    for number, member in enumerate(batch.changes):
        outcome = send(batch.part([member]), heartbeat)
        outcomes.append(outcome)
        if outcome.kind not in (AttemptOutcome.APPLIED, AttemptOutcome.PERMANENT):
            if rest := batch.changes[number + 1 :]:
                outcomes.append(batch.part(rest).outcome(UNSENT))
            break
    return outcomes


def failure(batch: Batch, exc: Exception) -> Outcome:
    if isinstance(exc, PermanentApioError):
        return batch.outcome(
            AttemptOutcome.PERMANENT,
            status_code=exc.status,
            message=exc.message,
            field_errors=exc.field_messages(),
        )
    if isinstance(exc, TransientApioError):
        return batch.outcome(AttemptOutcome.TRANSIENT, status_code=exc.status, message=str(exc))
    # A fault of ours: retried like an outage until the deadline, and never silent.
    logger.exception("pushing change %s failed unexpectedly", batch.head.pk)
    return batch.outcome(AttemptOutcome.TRANSIENT, message=f"Unexpected error: {exc}")


# -- the thread pool -------------------------------------------------------------------------

_pool = PerProcess(
    lambda: ThreadPoolExecutor(
        max_workers=settings.CHANGES_PUSH_THREADS, thread_name_prefix="apio-push"
    )
)


def run_all(call: Callable[[Batch], Any], batches: list[Batch]) -> list[Any]:
    """`call` for each batch, side by side when there are several; results in order."""
    if len(batches) <= 1:
        return [call(batch) for batch in batches]
    return list(_pool.get().map(call, batches))
