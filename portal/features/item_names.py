"""A new item's name (a rule's, a schedule's) must be free in its list: the platform refuses a
second item of the same name, and would say so only when the change is sent, too late to
correct it. Taken: the names the list has now, with those of the creates and renames still on
their way, and without those of the deletes on their way."""

from collections.abc import Callable, Iterable, Iterator

from portal.changes.models import OPEN_STATUSES, PendingChange
from portal.features import collection_changes
from portal.forms.base import ObjectForm


def taken_names(listed: Iterable[str], list_path: str) -> set[str]:
    taken = set(listed)
    queued = PendingChange.objects.filter(
        path__startswith=list_path, status__in=OPEN_STATUSES
    ).order_by("created_at", "id")
    for change in queued:  # in the order they will be made
        name = collection_changes.item_name(change)
        if change.method == "POST":
            taken.add(name)
        elif change.method == "DELETE":
            taken.discard(name)
        elif change.payload.get("newName"):
            taken.discard(name)
            taken.add(str(change.payload["newName"]))
    return taken


def free_name(
    taken: set[str], message: str, current: str | None = None
) -> Callable[[ObjectForm], Iterator[tuple[str, str]]]:
    """A form check: the typed name is not another item's (`current` is the item's own)."""

    def check(form: ObjectForm) -> Iterator[tuple[str, str]]:
        plan = next((p for p in form.plans if p.name == "name"), None)
        typed = form.value_of(plan) if plan is not None else None
        if isinstance(typed, str) and typed != current and typed in taken:
            yield "name", message % {"name": typed}

    return check
