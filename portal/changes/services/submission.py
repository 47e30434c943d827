"""A person's change in, with its audit entry; and what people do with their changes later."""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from portal.accounts.models import AuditEntry, User
from portal.changes.models import ChangeStatus, PendingChange
from portal.changes.paths import object_key
from portal.changes.secrets import mask_secrets, strip_secrets
from portal.changes.services import waking
from portal.changes.services.inserts import insert_together
from portal.core import UserRef


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


class AlreadyQueued(Exception):
    """The same person's identical change to the same object is queued already."""

    def __init__(self, change: PendingChange) -> None:
        super().__init__(_("This change is queued already."))
        self.change = change


def fingerprint(request: ChangeRequest) -> str:
    # Keyed: the payload may hold a PIN, which a plain digest would let be guessed. The items
    # of a collection share its line: the item's path tells their changes apart.
    parts = [request.method, request.payload]
    if request.path != object_key(request.method, request.path):
        parts.insert(1, request.path)
    text = json.dumps(parts, sort_keys=True, default=str)
    return salted_hmac("changes.fingerprint", text, algorithm="sha256").hexdigest()


def submit_change(actor: User, request: ChangeRequest, acting_for: str = "") -> PendingChange:
    """Store the change and its audit entry together; queue the push once both are committed.

    Raises AlreadyQueued for a second identical change while the first one waits (a double
    click): the database refuses it, so two requests at once cannot both get in.
    """
    digest = fingerprint(request)
    try:
        return _store(actor, request, acting_for, digest)
    except IntegrityError:
        queued = PendingChange.objects.filter(
            created_by=actor, object_key=object_key(request.method, request.path),
            fingerprint=digest,
            status=ChangeStatus.QUEUED,
        ).first()  # fmt: skip
        if queued is None:  # sent in the meantime: this one is a change of its own
            return _store(actor, request, acting_for, digest)
        raise AlreadyQueued(queued) from None


def _store(actor: User, request: ChangeRequest, acting_for: str, digest: str) -> PendingChange:
    now = timezone.now()
    change = PendingChange(
        fingerprint=digest,
        created_by=actor,
        tenant_id=request.target.tenant_id,
        group_id=request.target.group_id,
        user_id=request.target.user_id,
        feature=request.feature,
        definition=request.definition,
        method=request.method,
        path=request.path,
        object_key=object_key(request.method, request.path),
        payload=request.payload,
        snapshot=request.snapshot,
        loaded_at=request.loaded_at or now,
        queued_at=now,
        next_attempt_at=now,
        deadline_at=now + timedelta(seconds=settings.CHANGES_RETRY_DEADLINE_SECONDS),
    )
    entry = audit_entry(
        actor, change, f"{request.method.lower()} {request.definition}",
        fields=audit_fields(request), acting_for=acting_for,
    )  # fmt: skip
    insert_together(change, entry)
    # Asked once both rows are committed (at once, unless a caller's transaction holds them).
    transaction.on_commit(lambda: waking.wake(change.pk))
    return change


def audit(
    actor: User, change: PendingChange, action: str, fields: dict | None = None, acting_for=""
) -> AuditEntry:
    entry = audit_entry(actor, change, action, fields, acting_for)
    entry.save(force_insert=True)
    return entry


def audit_entry(
    actor: User, change: PendingChange, action: str, fields: dict | None = None, acting_for=""
) -> AuditEntry:
    return AuditEntry(
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


def requeue(change: PendingChange, actor: User, action: str, **fields) -> PendingChange:
    try:
        return _requeue(change, actor, action, **fields)
    except IntegrityError:
        change.refresh_from_db()
        raise ValueError(_("The same change is queued already: it is sent once.")) from None


def _requeue(change: PendingChange, actor: User, action: str, **fields) -> PendingChange:
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
        transaction.on_commit(lambda: waking.wake(change.pk))
    return change


def retry_change(change: PendingChange, actor: User) -> PendingChange:
    if not change.can_retry:
        raise ValueError(_("Only a failed change can be retried."))
    if change.redacted_fields:
        raise ValueError(_("This change held a password or PIN, which is not kept: edit it again."))
    return requeue(change, actor, "retry")


def reapply_change(change: PendingChange, actor: User) -> PendingChange:
    """Keep the person's values over the platform's: the platform values become the snapshot."""
    if change.status != ChangeStatus.CONFLICT:
        raise ValueError(_("Only a change in conflict can be re-applied."))
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
            raise ValueError(_("This change is being sent or is already done."))
        change.refresh_from_db()
        change.payload, change.redacted_fields = strip_secrets(change.definition, change.payload)
        change.save(update_fields=["payload", "redacted_fields", "updated_at"])
        audit(actor, change, "cancel")
        transaction.on_commit(lambda: waking.wake_heads({change.object_key}))
    return change
