"""A user's profile, service assignments and settings, as APIO answers them."""

import dataclasses
from dataclasses import dataclass

from django.conf import settings

from portal.apio import paths
from portal.apio.client import get_client
from portal.apio.errors import ApioNotFound
from portal.core import UserRef
from portal.reads.kept import KeptTogether, forget, kept, owner, owner_of_path

# Short: a user's details change on the platform too, and a page must not lag far behind.
PROFILE_CACHE_SECONDS = 60
# As short: a user moved to another group must leave the old group's scope within a minute.
MEMBERSHIP_CACHE_SECONDS = 60
SERVICES_CACHE_SECONDS = 30
ANNOUNCEMENTS_CACHE_SECONDS = 30


@dataclass(frozen=True)
class UserSummary:
    """Who a user is, as a search result, a profile or an agent list shows them."""

    user_id: str
    first_name: str
    last_name: str
    phone_number: str
    extension: str
    email: str
    department: str
    tenant_id: str
    group_id: str

    @property
    def ref(self) -> UserRef:
        return UserRef(self.tenant_id, self.group_id, self.user_id)

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.user_id

    @classmethod
    def unread(cls, ref: UserRef) -> "UserSummary":
        """What is known of a user the platform could not be asked about: where they live."""
        return cls(ref.user_id, "", "", "", "", "", "", ref.tenant_id, ref.group_id)

    @classmethod
    def from_apio(cls, data: dict, tenant_id: str, group_id: str) -> "UserSummary":
        department = data.get("department") or ""
        if isinstance(department, dict):  # a "Group department key" (user/details.html)
            department = department.get("departmentName") or department.get("fullPathName", "")
        return cls(
            user_id=data.get("userId", ""),
            first_name=data.get("firstName", ""),
            last_name=data.get("lastName", ""),
            phone_number=data.get("phoneNumber") or "",
            extension=data.get("extension") or "",
            email=data.get("emailAddress") or "",
            department=str(department),
            tenant_id=data.get("tenantId") or tenant_id,
            group_id=data.get("groupId") or group_id,
        )


@dataclass(frozen=True)
class ServiceState:
    name: str
    assigned: bool
    active: bool | None


def _cached(kind: str, ref: UserRef, seconds: int, read):
    return kept(kind, owner(ref), seconds, read)


def lives_in(ref: UserRef) -> bool:
    """Does APIO's user listing of the group `ref` names list the user (whatever the id's case)?

    Neither a user's details (contract §5.11) nor their services name their tenant or group,
    and what APIO answers for a user named under another group is not documented: the group's
    own listing (§5.10, with a documented criterion) is what says who lives there.
    """

    def read() -> bool:
        if not (ref.tenant_id and ref.group_id and ref.user_id):
            return False
        path = paths.group_users(ref.tenant_id, ref.group_id)
        try:
            data = get_client().get(path, {"insensitiveUserIdEquals": ref.user_id}) or {}
        except ApioNotFound:  # no such tenant, or no such group in it
            return False
        listed = {str(entry.get("userId", "")).lower() for entry in data.get("users", [])}
        return ref.user_id.lower() in listed

    return _cached("membership", ref, MEMBERSHIP_CACHE_SECONDS, read)


def get_profile(ref: UserRef) -> UserSummary:
    """The user as APIO knows them at `ref` (the profile's `ref` is that one).

    Raises ApioNotFound when APIO does not know the user where `ref` says.
    """
    data = _profile_data(paths.user(ref), owner(ref))
    profile = UserSummary.from_apio(data, ref.tenant_id, ref.group_id)
    return dataclasses.replace(profile, **vars(ref))


def get_services(ref: UserRef) -> list[ServiceState]:
    """Every service the user has or could have, with assignment and activity."""
    query = {"assignementStatus": True, "summary": True}
    data = _cached(
        "services",
        ref,
        SERVICES_CACHE_SECONDS,
        lambda: get_client().get(paths.user_services(ref), query) or {},
    )
    active = {
        item.get("name"): item.get("active")
        for item in (data.get("summary") or {}).get("userServices", [])
    }
    states = [
        ServiceState(item["name"], bool(item.get("assigned")), active.get(item["name"]))
        for item in (data.get("assignementStatus") or {}).get("services", [])
        if item.get("name")
    ]
    return sorted(states, key=lambda state: (not state.assigned, state.name))


def _profile_data(path: str, who: str) -> dict:
    return kept("profile", who, PROFILE_CACHE_SECONDS, lambda: get_client().get(path) or {})


def read_settings(path: str) -> dict:
    """An object of a user (a service's settings, their details), kept a short time.

    What a form starts from: the push reads the object again before it sends a change (the
    conflict check), so a value kept here never overwrites one the platform has since. A path
    of no one user is read afresh each time.
    """
    who = owner_of_path(path)
    if who is None:
        return get_client().get(path) or {}
    if path.lower() == who:  # the user's details: the profile, one read for both
        return _profile_data(path, who)
    read = lambda: get_client().get(path) or {}  # noqa: E731
    # Forgotten as soon as a change to the user is applied, so that a person never sees their
    # own change undone; a change made on the platform itself shows within this time, or at
    # once with "Read again".
    seconds = settings.READS_SETTINGS_CACHE_SECONDS
    if seconds <= 0:
        return read()
    return kept("settings", who, seconds, read, part=path.lower()[len(who) :])


class SettingsReading:
    """Objects of one user that a page reads together, as `read_settings` reads each: those
    kept and still good, by path (`known`), found in one round trip to Redis; the others read
    by `read` (side by side, from any thread), then kept by `keep` in one more round trip.
    Objects of several users, or of none, are read and kept one by one."""

    def __init__(self, paths_read: list[str]) -> None:
        owners = {owner_of_path(path) for path in paths_read}
        seconds = settings.READS_SETTINGS_CACHE_SECONDS
        self.known: dict[str, dict] = {}
        self._together: KeptTogether | None = None
        if len(owners) != 1 or None in owners or seconds <= 0:
            return
        (self._who,) = owners
        parts = {self._part(path): path for path in paths_read if path.lower() != self._who}
        self._together = KeptTogether("settings", self._who, [*parts], seconds)
        self.known = {parts[part]: value for part, value in self._together.good.items()}

    def _part(self, path: str) -> str:
        return path.lower()[len(self._who) :]

    def read(self, path: str) -> dict:
        together = self._together
        if together is None or owner_of_path(path) != self._who or path.lower() == self._who:
            return read_settings(path)
        value = get_client().get(path) or {}
        together.add(self._part(path), value)
        return value

    def keep(self) -> None:
        if self._together is not None:
            self._together.keep()


def user_announcements(ref: UserRef) -> list[str]:
    """The names of the user's announcement files, to choose from."""
    data = _cached(
        "announcements",
        ref,
        ANNOUNCEMENTS_CACHE_SECONDS,
        lambda: get_client().get(paths.user_announcements(ref)) or {},
    )
    return sorted({item["name"] for item in data.get("announcements", []) if item.get("name")})


def forget_user(*refs: UserRef) -> None:
    """Drop what was read of these users: the next page reads APIO again."""
    forget(*{owner(ref) for ref in refs})
