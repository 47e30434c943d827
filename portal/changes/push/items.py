"""The items of a collection (criteria): created, renamed and deleted once, never lost.

A create or a delete whose earlier sending may have got through (its worker died before
APIO's answer came) reads the item first. An item APIO holds with the values the create
sent, or a deleted item APIO no longer has, is applied without sending it again. A rename
likewise, when the item is found under its new name and no longer under its old one.

A schedule is read with its periods in full (`full_list`, contract §5.7): without it APIO
names each period only, and a create that got through would look unlike what it sent.

A delete that finds the item gone already (APIO answers 404) is applied: the person wanted it
gone and it is, whoever removed it first (contract §6 #30).

Where a created item is looked for, and what tells it apart, depends on who names it: see
`CREATE_LOOKUPS`.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
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


@dataclass(frozen=True)
class CreateLookup:
    """How to find, among what APIO holds, the item that a create of one kind sent."""

    # What to read for a create POSTed to `path` with `payload`: the item itself, or the list
    # that would show it; None when the create is not of this kind.
    read_at: Callable[[str, dict], str | None]
    # The items that this reading shows.
    items: Callable[[dict], list]
    # The values, by field, that tell the item sent from the others; None when nothing can.
    identity: Callable[[str, dict], dict | None]
    # How a field APIO shows is read before it is compared (a time has two spellings).
    read_as: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)

    def shows(self, reading: Any, path: str, payload: dict) -> bool:
        """This reading shows the item that the create POSTed to `path` with `payload` sent."""
        identity = self.identity(path, payload)
        if identity is None or not isinstance(reading, dict):
            return False
        return any(
            isinstance(entry, dict) and holds(self.as_compared(entry), identity)
            for entry in self.items(reading)
        )

    def as_compared(self, entry: dict) -> dict:
        return {**entry, **{name: read(entry.get(name)) for name, read in self.read_as.items()}}


_CONFERENCE_CREATE = re.compile(r"^(?P<list>.+/meet_me_confs/conferences/)(?P<bridge>[^/]+)/$")


def hosting_list(path: str, payload: dict) -> str | None:
    """The host's conference list, for a create of a conference on a bridge; else None."""
    match = _CONFERENCE_CREATE.match(path)
    return match["list"] if match else None


def conference_identity(path: str, payload: dict) -> dict | None:
    """A conference sent: its title, on its bridge, from its start (None without a start)."""
    match = _CONFERENCE_CREATE.match(path)
    schedule = payload.get("conferenceSchedule") or {}
    kind = next(iter(schedule.values()), {}) if isinstance(schedule, dict) else {}
    start = instant(kind.get("startTime")) if isinstance(kind, dict) else None
    if match is None or start is None:
        return None
    return {"bridgeId": unquote(match["bridge"]), "title": payload.get("title"), "startTime": start}


_SUPERVISED_AGENTS = re.compile(r"^.+/call_centers/[^/]+/supervisors/[^/]+/agents/$")


def supervised_list(path: str, payload: dict) -> str | None:
    """The supervisor's agents, for an agent added to them (contract §5.9); else None."""
    return path if _SUPERVISED_AGENTS.match(path) else None


def supervised_identity(path: str, payload: dict) -> dict | None:
    """The one agent added (the portal adds one at a time); None for several or none."""
    agents = payload.get("agents")
    if not isinstance(agents, list) or len(agents) != 1 or not isinstance(agents[0], dict):
        return None
    user_id = agents[0].get("userId")
    return {"userId": user_id} if isinstance(user_id, str) and user_id else None


CREATE_LOOKUPS: dict[str, CreateLookup] = {
    # An agent added to a supervisor's agents: APIO refuses an agent supervised already, so an
    # addition that got through is found in the list the GET of the same path gives.
    "supervised agent": CreateLookup(
        read_at=supervised_list,
        items=lambda listing: listing.get("agents") or [],
        identity=supervised_identity,
    ),
    # Named by the person (criteria, schedules): read under its name; it is the one sent when
    # it holds every value sent.
    "named item": CreateLookup(
        read_at=created_item_path,
        items=lambda item: [item],
        identity=lambda path, payload: payload,
    ),
    # Named by APIO when it is created (contract §5.8): looked for in the host's list, as a
    # conference of the same title on the same bridge starting at the same instant.
    "conference": CreateLookup(
        read_at=hosting_list,
        items=lambda listing: listing.get("conferences") or [],
        identity=conference_identity,
        read_as={"startTime": instant},
    ),
}


def create_lookup(path: str, payload: dict) -> tuple[CreateLookup, str] | None:
    """The lookup for a create POSTed to `path`, with what it reads; None for another POST."""
    for lookup in CREATE_LOOKUPS.values():
        read_at = lookup.read_at(path, payload)
        if read_at is not None:
            return lookup, read_at
    return None


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
        found = create_lookup(head.path, head.payload)
        return found[1] if found else None
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
    found = create_lookup(head.path, head.payload) if head.method == "POST" else None
    if found and found[0].shows(current, head.path, head.payload):
        return batch.outcome(AttemptOutcome.APPLIED, message=ALREADY_APPLIED)
    return {}


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
