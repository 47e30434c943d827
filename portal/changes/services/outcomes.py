"""Writing down what became of the batches a push sent: one transaction for all of them.

Each batch ends one way: applied, rejected by APIO (final, with its reason), a transient
error (queued again with backoff until the deadline, then failed), a conflict (the head
waits for a person), or unsent (put back in line as it was). Once committed, the next
change of each object whose line moved on is queued. An outcome counts only while its push
still holds the changes: the sweeper may have given them to another.
"""

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from portal.changes.models import (
    FINAL_STATUSES,
    AttemptOutcome,
    ChangeAttempt,
    ChangeStatus,
    PendingChange,
)
from portal.changes.secrets import strip_secrets
from portal.changes.services import waking
from portal.changes.signals import changes_applied

logger = logging.getLogger(__name__)

UNSENT = "unsent"


@dataclass
class Outcome:
    """How one request ended for the changes it carried (the first one leads the line)."""

    changes: list[PendingChange]
    kind: str  # an AttemptOutcome, or UNSENT
    status_code: int | None = None
    message: str = ""
    field_errors: dict = field(default_factory=dict)
    conflict: dict = field(default_factory=dict)
    started: datetime = field(default_factory=timezone.now)

    @property
    def head(self) -> PendingChange:
        return self.changes[0]


def record(outcomes: list[Outcome]) -> None:
    now = timezone.now()
    attempts: list[ChangeAttempt] = []
    changed: list[PendingChange] = []
    unsent: list[int] = []
    retries: dict[int, float] = {}  # head -> seconds until its next attempt
    moved_on: set[str] = set()  # objects whose line may now have a new head
    # APIO holds these already: what was read of their objects is stale from now, not only
    # once the outcome is committed (a page polling the status could reload in between); and
    # told before the transaction, so that no write waits on the listeners. A change the
    # sweeper took back meanwhile is forgotten needlessly, which costs a read, nothing more.
    _tell_applied(
        [change for outcome in outcomes if outcome.kind == AttemptOutcome.APPLIED
         for change in outcome.changes]
    )  # fmt: skip
    with transaction.atomic():
        _commit_without_waiting_for_the_disk()
        held = _still_held([member for outcome in outcomes for member in outcome.changes])
        for outcome in outcomes:
            members = [member for member in outcome.changes if member.pk in held]
            if outcome.kind == UNSENT or not members:
                unsent += [member.pk for member in members]
                continue
            retry_at = now + timedelta(seconds=waking.backoff_seconds(members[0].attempt_count + 1))
            for member in members:
                attempts.append(_attempt(member, outcome, now))
                _apply(member, outcome, now, retry_at)
                changed.append(member)
            if members[0].status == ChangeStatus.QUEUED:
                retries[members[0].pk] = (retry_at - now).total_seconds()
            else:
                moved_on.add(members[0].object_key)
        ChangeAttempt.objects.bulk_create(attempts)
        _save(changed, now)
        if unsent:
            PendingChange.objects.filter(pk__in=unsent).update(
                status=ChangeStatus.QUEUED, sender="", lease_expires_at=None, updated_at=now
            )
        transaction.on_commit(lambda: _after_commit(retries, moved_on))


def _still_held(changes: list[PendingChange]) -> set[int]:
    """The changes this push still holds: the sweeper may have taken back one whose lease
    lapsed."""
    senders = dict(
        PendingChange.objects.select_for_update()
        .filter(pk__in=[change.pk for change in changes], status=ChangeStatus.SENDING)
        .order_by("pk")  # in id order, as a claim locks: neither waits on the other in turn
        .values_list("pk", "sender")
    )
    held = {change.pk for change in changes if senders.get(change.pk) == change.sender}
    if len(held) < len(changes):
        lost = sorted(change.pk for change in changes if change.pk not in held)
        logger.warning("changes %s were taken back before their outcome was recorded", lost)
    return held


def _save(changed: list[PendingChange], now: datetime) -> None:
    """One UPDATE per set of changes that ended alike (usually one for a whole round)."""
    alike: dict[str, list[PendingChange]] = defaultdict(list)
    for change in changed:
        alike[json.dumps(_recorded(change), sort_keys=True, default=str)].append(change)
    for members in alike.values():
        PendingChange.objects.filter(pk__in=[member.pk for member in members]).update(
            **_recorded(members[0]),
            sender="",
            lease_expires_at=None,
            attempt_count=F("attempt_count") + 1,
            updated_at=now,
        )
    for change in changed:
        if change.redacted_fields:  # secrets are not kept once a change is done
            PendingChange.objects.filter(pk=change.pk).update(
                payload=change.payload, redacted_fields=change.redacted_fields
            )


def _recorded(change: PendingChange) -> dict:
    """The fields an outcome sets (a change queued again keeps its own next attempt time)."""
    fields = {
        "status": change.status,
        "message": change.message,
        "field_errors": change.field_errors,
        "conflict": change.conflict,
        "finished_at": change.finished_at,
        "merged_into_id": change.merged_into_id,
        "maybe_sent": change.maybe_sent,
    }
    if change.status == ChangeStatus.QUEUED:
        fields["next_attempt_at"] = change.next_attempt_at
    return fields


def _attempt(change: PendingChange, outcome: Outcome, now: datetime) -> ChangeAttempt:
    change.attempt_count += 1
    return ChangeAttempt(
        change=change,
        number=change.attempt_count,
        started_at=outcome.started,
        finished_at=now,
        outcome=outcome.kind,
        status_code=outcome.status_code,
        message=outcome.message[:2000],
    )


def _apply(change: PendingChange, outcome: Outcome, now: datetime, retry_at: datetime) -> None:
    change.lease_expires_at = None
    change.updated_at = now
    if outcome.kind == AttemptOutcome.APPLIED:
        head = outcome.head
        _finish(change, ChangeStatus.APPLIED, now, message="")
        change.merged_into = head if change is not head else None
    elif outcome.kind == AttemptOutcome.PERMANENT:
        message, field_errors = outcome.message, outcome.field_errors
        _finish(change, ChangeStatus.FAILED, now, message=message, field_errors=field_errors)
    elif outcome.kind == AttemptOutcome.CONFLICT:
        _finish(change, ChangeStatus.CONFLICT, now, message=outcome.message)
        change.conflict = outcome.conflict
    elif now >= change.deadline_at:  # transient, and out of time
        attempts = "attempt" if change.attempt_count == 1 else "attempts"
        reason = (
            f"APIO could not be reached after {change.attempt_count} {attempts}: {outcome.message}"
        )
        _finish(change, ChangeStatus.FAILED, now, message=reason)
    else:  # transient: back in line after a backoff
        change.status = ChangeStatus.QUEUED
        change.message = outcome.message
        change.next_attempt_at = retry_at


def _finish(change: PendingChange, status: str, now: datetime, **fields) -> None:
    change.status = status
    change.maybe_sent = False
    change.finished_at = now
    for name, value in fields.items():
        setattr(change, name, value)
    if status in FINAL_STATUSES:
        change.payload, change.redacted_fields = strip_secrets(change.definition, change.payload)


def _after_commit(retries: dict[int, float], moved_on: set[str]) -> None:
    for head_id, delay in retries.items():
        waking.wake(head_id, countdown=max(0.0, delay) or None)
    if moved_on:
        waking.wake_heads(moved_on)


def _tell_applied(applied: list[PendingChange]) -> None:
    if not applied:
        return
    # A listener that fails (its cache is down) must not stop the next changes going out.
    replies = changes_applied.send_robust(sender=PendingChange, changes=applied)
    for _, error in replies:
        if isinstance(error, Exception):
            logger.error("a listener of changes_applied failed", exc_info=error)


def _commit_without_waiting_for_the_disk() -> None:
    """On PostgreSQL, this transaction's commit does not wait for its WAL to reach the disk.

    Should the database server crash in the fraction of a second before the WAL writer
    flushes it, the outcomes recorded here are lost, never the changes: they are still
    "sending" on a lease that lapses, the sweeper takes them back as maybe sent, and the next
    push reads each object first and records as applied what APIO already holds (nothing is
    sent twice). Submitting and claiming still wait for the disk: a change the person was told
    is queued, and a claim that lets a request go out, must survive a crash.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
