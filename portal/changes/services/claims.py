"""Taking changes for sending: the first in line of each object, with the PUTs that follow it
(to the same path: the items of a collection share its line, never a request).

A push takes the change its task names and, while it is at it, the first changes of other
objects, so that one task sends many changes at once and their bookkeeping shares a
transaction. Whatever else runs at the same time, an object's open changes are read under
lock before any is taken, and an object with a change being sent is left alone: one change
at a time per object, in the order of submission.

A claim is held for a short lease, which the push renews while it works (its heartbeat):
when its worker dies, the sweeper takes its changes back within seconds.
"""

import functools
import operator
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from portal.changes.models import OPEN_STATUSES, ChangeStatus, PendingChange
from portal.changes.paths import RENAME

MAX_MERGED_CHANGES = 50
# How long a claim holds after its sender last said it was alive; it says so every third.
DEFAULT_HEARTBEAT_SECONDS = 6.0


def claim(change_id: int | None = None, others: int = 0) -> list[list[PendingChange]]:
    """The change's line when it is first in line and due, and up to `others` more objects'.

    A line is an object's first open change, with the PUTs to its path queued right behind
    it (they go out as one request). An empty list means: nothing to do now (all sent
    already, not their turn, or not due yet).
    """
    now = timezone.now()
    own_key = None
    if change_id is not None:
        own = PendingChange.objects.filter(pk=change_id, status=ChangeStatus.QUEUED)
        own_key = own.values_list("object_key", flat=True).first()
    if not own_key and not others:
        return []
    with transaction.atomic():
        wanted = _first_in_line(_open_lines(own_key, others, now), now)
        own_line = wanted.pop(own_key, None) if own_key else None
        if own_line and own_line[0].pk == change_id:  # else not first in line: not taken
            wanted = {own_key: own_line, **wanted}  # the task's own change goes first
        if not wanted:
            return []
        sender = uuid.uuid4().hex
        lease = now + timedelta(seconds=heartbeat_seconds())
        taken = [change for line in wanted.values() for change in line]
        PendingChange.objects.filter(pk__in=[change.pk for change in taken]).update(
            status=ChangeStatus.SENDING, sender=sender, lease_expires_at=lease, updated_at=now
        )
    for change in taken:
        change.status = ChangeStatus.SENDING
        change.sender = sender
        change.lease_expires_at = lease
        change.updated_at = now
    return list(wanted.values())


def renew(changes: list[PendingChange], until: datetime) -> int:
    """Hold the claimed changes until `until`: their sender is alive. How many it still holds
    (fewer when the sweeper took some back)."""
    if not changes:
        return 0
    return PendingChange.objects.filter(
        pk__in=[change.pk for change in changes],
        sender=changes[0].sender,
        status=ChangeStatus.SENDING,
    ).update(lease_expires_at=until)


def heartbeat_seconds() -> float:
    return float(getattr(settings, "CHANGES_HEARTBEAT_SECONDS", DEFAULT_HEARTBEAT_SECONDS))


def lease_seconds(objects: int) -> float:
    """The longest a round may hold its changes, heartbeat or not: time enough to send them
    all (the pool sends them in waves of one request per thread)."""
    waves = -(-objects // settings.CHANGES_PUSH_THREADS)
    return settings.CHANGES_LEASE_SECONDS * max(1, waves)


def _objects_with_due_changes(now: datetime, limit: int, besides: str | None) -> QuerySet:
    """Objects with a queued change due and none being sent, the longest waiting first (a
    subquery of the locked read: the keys and their lines are read in one round trip)."""
    being_sent = PendingChange.objects.filter(
        object_key=OuterRef("object_key"), status=ChangeStatus.SENDING
    )
    due = PendingChange.objects.filter(status=ChangeStatus.QUEUED, next_attempt_at__lte=now)
    if besides:
        due = due.exclude(object_key=besides)
    return (
        due.exclude(Exists(being_sent))
        .values("object_key")
        .annotate(waiting_since=Min("queued_at"))
        .order_by("waiting_since")
        .values_list("object_key", flat=True)[:limit]
    )


def _open_lines(own_key: str | None, others: int, now: datetime) -> dict[str, list]:
    """The open changes of the task's own object and of up to `others` objects with a change
    due, locked (in id order, so that two claims never wait on each other), whole: what is
    taken goes out as read here."""
    chosen = [Q(object_key=own_key)] if own_key else []
    if others:
        chosen.append(Q(object_key__in=_objects_with_due_changes(now, others, own_key)))
    keys = functools.reduce(operator.or_, chosen)
    lines: dict[str, list] = {}
    for change in (
        PendingChange.objects.select_for_update()
        .filter(keys, status__in=OPEN_STATUSES)
        .order_by("id")
    ):
        lines.setdefault(change.object_key, []).append(change)
    return lines


def _first_in_line(lines: dict[str, list], now: datetime) -> dict[str, list[PendingChange]]:
    """For each object free to send: its first open change, with the PUTs queued behind it.

    The open lines were read under lock: what an earlier plain read saw may have moved on.
    """
    wanted = {}
    for key, line in lines.items():
        line.sort(key=lambda change: (change.queued_at, change.pk))  # the order of submission
        if any(change.status == ChangeStatus.SENDING for change in line):
            continue  # one change at a time per object
        if line[0].next_attempt_at <= now:
            wanted[key] = _head_and_followers(line)
    # The longest waiting first, as the objects were chosen.
    return dict(sorted(wanted.items(), key=lambda item: (item[1][0].queued_at, item[1][0].pk)))


def _head_and_followers(line: list[PendingChange]) -> list[PendingChange]:
    """The head, with the PUTs to the same path queued right behind it. A create or a delete
    goes alone; so does a PUT to another item of the collection (it waits its turn), and a
    rename ends the request (the item has another path after it)."""
    head = line[0]
    taken = [head]
    if head.method != "PUT" or RENAME in head.payload:
        return taken
    for change in line[1:MAX_MERGED_CHANGES]:
        if change.method != "PUT" or change.path != head.path:
            break
        taken.append(change)
        if RENAME in change.payload:
            break
    return taken
