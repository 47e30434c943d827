"""The changes a screen makes to the items of a collection (the criteria of a selective
service): create, update (perhaps renaming) and delete, as contract §5.4 has them.

A screen only declares what it wants; these build the ChangeRequest for `submit_change`:

    submit_change(person, create_item(ref, "feature/section", "criteria", collection, values))

`collection` is the collection's path (`portal.apio.paths.criteria_list(ref, service)`). Any
ChangeRequest with the same methods and paths works as well: the line a change waits in is
found from its method and path (`portal.changes.paths`).
"""

from datetime import datetime

from portal.changes.paths import RENAME, is_collection, item_path
from portal.changes.services.submission import ChangeRequest
from portal.core import UserRef


def create_item(
    target: UserRef,
    feature: str,
    definition: str,
    collection: str,
    values: dict,
    loaded_at: datetime | None = None,
) -> ChangeRequest:
    """POST `values` (with the new item's "name") to the collection."""
    _check_collection(collection)
    if not values.get("name"):
        raise ValueError("a new item needs a name")
    return ChangeRequest(
        target, feature, definition, "POST", collection, dict(values), {}, loaded_at
    )


def update_item(
    target: UserRef,
    feature: str,
    definition: str,
    collection: str,
    name: str,
    values: dict,
    snapshot: dict | None = None,
    new_name: str = "",
    loaded_at: datetime | None = None,
) -> ChangeRequest:
    """PUT `values` to the item `name`, renamed to `new_name` when given and different.

    `snapshot` holds the values the form started from, for the fields it changes: the push
    checks them against the item as APIO holds it (a conflict waits for the person).
    """
    _check_collection(collection)
    payload = {**values, "name": name}  # the contract wants the item's current name
    payload.pop(RENAME, None)
    if new_name and new_name != name:
        payload[RENAME] = new_name
    return ChangeRequest(
        target,
        feature,
        definition,
        "PUT",
        item_path(collection, name),
        payload,
        dict(snapshot or {}),
        loaded_at,
    )


def delete_item(
    target: UserRef,
    feature: str,
    definition: str,
    collection: str,
    name: str,
    loaded_at: datetime | None = None,
) -> ChangeRequest:
    """DELETE the item `name` (one already gone is applied: the person's wish holds)."""
    _check_collection(collection)
    return ChangeRequest(
        target, feature, definition, "DELETE", item_path(collection, name), {}, {}, loaded_at
    )


def _check_collection(collection: str) -> None:
    if not is_collection(collection):
        raise ValueError(f"{collection!r} is not the path of a collection whose items change")
