"""Sending claimed changes to APIO, many objects at once, and recording what happened.

A round reads each object first when a change must be checked for conflicts, sends the
requests side by side on a small thread pool (a thread sends what it read, without waiting
for the other reads) and records every outcome in one transaction.
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
        outcomes = send_round(batches, heartbeat)
    # Recorded once the heartbeat has stopped: a renewal and the record, each locking the
    # same rows, never wait on each other. The record counts only what the round still holds.
    services.record(outcomes)
    return sum(len(line) for line in lines)


def send_round(batches: list[Batch], heartbeat: Heartbeat) -> list[Outcome]:
    """Each batch read (when it must be) and sent by one thread of the pool, without waiting
    for the others; a batch whose fields look changed on the platform comes back first for
    its author's own recent values (a database read), then goes out in a second wave."""
    results: list[Outcome] = []
    suspected: list[tuple[Batch, dict]] = []
    for done in run_all(lambda batch: read_and_send(batch, heartbeat), batches):
        if isinstance(done, tuple):
            suspected.append(done)
        else:
            results += done
    if suspected:
        own_values = conflicts.own_recent_values(
            [
                member
                for batch, current in suspected
                for member in conflicts.suspects(batch, current)
            ]
        )
        to_send = []
        for batch, current in suspected:
            known, sendable = checked(batch, current, own_values)
            results += known
            if sendable is not None:
                to_send.append(sendable)
        for outcomes in run_all(lambda batch: sent(batch, heartbeat), to_send):
            results += outcomes
    return results


def read_and_send(batch: Batch, heartbeat: Heartbeat) -> list[Outcome] | tuple[Batch, dict]:
    """On a thread of the pool: the batch's outcomes; or, when a field it changes differs on
    the platform, the batch and what was read, for the caller to check against its author's
    own recent changes."""
    current = read_current(batch) if needs_reading(batch) else {}
    if isinstance(current, Outcome):  # the read failed, or found the batch applied already
        return [current]
    if current and conflicts.suspects(batch, current):
        return batch, current
    # No field differs: the author's own recent values could not change the check.
    known, sendable = checked(batch, current, {})
    return known + (sent(sendable, heartbeat) if sendable is not None else [])


def checked(batch: Batch, current: dict, own_values: dict) -> tuple[list[Outcome], Batch | None]:
    """The outcomes known before sending (conflicts, the changes held back, a line APIO holds
    already), and the part of the batch to send, if any."""
    sendable, held_back = conflicts.check(batch, current, own_values) if current else (batch, [])
    if sendable is None:
        return held_back, None
    if current and conflicts.already_on_platform(sendable, current):
        # Its earlier sending reached APIO after all: sending it again would apply it twice.
        return [*held_back, sendable.outcome(AttemptOutcome.APPLIED, message=ALREADY_APPLIED)], None
    return held_back, sendable


def sent(batch: Batch, heartbeat: Heartbeat) -> list[Outcome]:
    """Send the batch; when APIO refuses PUTs merged into one request, each on its own."""
    outcome = send(batch, heartbeat)
    if outcome.kind == AttemptOutcome.PERMANENT and len(batch.changes) > 1:
        return send_apart(batch, heartbeat)
    return [outcome]


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
