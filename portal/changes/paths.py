"""Which line a change waits in: one per object, and one per collection for its items.

A section is one object: its PUTs go to its own path. The items of a collection (the criteria
of a selective service, a user's own schedules) are created with a POST to the collection
(…/criteria/) and updated, renamed or deleted at their own path (…/criteria/{name}/). All of
these wait in the collection's line, so that the changes to any item of it reach APIO one at a
time, in the order they were made, whatever their method: create "Evenings", rename it,
delete it.
"""

import re

from portal.apio.paths import segment

# The collections whose items are changed one by one: …/<collection>/{name}/. A user's
# schedules are such items too (contract §5.7), renamed with the same key.
COLLECTIONS = frozenset({"criteria", "time_schedules", "calendar_schedules"})
# A PUT to an item renames it with this key (contract §5.4): the item then has another path.
RENAME = "newName"

_ITEM = re.compile(r"^(?P<collection>.*/(?P<kind>[^/]+)/)(?P<name>[^/]+)/$")


def collection_of(path: str) -> str | None:
    """The collection an item's path belongs to (ending with "/"), or None for another path."""
    match = _ITEM.match(path)
    return match["collection"] if match and match["kind"] in COLLECTIONS else None


def is_collection(path: str) -> bool:
    return path.endswith("/") and path.rstrip("/").rsplit("/", 1)[-1] in COLLECTIONS


def item_path(collection: str, name: str) -> str:
    """The path of the item `name` of `collection` (the name escaped as one path segment)."""
    return f"{collection}{segment(name)}/"


def object_key(method: str, path: str) -> str:
    """The line a change waits in: the collection's for an item's create, update or delete,
    the path's own for anything else."""
    if method in ("PUT", "DELETE"):
        return collection_of(path) or path
    return path


def created_item_path(path: str, payload: dict) -> str | None:
    """Where the item a POST creates will be; None when this is not a create of an item."""
    name = payload.get("name")
    if not is_collection(path) or not isinstance(name, str) or not name:
        return None
    try:
        return item_path(path, name)
    except ValueError:  # a name no path can address: APIO will say what it thinks of it
        return None


def renamed_path(path: str, payloads: list[dict]) -> str | None:
    """Where the item is after these PUTs to `path` when one of them renames it."""
    collection = collection_of(path)
    names = [payload[RENAME] for payload in payloads if payload.get(RENAME)]
    if collection is None or not names or not isinstance(names[-1], str):
        return None
    try:
        return item_path(collection, names[-1])
    except ValueError:
        return None
