"""What is read of a host's conferences: their bridges, the conferences in a list, one
conference, its delegates, its recordings and its greeting (contract §5.8)."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.utils.translation import get_language

from portal.apio import paths
from portal.apio.client import get_client
from portal.apio.times import instant
from portal.core import UserRef
from portal.directory.phone import national
from portal.reads.together import side_by_side
from portal.reads.users import SettingsReading, read_settings

from .declaration import STATUS_WORDS, TYPE_WORDS


@dataclass(frozen=True)
class Bridge:
    bridge_id: str
    name: str
    number: str  # as people write it
    extension: str
    ports: int | None  # None: unlimited
    active: bool

    @classmethod
    def from_apio(cls, entry: dict) -> "Bridge":
        ports = entry.get("allocatedPorts") or {}
        quantity = ports.get("quantity")
        limited = not ports.get("unlimited", False) and isinstance(quantity, int)
        active = str(entry.get("active", "true")).lower() == "true"
        return cls(
            bridge_id=str(entry.get("bridgeId", "")),
            name=str(entry.get("name") or entry.get("bridgeId", "")),
            number=national(str(entry.get("phoneNumber") or "")),
            extension=str(entry.get("extension") or ""),
            ports=quantity if limited else None,
            active=active,
        )


@lru_cache(maxsize=256)
def spoken(language: str, kind: str, value: str) -> str:
    """A status or kind in `language` (the active one), translated once rather than per row."""
    words = STATUS_WORDS if kind == "status" else TYPE_WORDS
    return str(words.get(value, value))


@dataclass
class ConferenceRow:
    bridge_id: str
    conference_id: str
    title: str
    bridge_name: str
    status: str  # lower case: active, inactive, expired
    type: str  # APIO's: Reservationless, One Time, Recurring Weekly...
    start: datetime | None
    host: str
    pending: str = ""  # what a change on its way does to it ("Deleting…")
    queued: str = ""  # the method of that change

    @property
    def status_text(self) -> str:
        return spoken(get_language(), "status", self.status)

    @property
    def type_text(self) -> str:
        return spoken(get_language(), "type", self.type)

    @classmethod
    def from_apio(cls, entry: dict) -> "ConferenceRow":
        host = f"{entry.get('firstName') or ''} {entry.get('lastName') or ''}".strip()
        return cls(
            bridge_id=str(entry.get("bridgeId", "")),
            conference_id=str(entry.get("conferenceId", "")),
            title=str(entry.get("title") or ""),
            bridge_name=str(entry.get("bridgeName") or entry.get("bridgeId", "")),
            # APIO's documented example says "Active", the spec "active": either is read.
            status=str(entry.get("status") or "").lower(),
            type=str(entry.get("type") or ""),
            start=instant(entry.get("startTime")),
            host=host or str(entry.get("hostId") or ""),
        )


@dataclass
class Recording:
    bridge_id: str
    conference_id: str
    title: str
    start_time: str  # as APIO gives it: what a delete names
    start: datetime | None
    size_kb: int | None = None

    @classmethod
    def from_apio(cls, entry: dict) -> "Recording":
        start = str(entry.get("startTime") or "")
        size = entry.get("fileSize")
        return cls(
            bridge_id=str(entry.get("bridgeId", "")),
            conference_id=str(entry.get("conferenceId", "")),
            title=str(entry.get("title") or ""),
            start_time=start,
            start=instant(start),
            size_kb=size if isinstance(size, int) else None,
        )


@dataclass
class Delegate:
    user_id: str
    name: str
    number: str = ""
    extension: str = ""

    @classmethod
    def from_apio(cls, entry: dict) -> "Delegate":
        name = f"{entry.get('firstName') or ''} {entry.get('lastName') or ''}".strip()
        return cls(
            user_id=str(entry.get("userId", "")),
            name=name or str(entry.get("userId", "")),
            number=national(str(entry.get("phoneNumber") or "")),
            extension=str(entry.get("extension") or ""),
        )


@dataclass
class Listing:
    bridges: list[Bridge] = field(default_factory=list)
    conferences: list[ConferenceRow] = field(default_factory=list)

    def bridge(self, bridge_id: str) -> Bridge | None:
        return next((b for b in self.bridges if b.bridge_id == bridge_id), None)


def read_bridges(ref: UserRef) -> list[Bridge]:
    return _bridges(read_settings(paths.meet_me_bridges(ref)))


def _bridges(data) -> list[Bridge]:
    entries = data.get("conference_bridges") if isinstance(data, dict) else None
    return [Bridge.from_apio(e) for e in entries or [] if isinstance(e, dict)]


def read_listing(ref: UserRef) -> Listing:
    """The host's bridges and conferences, earliest first: read side by side, and kept as a
    user's settings are (forgotten when a change to the user is applied)."""
    wanted = [paths.meet_me_conferences(ref), paths.meet_me_bridges(ref)]
    reading = SettingsReading(wanted)  # what is kept of both, in one round trip to Redis
    missing = [path for path in wanted if path not in reading.known]
    fresh = side_by_side(lambda p=p: reading.read(p) for p in missing)
    reading.keep()
    read = {**reading.known, **dict(zip(missing, fresh, strict=True))}
    conferences, bridges = (read[path] for path in wanted)
    entries = conferences.get("conferences") if isinstance(conferences, dict) else None
    rows = [ConferenceRow.from_apio(e) for e in entries or [] if isinstance(e, dict)]
    rows.sort(key=lambda row: (row.start is None, row.start.timestamp() if row.start else 0))
    return Listing(bridges=_bridges(bridges), conferences=rows)


def read_conference(ref: UserRef, bridge_id: str, conference_id: str) -> dict:
    return get_client().get(paths.meet_me_conference(ref, bridge_id, conference_id)) or {}


def read_delegates(ref: UserRef, bridge_id: str, conference_id: str) -> list[Delegate]:
    path = paths.meet_me_part(ref, bridge_id, conference_id, "delegates")
    data = get_client().get(path) or {}
    entries = data.get("delegates") if isinstance(data, dict) else None
    return [Delegate.from_apio(e) for e in entries or [] if isinstance(e, dict)]


def read_recordings(ref: UserRef, bridge_id: str, conference_id: str) -> list[Recording]:
    data = get_client().get(paths.meet_me_recordings(ref)) or {}
    entries = data.get("recordings") if isinstance(data, dict) else None
    found = [Recording.from_apio(e) for e in entries or [] if isinstance(e, dict)]
    mine = [r for r in found if (r.bridge_id, r.conference_id) == (bridge_id, conference_id)]
    return sorted(mine, key=lambda r: r.start.timestamp() if r.start else 0, reverse=True)


def read_greeting(ref: UserRef, bridge_id: str, conference_id: str) -> dict:
    path = paths.meet_me_part(ref, bridge_id, conference_id, "greeting")
    data = get_client().get(path) or {}
    return data if isinstance(data, dict) else {}
