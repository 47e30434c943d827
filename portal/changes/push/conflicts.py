"""Conflict detection: was a field this change touches changed on the platform meanwhile?

Before a PUT the push reads the object. A field is in conflict when the platform's value
differs from the value the form started from, from the new value, and from what the same
person's own earlier changes wrote; the change then waits for the person to decide.

A line whose sending was cut short (its worker died) may have reached APIO: what it would
have written is not a conflict, and when APIO holds all of it already it is not sent again.
"""

from typing import Any

from portal.changes.models import AttemptOutcome, ChangeStatus, PendingChange
from portal.changes.push.batch import Batch
from portal.changes.services import UNSENT, Outcome


def suspects(batch: Batch, current: dict) -> list[PendingChange]:
    """Changes whose fields differ on the platform: only theirs need the author's history."""
    return [member for member in batch.changes if field_conflicts(member, current, {})]


def check(
    batch: Batch, current: dict, own_values: dict[int, dict[str, list]]
) -> tuple[Batch | None, list[Outcome]]:
    """The leading changes that can be sent; the others wait (or are in conflict)."""
    sendable, conflict = split_on_conflict(batch.changes, current, own_values)
    held_back = batch.changes[len(sendable) :]
    if sendable:
        waiting = [batch.part(held_back).outcome(UNSENT)] if held_back else []
        return batch.part(sendable), waiting
    head, rest = held_back[0], held_back[1:]
    names = ", ".join(sorted(conflict))
    results = [
        batch.part([head]).outcome(
            AttemptOutcome.CONFLICT,
            message=f"Changed on the platform since the form was loaded: {names}",
            conflict=conflict,
        )
    ]
    if rest:
        results.append(batch.part(rest).outcome(UNSENT))
    return None, results


def split_on_conflict(
    batch: list[PendingChange], current: dict, own_values: dict[int, dict[str, list]]
) -> tuple[list[PendingChange], dict]:
    """The leading changes that can be sent, and the conflict of the first one that cannot.

    A field is in conflict when the platform's value differs from the value the form started
    from, from the new value, and from what this person's own earlier changes wrote.
    """
    sendable: list[PendingChange] = []
    # The request cut short carried the whole line as it was then, later members included.
    maybe_sent = [member for member in batch if member.maybe_sent]
    for member in batch:
        written_by_us: dict[str, list[Any]] = {}
        for earlier in [*sendable, *maybe_sent]:
            for name, value in earlier.payload.items():
                written_by_us.setdefault(name, []).append(value)
        for name, values in own_values.get(member.pk, {}).items():
            written_by_us.setdefault(name, []).extend(values)
        conflict = field_conflicts(member, current, written_by_us)
        if conflict:
            return sendable, conflict
        sendable.append(member)
    return sendable, {}


def already_on_platform(batch: Batch, current: dict) -> bool:
    """A line whose earlier sending may have got through, and APIO holds all it would write
    (a field APIO does not show, such as a PIN, cannot be told: the line is sent again)."""
    if not any(member.maybe_sent for member in batch.changes):
        return False
    return holds(current, batch.payload)


def holds(current: Any, sent: Any) -> bool:
    """APIO holds what was sent: every value sent, in objects every key sent (APIO fills in
    the ones a request leaves out, such as a schedule period's `active`), a list's entries
    one by one, in order."""
    if isinstance(sent, dict):
        return isinstance(current, dict) and all(
            name in current and holds(current[name], value) for name, value in sent.items()
        )
    if isinstance(sent, list) and any(isinstance(entry, dict) for entry in sent):
        return (
            isinstance(current, list)
            and len(current) == len(sent)
            and all(holds(mine, theirs) for mine, theirs in zip(current, sent, strict=True))
        )
    return same_value(current, sent)


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


def own_recent_values(changes: list[PendingChange]) -> dict[int, dict[str, list[Any]]]:
    """For each change, the values its author's own changes put on the object since its form
    was loaded; one query for all of them. (An item of a collection is its own object: its
    path tells it from the other items in the collection's line.)"""
    if not changes:
        return {}
    applied = list(
        PendingChange.objects.filter(
            object_key__in={change.object_key for change in changes},
            path__in={change.path for change in changes},
            created_by_id__in={change.created_by_id for change in changes},
            status=ChangeStatus.APPLIED,
            finished_at__gte=min(change.loaded_at for change in changes),
        ).values_list("pk", "path", "created_by_id", "finished_at", "payload")
    )
    found: dict[int, dict[str, list[Any]]] = {}
    for change in changes:
        values = found.setdefault(change.pk, {})
        for pk, path, author, finished_at, payload in applied:
            same_author_and_object = (path, author) == (change.path, change.created_by_id)
            if same_author_and_object and finished_at >= change.loaded_at and pk != change.pk:
                for name, value in payload.items():
                    values.setdefault(name, []).append(value)
    return found


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
