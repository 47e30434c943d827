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

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Min, OuterRef
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
    keys = [own_key] if own_key else []
    if others:
        keys += [key for key in _objects_with_due_changes(now, others + 1) if key != own_key]
    if not keys:
        return []
    with transaction.atomic():
        wanted = _first_in_line(keys[: others + bool(own_key)], now)
        if own_key and wanted.get(own_key, [None])[0] != change_id:
            wanted.pop(own_key, None)  # the task's own change is not first in line
        if not wanted:
            return []
        sender = uuid.uuid4().hex
        lease = now + timedelta(seconds=heartbeat_seconds())
        taken = list(
            PendingChange.objects.filter(pk__in=[pk for ids in wanted.values() for pk in ids])
        )
        PendingChange.objects.filter(pk__in=[change.pk for change in taken]).update(
            status=ChangeStatus.SENDING, sender=sender, lease_expires_at=lease, updated_at=now
        )
    by_id = {change.pk: change for change in taken}
    for change in taken:
        change.status = ChangeStatus.SENDING
        change.sender = sender
        change.lease_expires_at = lease
    return [[by_id[pk] for pk in ids] for ids in wanted.values()]


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


def _objects_with_due_changes(now: datetime, limit: int) -> list[str]:
    """Objects with a queued change due and none being sent, the longest waiting first."""
    being_sent = PendingChange.objects.filter(
        object_key=OuterRef("object_key"), status=ChangeStatus.SENDING
    )
    return list(
        PendingChange.objects.filter(status=ChangeStatus.QUEUED, next_attempt_at__lte=now)
        .exclude(Exists(being_sent))
        .values("object_key")
        .annotate(waiting_since=Min("queued_at"))
        .order_by("waiting_since")
        .values_list("object_key", flat=True)[:limit]
    )


def _first_in_line(keys: list[str], now: datetime) -> dict[str, list[int]]:
    """For each object free to send: its first open change, with the PUTs queued behind it.

    The open lines are locked (in id order, so that two claims never wait on each other) and
    read again: what the plain reads saw may have moved on since.
    """
    lines: dict[str, list[tuple]] = {key: [] for key in keys}
    for row in (
        PendingChange.objects.select_for_update()
        .filter(object_key__in=keys, status__in=OPEN_STATUSES)
        .order_by("id")
        .values_list(
            "id",
            "object_key",
            "status",
            "method",
            "queued_at",
            "next_attempt_at",
            "path",
            "payload",
        )  # fmt: skip
    ):
        lines[row[1]].append(row)
    wanted = {}
    for key, line in lines.items():
        line.sort(key=lambda row: (row[4], row[0]))  # queued_at, id: the order of submission
        if any(row[2] == ChangeStatus.SENDING for row in line):
            continue  # one change at a time per object
        if line and line[0][5] <= now:
            wanted[key] = _head_and_followers(line)
    return wanted


def _head_and_followers(line: list[tuple]) -> list[int]:
    """The head, with the PUTs to the same path queued right behind it. A create or a delete
    goes alone; so does a PUT to another item of the collection (it waits its turn), and a
    rename ends the request (the item has another path after it)."""
    head = line[0]
    ids = [head[0]]
    if head[3] != "PUT" or RENAME in head[7]:
        return ids
    for row in line[1:MAX_MERGED_CHANGES]:
        if row[3] != "PUT" or row[6] != head[6]:
            break
        ids.append(row[0])
        if RENAME in row[7]:
            break
    return ids
