"""Changes to the items of a collection (a service's rules, a user's schedules), as the pages
that list the items show them and queue them: each create, change, rename or delete is a
pending change to the item's own path (POST to the list, PUT or DELETE to the item)."""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import unquote

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.acting import acting_for_user_id
from portal.changes import services as change_services
from portal.changes.models import ChangeStatus, PendingChange
from portal.core import UserRef
from portal.features.sections import RECENT_CHANGE_SECONDS


@dataclass(frozen=True)
class ItemWords:
    """What a change does to an item, in words (lazy): each with %(name)s (and %(new)s)."""

    created: str
    deleted: str
    renamed: str
    changed: str


def recent_changes(target: UserRef, *list_paths: str) -> list[PendingChange]:
    """The changes for `target` under these lists worth showing next to them, newest first:
    those on their way or refused, and those applied in the last minutes. Found through the
    index of the changes' users, then by the start of their paths: the start of the path of
    every change ever filed has no index to search."""
    under = Q(pk__in=[])
    for path in list_paths:
        under |= Q(path__startswith=path)
    theirs = PendingChange.objects.filter(
        user_id=target.user_id, tenant_id=target.tenant_id, group_id=target.group_id
    )
    return _worth_showing(theirs.filter(under))


def recent_item_changes(collection: str) -> list[PendingChange]:
    """`recent_changes` of a collection's items (…/criteria/): all of them wait in the
    collection's line (portal.changes.paths), found through its index rather than by the start
    of the path of every change ever filed."""
    return _worth_showing(PendingChange.objects.filter(object_key=collection))


def _worth_showing(queryset) -> list[PendingChange]:
    since = timezone.now() - timedelta(seconds=RECENT_CHANGE_SECONDS)
    queryset = queryset.exclude(status=ChangeStatus.CANCELLED).exclude(
        status=ChangeStatus.APPLIED, finished_at__lt=since
    )
    return list(queryset.order_by("-created_at", "-id")[:10])


def item_name(change: PendingChange) -> str:
    """The item's name, from its path (a POST's from the new item's payload)."""
    if change.method == "POST":
        return str(change.payload.get("name", ""))
    return unquote(change.path.rstrip("/").rsplit("/", 1)[-1])


def describe(change: PendingChange, words: ItemWords) -> str:
    """ "New rule Evenings", "Schedule Evenings renamed Nights"."""
    name = item_name(change)
    if change.method == "POST":
        return str(words.created) % {"name": name}
    if change.method == "DELETE":
        return str(words.deleted) % {"name": name}
    if change.payload.get("newName"):
        return str(words.renamed) % {"name": name, "new": change.payload["newName"]}
    return str(words.changed) % {"name": name}


def submit(
    request: HttpRequest, change: change_services.ChangeRequest, own_portal: bool
) -> PendingChange:
    """Queue the change, for the user on their own portal when it is theirs. One queued
    already is sent once: said among the page's messages, unless the list says it in place."""
    acting_for = acting_for_user_id(request) if own_portal else ""
    try:
        return change_services.submit_change(request.user, change, acting_for=acting_for)
    except change_services.AlreadyQueued as queued:
        if not getattr(request, "htmx", False):
            messages.info(request, _("This change is queued already: it will be sent once."))
        return queued.change
