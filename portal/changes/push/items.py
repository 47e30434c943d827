"""The items of a collection (criteria): created, renamed and deleted once, never lost.

A create or a delete whose earlier sending may have got through (its worker died before
APIO's answer came) reads the item first. An item APIO holds with the values the create
sent, or a deleted item APIO no longer has, is applied without sending it again. A rename
likewise, when the item is found under its new name and no longer under its old one.

A schedule is read with its periods in full (`full_list`, contract §5.7): without it APIO
names each period only, and a create that got through would look unlike what it sent.

A delete that finds the item gone already (APIO answers 404) is applied: the person wanted it
gone and it is, whoever removed it first (contract §6 #30).

A conference is named by APIO when it is created (contract §5.8): a create that may have got
through is looked for in the host's list instead, as a conference of the same title on the
same bridge starting at the same instant.
"""

import re
from urllib.parse import unquote

from portal.apio.client import ApioClient
from portal.apio.errors import ApioNotFound
from portal.apio.times import instant
from portal.changes.models import AttemptOutcome
from portal.changes.paths import collection_of, created_item_path, renamed_path
from portal.changes.push.batch import Batch
from portal.changes.push.conflicts import holds
from portal.changes.services import Outcome
from portal.reasons import ALREADY_APPLIED, ALREADY_REMOVED

# The collections whose items APIO gives in detail only when asked (contract §5.7).
DETAILED_WHEN_ASKED = frozenset({"time_schedules", "calendar_schedules"})


def read_query(path: str) -> dict | None:
    """What to ask when reading the item at `path`: a schedule's periods in full."""
    collection = collection_of(path) or ""
    kind = collection.rstrip("/").rsplit("/", 1)[-1]
    return {"full_list": True} if kind in DETAILED_WHEN_ASKED else None


def item_read_first(batch: Batch) -> str | None:
    """The item to read before a create or a delete that may have got through, or None."""
    head = batch.head
    if not head.maybe_sent:
        return None
    if head.method == "POST":
        return created_item_path(head.path, head.payload) or hosting_list(head.path)
    if head.method == "DELETE" and collection_of(head.path):
        return head.path
    return None


def read_item(batch: Batch, client: ApioClient) -> dict | Outcome:
    """What decides a create or delete that may have got through: its outcome when APIO shows
    it done, else {} (send it)."""
    head = batch.head
    try:
        path = item_read_first(batch) or head.path
        current = client.get(path, read_query(path)) or {}
    except ApioNotFound:
        if head.method == "DELETE":
            return removed(batch)
        return {}
    if head.method == "POST" and (
        holds(current, head.payload) or conference_listed(head.path, current, head.payload)
    ):
        return batch.outcome(AttemptOutcome.APPLIED, message=ALREADY_APPLIED)
    return {}


_CONFERENCE_CREATE = re.compile(r"^(?P<list>.+/meet_me_confs/conferences/)(?P<bridge>[^/]+)/$")


def hosting_list(path: str) -> str | None:
    """The host's conference list, for a create of a conference on a bridge; else None."""
    match = _CONFERENCE_CREATE.match(path)
    return match["list"] if match else None


def conference_listed(path: str, listing: dict, payload: dict) -> bool:
    """The host's list shows the conference the create sent: its title, on its bridge, from
    its start."""
    match = _CONFERENCE_CREATE.match(path)
    schedule = payload.get("conferenceSchedule") or {}
    kind = next(iter(schedule.values()), {}) if isinstance(schedule, dict) else {}
    start = instant(kind.get("startTime")) if isinstance(kind, dict) else None
    if match is None or start is None or not isinstance(listing, dict):
        return False
    bridge = unquote(match["bridge"])
    return any(
        isinstance(entry, dict)
        and entry.get("bridgeId") == bridge
        and entry.get("title") == payload.get("title")
        and instant(entry.get("startTime")) == start
        for entry in listing.get("conferences") or []
    )


def read_for_update(batch: Batch, client: ApioClient) -> dict | Outcome:
    """The object a PUT changes, as APIO holds it. An item missing under its path after a
    rename that may have got through, and found under its new name, is renamed already."""
    try:
        return client.get(batch.head.path, read_query(batch.head.path)) or {}
    except ApioNotFound as missing:
        new_path = renamed_path(batch.head.path, [member.payload for member in batch.changes])
        if new_path is None or not any(member.maybe_sent for member in batch.changes):
            raise
        try:
            client.get(new_path)
        except ApioNotFound:
            raise missing from None  # under neither name: it is not found, as APIO said
        return batch.outcome(AttemptOutcome.APPLIED, message=ALREADY_APPLIED)


def removed_already(batch: Batch, exc: Exception) -> bool:
    """A delete of an item that APIO did not find: it is gone, as the person wanted."""
    head = batch.head
    return (
        isinstance(exc, ApioNotFound)
        and head.method == "DELETE"
        and collection_of(head.path) is not None
    )


def removed(batch: Batch) -> Outcome:
    return batch.outcome(AttemptOutcome.APPLIED, status_code=404, message=ALREADY_REMOVED)
