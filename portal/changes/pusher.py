"""Sending one batch of pending changes to APIO, and telling services what happened."""

import logging
from typing import Any

from django.utils import timezone

from portal.apio.client import get_client
from portal.apio.errors import PermanentApioError, TransientApioError
from portal.changes import services
from portal.changes.models import ChangeStatus, PendingChange

logger = logging.getLogger(__name__)


def push(change_id: int) -> str:
    """Push the change (and the PUTs merged with it); returns what became of it."""
    batch = services.claim_batch(change_id)
    if not batch:
        return "skipped"
    started = timezone.now()
    client = get_client()
    try:
        if batch[0].method == "PUT" and any(member.snapshot for member in batch):
            current = client.get(batch[0].path) or {}
            sendable, conflict = split_on_conflict(batch, current)
            if not sendable:
                services.record_conflict(batch[0], started, conflict)
                services.release_unsent(batch[1:])
                return ChangeStatus.CONFLICT
            services.release_unsent(batch[len(sendable) :])
            batch = sendable
        client.request(batch[0].method, batch[0].path, merged_payload(batch))
    except TransientApioError as exc:
        services.record_transient(batch, started, exc.status, str(exc))
        return "retrying"
    except PermanentApioError as exc:
        services.record_rejected(batch, started, exc.status, exc.message, exc.field_messages())
        return ChangeStatus.FAILED
    services.record_applied(batch, started, 200)
    return ChangeStatus.APPLIED


def merged_payload(batch: list[PendingChange]) -> dict:
    payload: dict = {}
    for member in batch:
        payload.update(member.payload)
    return payload


def split_on_conflict(
    batch: list[PendingChange], current: dict
) -> tuple[list[PendingChange], dict]:
    """The leading changes that can be sent, and the conflict of the first one that cannot.

    A field is in conflict when the platform's value differs from the value the form started
    from, from the new value, and from what this person's own earlier changes wrote.
    """
    sendable: list[PendingChange] = []
    for member in batch:
        written_by_us: dict[str, list[Any]] = {}
        for earlier in sendable:
            for name, value in earlier.payload.items():
                written_by_us.setdefault(name, []).append(value)
        # The person's own applied changes are looked up only when something looks changed.
        if field_conflicts(member, current, written_by_us):
            for name, values in own_recent_values(member).items():
                written_by_us.setdefault(name, []).extend(values)
        conflict = field_conflicts(member, current, written_by_us)
        if conflict:
            return sendable, conflict
        sendable.append(member)
    return sendable, {}


def field_conflicts(change: PendingChange, current: dict, written_by_us: dict) -> dict:
    conflict = {}
    for name, mine in change.payload.items():
        if name not in change.snapshot or name not in current:
            continue
        platform = current[name]
        accepted = [change.snapshot[name], mine, *written_by_us.get(name, [])]
        if not any(same_value(platform, value) for value in accepted):
            conflict[name] = {"snapshot": change.snapshot[name], "platform": platform, "mine": mine}
    return conflict


def own_recent_values(change: PendingChange) -> dict[str, list[Any]]:
    """Values this person's own changes put on the object since the form was loaded."""
    values: dict[str, list[Any]] = {}
    earlier = PendingChange.objects.filter(
        object_key=change.object_key,
        created_by_id=change.created_by_id,
        status=ChangeStatus.APPLIED,
        finished_at__gte=change.loaded_at,
    ).exclude(pk=change.pk)
    for other in earlier.only("payload"):
        for name, value in other.payload.items():
            values.setdefault(name, []).append(value)
    return values


def same_value(a: Any, b: Any) -> bool:
    # APIO answers "" where a form left a value empty, and numbers may come back as strings.
    if a in (None, "") and b in (None, ""):
        return True
    if (
        isinstance(a, int | float)
        and isinstance(b, str)
        or isinstance(b, int | float)
        and isinstance(a, str)
    ):
        return str(a) == str(b)
    return a == b
