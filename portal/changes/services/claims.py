"""Taking changes for sending: the first in line of each object, with the PUTs that follow it.

A push takes the change its task names and, while it is at it, the due heads of other
objects, so that one task sends many changes at once and their bookkeeping shares a
transaction. Two rules keep the order per object whatever else runs at the same time:

- a change is taken only when no earlier change to its object is still open, judged on a
  plain read that also sees rows other workers are taking;
- rows are taken under lock (skipping rows another worker holds) and only while queued, and a
  follower only with its head.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone

from portal.changes.models import OPEN_STATUSES, ChangeStatus, PendingChange

MAX_MERGED_CHANGES = 50


@dataclass
class Batch:
    """Changes to one object sent as one request: the head, then the PUTs merged into it."""

    changes: list[PendingChange]
    started: datetime = field(default_factory=timezone.now)

    @property
    def head(self) -> PendingChange:
        return self.changes[0]

    @property
    def payload(self) -> dict:
        merged: dict = {}
        for member in self.changes:
            merged.update(member.payload)
        return merged


def claim(change_id: int | None = None, others: int = 0) -> list[Batch]:
    """The change's batch when it is first in line and due, and up to `others` more objects'.

    An empty list means: nothing to do now (all sent already, not their turn, or not due yet).
    """
    now = timezone.now()
    wanted: dict[str, list[int]] = {}  # object -> the ids to take, head first
    if change_id is not None:
        own_key = PendingChange.objects.filter(pk=change_id).values("object_key")[:1]
        own_line = list(_open_rows(object_key=Subquery(own_key))[:MAX_MERGED_CHANGES])
        ids = _sendable(own_line, now)
        if ids and ids[0] == change_id:
            wanted[own_line[0][KEY]] = ids
    if others:
        _add_other_heads(wanted, now, limit=others)
    if not wanted:
        return []
    with transaction.atomic():
        locked = {
            change.pk: change
            for change in PendingChange.objects.select_for_update(skip_locked=True).filter(
                pk__in=[pk for ids in wanted.values() for pk in ids], status=ChangeStatus.QUEUED
            )
        }
        batches = []
        for ids in wanted.values():
            taken = []
            for pk in ids:  # the head, then followers up to the first one missing
                if pk not in locked:
                    break
                taken.append(locked[pk])
            if taken:
                batches.append(Batch(taken))
        lease = now + timedelta(seconds=settings.CHANGES_LEASE_SECONDS)
        PendingChange.objects.filter(pk__in=[c.pk for b in batches for c in b.changes]).update(
            status=ChangeStatus.SENDING, lease_expires_at=lease, updated_at=now
        )
    for batch in batches:
        for member in batch.changes:
            member.status = ChangeStatus.SENDING
            member.lease_expires_at = lease
    return batches


# Rows of the plain reads that decide what to take: (id, object_key, status, method, due).
ID, KEY, STATUS, METHOD, DUE = range(5)


def _open_rows(**filters):
    return (
        PendingChange.objects.filter(status__in=OPEN_STATUSES, **filters)
        .order_by("queued_at", "id")
        .values_list("id", "object_key", "status", "method", "next_attempt_at")
    )


def _sendable(line: list[tuple], now: datetime) -> list[int]:
    """The head of an object's line when it is queued and due, and the PUTs right behind it."""
    if not line or line[0][STATUS] != ChangeStatus.QUEUED or line[0][DUE] > now:
        return []
    ids = [line[0][ID]]
    if line[0][METHOD] == "PUT":
        for row in line[1:MAX_MERGED_CHANGES]:
            if row[METHOD] != "PUT" or row[STATUS] != ChangeStatus.QUEUED:
                break
            ids.append(row[ID])
    return ids


def _add_other_heads(wanted: dict[str, list[int]], now: datetime, limit: int) -> None:
    # The oldest open changes: any earlier change to an object in this window is in it too,
    # so the first row of each object here is that object's head.
    lines: dict[str, list[tuple]] = {}
    for row in _open_rows()[: limit * 4]:
        lines.setdefault(row[KEY], []).append(row)
    added = 0
    for key, line in lines.items():
        if key in wanted:
            continue
        ids = _sendable(line, now)
        if ids:
            wanted[key] = ids
            added += 1
            if added == limit:
                return
