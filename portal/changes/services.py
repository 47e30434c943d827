"""The only code that writes pending changes. Views and tasks call these functions."""

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone

from portal.accounts.models import AuditEntry, User
from portal.apio.paths import UserRef
from portal.changes.models import (
    FINAL_STATUSES,
    OPEN_STATUSES,
    AttemptOutcome,
    ChangeAttempt,
    ChangeStatus,
    PendingChange,
)
from portal.changes.secrets import mask_secrets, strip_secrets

logger = logging.getLogger(__name__)

MAX_MERGED_CHANGES = 50


@dataclass(frozen=True)
class ChangeRequest:
    """What a form hands over: where the change goes and what it changes."""

    target: UserRef
    feature: str
    definition: str
    method: str
    path: str
    payload: dict
    snapshot: dict
    loaded_at: datetime | None = None


def submit_change(actor: User, request: ChangeRequest, acting_for: str = "") -> PendingChange:
    """Store the change and its audit entry together; queue the push once both are committed."""
    now = timezone.now()
    with transaction.atomic():
        change = PendingChange.objects.create(
            created_by=actor,
            tenant_id=request.target.tenant_id,
            group_id=request.target.group_id,
            user_id=request.target.user_id,
            feature=request.feature,
            definition=request.definition,
            method=request.method,
            path=request.path,
            object_key=request.path,
            payload=request.payload,
            snapshot=request.snapshot,
            loaded_at=request.loaded_at or now,
            queued_at=now,
            next_attempt_at=now,
            deadline_at=now + timedelta(seconds=settings.CHANGES_RETRY_DEADLINE_SECONDS),
        )
        audit(
            actor, change, f"{request.method.lower()} {request.definition}",
            fields=audit_fields(request), acting_for=acting_for,
        )  # fmt: skip
        transaction.on_commit(lambda: enqueue(change.pk))
    return change


def audit(
    actor: User, change: PendingChange, action: str, fields: dict | None = None, acting_for=""
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        acting_for=acting_for,
        tenant_id=change.tenant_id,
        group_id=change.group_id,
        target_user_id=change.user_id,
        feature=change.feature,
        action=action,
        fields=fields or {},
        change=change,
    )


def audit_fields(request: ChangeRequest) -> dict:
    new = mask_secrets(request.definition, request.payload)
    old = mask_secrets(request.definition, request.snapshot)
    return {name: {"old": old.get(name), "new": value} for name, value in new.items()}


def enqueue(change_id: int, countdown: float | None = None, by_sweeper: bool = False) -> bool:
    """Hand the change to the broker; when it is down, the sweeper queues it later."""
    from portal.changes.tasks import push_change

    try:
        push_change.apply_async((change_id,), countdown=countdown)
    except Exception as exc:  # broker unreachable: the change is safe in the database
        logger.warning("change %s not queued yet (%s); the sweeper will", change_id, exc)
        return False
    if by_sweeper:
        # Remembered so that the next sweeps leave the message time to be consumed.
        PendingChange.objects.filter(pk=change_id).update(enqueued_at=timezone.now())
    return True


# -- the push: claim, then record the outcome --------------------------------------------


def claim_batch(change_id: int) -> list[PendingChange]:
    """Take the change for sending if it is first in line for its object.

    Consecutive queued PUTs to the same object come along, to be sent as one request.
    An empty list means: nothing to do now (sent already, not its turn, or not due yet).
    """
    now = timezone.now()
    object_key = PendingChange.objects.filter(pk=change_id).values("object_key")[:1]
    with transaction.atomic():
        # The whole line of open changes to the object, locked: one claim at a time per object.
        line = list(
            PendingChange.objects.select_for_update()
            .filter(object_key=Subquery(object_key), status__in=OPEN_STATUSES)
            .order_by("queued_at", "id")[:MAX_MERGED_CHANGES]
        )
        change = line[0] if line else None
        if change is None or change.pk != change_id:
            return []  # done already, or not its turn: the change before it will call it
        if change.status != ChangeStatus.QUEUED or change.next_attempt_at > now:
            return []
        batch = [change]
        if change.method == "PUT":
            for follower in line[1:]:
                if follower.method != "PUT" or follower.status != ChangeStatus.QUEUED:
                    break
                batch.append(follower)
        lease = now + timedelta(seconds=settings.CHANGES_LEASE_SECONDS)
        PendingChange.objects.filter(pk__in=[c.pk for c in batch]).update(
            status=ChangeStatus.SENDING, lease_expires_at=lease
        )
        for member in batch:
            member.status = ChangeStatus.SENDING
    return batch


def _attempt(change: PendingChange, started: datetime, outcome: str, status_code, message: str):
    change.attempt_count += 1
    ChangeAttempt.objects.create(
        change=change,
        number=change.attempt_count,
        started_at=started,
        finished_at=timezone.now(),
        outcome=outcome,
        status_code=status_code,
        message=message[:2000],
    )


def _finish(change: PendingChange, status: str, **fields) -> None:
    change.status = status
    change.finished_at = timezone.now()
    change.lease_expires_at = None
    for name, value in fields.items():
        setattr(change, name, value)
    if status in FINAL_STATUSES:
        change.payload, change.redacted_fields = strip_secrets(change.definition, change.payload)
    change.save()


def record_applied(batch: list[PendingChange], started: datetime, status_code: int) -> None:
    head = batch[0]
    with transaction.atomic():
        for member in batch:
            _attempt(member, started, AttemptOutcome.APPLIED, status_code, "")
            merged_into = head if member is not head else None
            _finish(member, ChangeStatus.APPLIED, message="", merged_into=merged_into)
        transaction.on_commit(lambda: enqueue_next(head.object_key))


def record_rejected(
    batch: list[PendingChange], started: datetime, status_code: int, message: str, fields: dict
) -> None:
    """A 4xx: final at once, with APIO's reason for the person to read."""
    together = [m.pk for m in batch]
    with transaction.atomic():
        for member in batch:
            note = message
            if len(batch) > 1:
                others = ", ".join(f"#{pk}" for pk in together if pk != member.pk)
                note = f"{message} (sent together with {others})"
            _attempt(member, started, AttemptOutcome.PERMANENT, status_code, note)
            _finish(member, ChangeStatus.FAILED, message=note, field_errors=fields)
        transaction.on_commit(lambda: enqueue_next(batch[0].object_key))


def record_transient(
    batch: list[PendingChange], started: datetime, status_code: int | None, message: str
) -> None:
    """Try again later with backoff, until the change's deadline; then it has failed."""
    now = timezone.now()
    retry_in = None
    with transaction.atomic():
        for member in batch:
            _attempt(member, started, AttemptOutcome.TRANSIENT, status_code, message)
            if now >= member.deadline_at:
                reason = (
                    f"APIO could not be reached after {member.attempt_count} attempts: {message}"
                )
                _finish(member, ChangeStatus.FAILED, message=reason)
                continue
            delay = backoff_seconds(member.attempt_count)
            retry_in = delay if retry_in is None else min(retry_in, delay)
            member.status = ChangeStatus.QUEUED
            member.lease_expires_at = None
            member.message = message
            member.next_attempt_at = now + timedelta(seconds=delay)
            member.save()
        head = batch[0]
        if head.status == ChangeStatus.QUEUED:
            transaction.on_commit(lambda: enqueue(head.pk, countdown=retry_in))
        else:
            transaction.on_commit(lambda: enqueue_next(head.object_key))


def record_conflict(change: PendingChange, started: datetime, conflict: dict) -> None:
    with transaction.atomic():
        names = ", ".join(sorted(conflict))
        message = f"Changed on the platform since the form was loaded: {names}"
        _attempt(change, started, AttemptOutcome.CONFLICT, None, message)
        _finish(change, ChangeStatus.CONFLICT, message=message, conflict=conflict)
        transaction.on_commit(lambda: enqueue_next(change.object_key))


def release_unsent(batch: list[PendingChange]) -> None:
    """Put changes that were claimed but not sent back in line, unchanged."""
    PendingChange.objects.filter(pk__in=[m.pk for m in batch], status=ChangeStatus.SENDING).update(
        status=ChangeStatus.QUEUED, lease_expires_at=None
    )


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter, so that retries from many changes spread out."""
    base = settings.CHANGES_BACKOFF_BASE_SECONDS * 2 ** max(0, attempt - 1)
    capped = min(base, settings.CHANGES_BACKOFF_MAX_SECONDS)
    return capped * random.uniform(0.5, 1.0)  # noqa: S311 (jitter, not security)


def enqueue_next(object_key: str) -> None:
    head = (
        PendingChange.objects.filter(object_key=object_key, status__in=OPEN_STATUSES)
        .order_by("queued_at", "id")
        .first()
    )
    if head is not None and head.status == ChangeStatus.QUEUED:
        delay = max(0.0, (head.next_attempt_at - timezone.now()).total_seconds())
        enqueue(head.pk, countdown=delay or None)


# -- what people do with their changes ----------------------------------------------------


def requeue(change: PendingChange, actor: User, action: str, **fields) -> PendingChange:
    now = timezone.now()
    with transaction.atomic():
        for name, value in fields.items():
            setattr(change, name, value)
        change.status = ChangeStatus.QUEUED
        change.queued_at = change.next_attempt_at = now
        change.deadline_at = now + timedelta(seconds=settings.CHANGES_RETRY_DEADLINE_SECONDS)
        change.finished_at = None
        change.message = ""
        change.field_errors = {}
        change.save()
        audit(actor, change, action)
        transaction.on_commit(lambda: enqueue(change.pk))
    return change


def retry_change(change: PendingChange, actor: User) -> PendingChange:
    if not change.can_retry:
        raise ValueError("Only a failed change can be retried.")
    if change.redacted_fields:
        raise ValueError("This change held a password or PIN, which is not kept: edit it again.")
    return requeue(change, actor, "retry")


def reapply_change(change: PendingChange, actor: User) -> PendingChange:
    """Keep the person's values over the platform's: the platform values become the snapshot."""
    if change.status != ChangeStatus.CONFLICT:
        raise ValueError("Only a change in conflict can be re-applied.")
    snapshot = {**change.snapshot}
    snapshot.update({name: values["platform"] for name, values in change.conflict.items()})
    return requeue(
        change, actor, "reapply", snapshot=snapshot, conflict={}, loaded_at=timezone.now()
    )


def cancel_change(change: PendingChange, actor: User) -> PendingChange:
    with transaction.atomic():
        updated = PendingChange.objects.filter(
            pk=change.pk, status__in=(ChangeStatus.QUEUED, ChangeStatus.CONFLICT)
        ).update(status=ChangeStatus.CANCELLED, finished_at=timezone.now())
        if not updated:
            raise ValueError("This change is being sent or is already done.")
        change.refresh_from_db()
        change.payload, change.redacted_fields = strip_secrets(change.definition, change.payload)
        change.save(update_fields=["payload", "redacted_fields", "updated_at"])
        audit(actor, change, "cancel")
        transaction.on_commit(lambda: enqueue_next(change.object_key))
    return change


# -- the sweeper ---------------------------------------------------------------------------


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
                requeued += enqueue(head.pk, by_sweeper=True)
            continue
        due = head.next_attempt_at + grace < now
        stale = head.enqueued_at is None or head.enqueued_at + grace < now
        if due and stale:
            requeued += enqueue(head.pk, by_sweeper=True)
    return {"recovered": recovered, "requeued": requeued}
