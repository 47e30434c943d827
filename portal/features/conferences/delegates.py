"""A conference's delegates: people of the host's group who may manage it on their behalf.

The list is put whole (contract §5.8): a change on its way is the list as it will be, so the
next one starts from it rather than from what the platform still holds.
"""

import json

from portal.apio import paths
from portal.changes.models import PendingChange
from portal.directory.matching import Needle
from portal.directory.search import group_index, searchable
from portal.reads import UserSummary

from .reading import Delegate, read_delegates

MOST_FOUND = 20


def shown(screen, bridge_id: str, conference_id: str) -> list[Delegate]:
    """The delegates as they will be once the changes on their way are applied."""
    listed = read_delegates(screen.ref, bridge_id, conference_id)
    path = paths.meet_me_part(screen.ref, bridge_id, conference_id, "delegates")
    waiting = PendingChange.objects.filter(object_key=path).order_by("-created_at", "-id")
    latest = next((change for change in waiting if change.is_open), None)
    if latest is None:
        return listed
    known = {d.user_id: d for d in listed}
    out = []
    for entry in latest.payload.get("delegates", []):
        user_id = str(entry.get("userId", ""))
        person = known.get(user_id) or _person(screen, user_id)
        out.append(person or Delegate(user_id=user_id, name=user_id))
    return out


def _members(screen) -> list[dict]:
    ref = screen.ref
    entries, _keys = group_index(ref.tenant_id, ref.group_id)
    return [json.loads(line) for line in entries.split("\n") if line]


def _person(screen, user_id: str) -> Delegate | None:
    entry = next((e for e in _members(screen) if e.get("userId") == user_id), None)
    return Delegate.from_apio(entry) if entry else None


def candidate(screen, user_id: str) -> UserSummary | None:
    """A user of the host's group other than the host: who may be a delegate."""
    if user_id == screen.ref.user_id:
        return None
    entry = next((e for e in _members(screen) if e.get("userId") == user_id), None)
    if entry is None:
        return None
    return UserSummary.from_apio(entry, screen.ref.tenant_id, screen.ref.group_id)


def find(screen, query: str, taken: set[str]) -> list[UserSummary]:
    """People of the host's group matching what was typed (a name in any order, a number)."""
    needle = Needle.parse(" ".join(query.split()))
    if not needle:
        return []
    found = []
    for entry in _members(screen):
        user_id = entry.get("userId", "")
        if user_id == screen.ref.user_id or user_id in taken:
            continue
        if needle.matches(searchable(entry)):
            found.append(UserSummary.from_apio(entry, screen.ref.tenant_id, screen.ref.group_id))
        if len(found) >= MOST_FOUND:
            break
    return found
