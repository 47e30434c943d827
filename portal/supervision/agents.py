"""Call centers and their agents, read from APIO: a supervisor's own, or any group's.

A page of agents reads APIO's answer through a short-lived cache, one per call center and
supervisor (or per call center, for every agent): 2,000 agents are read once a minute at most,
not on each sort, search or page. "Refresh" drops it (`forget_listing`).
"""

import hashlib
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from threading import Lock

from django.core.cache import cache
from django.utils import timezone

from portal.apio import paths
from portal.apio.client import get_client
from portal.apio.errors import ApioNotFound
from portal.core import UserRef
from portal.reads import UserSummary, side_by_side


@dataclass(frozen=True)
class CallCenter:
    service_user_id: str
    name: str
    type: str
    tenant_id: str
    group_id: str


@dataclass(frozen=True)
class Group:
    group_id: str
    name: str


def tenant_groups(tenant_id: str) -> list[Group]:
    """The groups of a tenant; ApioNotFound if there is no such tenant."""
    listing = get_client().get(paths.groups(tenant_id)) or {}
    groups = [
        Group(item["groupId"], item.get("groupName") or item["groupId"])
        for item in listing.get("groups", [])
        if item.get("groupId")
    ]
    return sorted(groups, key=lambda group: group.name.lower())


def group_call_centers(tenant_id: str, group_id: str) -> list[CallCenter]:
    """Every call center of a group; ApioNotFound if there is no such group."""
    listing = get_client().get(paths.call_centers(tenant_id, group_id)) or {}
    return [
        CallCenter(
            item["serviceUserId"],
            item.get("name") or item["serviceUserId"],
            item.get("type", ""),
            tenant_id,
            group_id,
        )
        for item in listing.get("callCenters", [])
        if item.get("serviceUserId")
    ]


def supervised_call_centers(supervisor: UserRef) -> list[CallCenter]:
    """The group's call centers that list `supervisor` among their supervisors (each center's
    list read side by side)."""
    centers = group_call_centers(supervisor.tenant_id, supervisor.group_id)

    def supervises(center: CallCenter) -> bool:
        path = paths.call_center_supervisors(
            center.tenant_id, center.group_id, center.service_user_id
        )
        supervisors = (get_client().get(path) or {}).get("supervisors", [])
        return any(s.get("userId") == supervisor.user_id for s in supervisors)

    found = side_by_side([lambda center=center: supervises(center) for center in centers])
    return [center for center, yes in zip(centers, found, strict=True) if yes]


def supervised_agents(supervisor: UserRef, call_center_id: str) -> list[UserSummary]:
    """The agents this supervisor supervises in that call center; ApioNotFound if none."""
    path = paths.supervised_agents(
        supervisor.tenant_id, supervisor.group_id, call_center_id, supervisor.user_id
    )
    agents = (get_client().get(path) or {}).get("agents", [])
    return [
        UserSummary.from_apio(agent, supervisor.tenant_id, supervisor.group_id) for agent in agents
    ]


# -- read through a short-lived cache ---------------------------------------------------------

LISTING_CACHE_SECONDS = 60


@dataclass(frozen=True)
class Listing:
    """APIO's answer as read at `read_at`: agents (and supervisors) as APIO lists them.

    `token` tells one reading from another, so that what is derived from it may be kept.
    """

    agents: tuple[dict, ...]
    supervisors: tuple[dict, ...] | None
    read_at: datetime
    token: str


def _key(*parts: str) -> str:
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:40]
    return f"supervision:{parts[0]}:{digest}"


def listing_key(center: CallCenter, supervisor_id: str | None) -> str:
    """One cache entry per call center and supervisor; `None`: every agent, and supervisors."""
    return _agents_key(center.tenant_id, center.group_id, center.service_user_id, supervisor_id)


def _agents_key(tenant_id: str, group_id: str, center_id: str, supervisor_id: str | None) -> str:
    return _key("agents", tenant_id, group_id, center_id, supervisor_id or "")


def forget_agents(tenant_id: str, group_id: str, center_id: str, supervisor_id: str) -> None:
    """Drop what was read of a call center's agents, for that supervisor and for staff: who
    supervises whom has changed."""
    cache.delete_many(
        [
            _agents_key(tenant_id, group_id, center_id, supervisor_id),
            _agents_key(tenant_id, group_id, center_id, None),
        ]
    )


def centers_key(supervisor: UserRef) -> str:
    return _key("centers", supervisor.tenant_id, supervisor.group_id, supervisor.user_id)


# A reading is kept in Redis as two entries: a small one saying which reading is current (its
# token and time), and the agents themselves under the token. Each process keeps the last
# reading it loaded of each entry, so that a page of 2,000 agents does not fetch and unpickle
# them all again while the reading is current: only the small entry is asked for. A newer
# reading replaces the older one of the same entry, which no page asks for any more: kept, it
# would only make the heap (and each garbage collection) bigger.
_LOADED: OrderedDict[str, Listing] = OrderedDict()
_LOADED_MAX = 32
_loaded_lock = Lock()


def _remember(key: str, listing: Listing) -> Listing:
    with _loaded_lock:
        _LOADED[key] = listing
        _LOADED.move_to_end(key)
        while len(_LOADED) > _LOADED_MAX:
            _LOADED.popitem(last=False)
    return listing


def _read_listing(key: str, read) -> Listing:
    current = cache.get(key)
    if isinstance(current, tuple) and len(current) == 2:
        token, read_at = current
        with _loaded_lock:
            known = _LOADED.get(key)
        if known is not None and known.token == token:
            return known
        stored = cache.get(f"{key}:{token}")
        if isinstance(stored, tuple) and len(stored) == 2:
            return _remember(key, Listing(stored[0], stored[1], read_at, token))
    agents, supervisors = read()
    listing = Listing(
        tuple(agents),
        None if supervisors is None else tuple(supervisors),
        timezone.now(),
        secrets.token_hex(8),
    )
    # The agents and the token that points to them in one round trip (a transaction: whoever
    # sees the token finds them).
    stored = (listing.agents, listing.supervisors)
    cache.set_many(
        {f"{key}:{listing.token}": stored, key: (listing.token, listing.read_at)},
        LISTING_CACHE_SECONDS,
    )
    return _remember(key, listing)


def supervised_listing(supervisor: UserRef, center: CallCenter) -> Listing:
    """The agents `supervisor` supervises in `center`; ApioNotFound if they supervise none."""

    def read():
        path = paths.supervised_agents(
            center.tenant_id, center.group_id, center.service_user_id, supervisor.user_id
        )
        return (get_client().get(path) or {}).get("agents", []), None

    return _read_listing(listing_key(center, supervisor.user_id), read)


def call_center_listing(center: CallCenter) -> Listing:
    """Every agent of `center` and its supervisors; ApioNotFound if there is no such center."""

    def read():
        client = get_client()
        base = (center.tenant_id, center.group_id, center.service_user_id)
        agents = (client.get(paths.call_center_agents(*base)) or {}).get("agents", [])
        supervisors = (client.get(paths.call_center_supervisors(*base)) or {}).get(
            "supervisors", []
        )
        return agents, supervisors

    return _read_listing(listing_key(center, None), read)


def cached_supervised_call_centers(supervisor: UserRef) -> list[CallCenter]:
    """The call centers `supervisor` supervises, kept as long as their agents are."""
    key = centers_key(supervisor)
    centers = cache.get(key)
    if not isinstance(centers, list):
        centers = supervised_call_centers(supervisor)
        cache.set(key, centers, LISTING_CACHE_SECONDS)
    return centers


def forget_listing(center: CallCenter, supervisor: UserRef | None = None) -> None:
    """Drop what was read of the call center's agents (and of the supervisor's call centers):
    the next page reads APIO again."""
    keys = [listing_key(center, supervisor.user_id if supervisor else None)]
    if supervisor is not None:
        keys.append(centers_key(supervisor))
    cache.delete_many(keys)


def _people(center: CallCenter, path: str, key: str) -> list[UserSummary]:
    found = (get_client().get(path) or {}).get(key, [])
    return [UserSummary.from_apio(item, center.tenant_id, center.group_id) for item in found]


def call_center_agents(center: CallCenter) -> list[UserSummary]:
    """Every agent of the call center, whoever supervises them."""
    path = paths.call_center_agents(center.tenant_id, center.group_id, center.service_user_id)
    return _people(center, path, "agents")


def call_center_supervisors(center: CallCenter) -> list[UserSummary]:
    path = paths.call_center_supervisors(center.tenant_id, center.group_id, center.service_user_id)
    return _people(center, path, "supervisors")


__all__ = [
    "ApioNotFound",
    "CallCenter",
    "Group",
    "Listing",
    "cached_supervised_call_centers",
    "call_center_listing",
    "forget_listing",
    "supervised_listing",
    "call_center_agents",
    "call_center_supervisors",
    "group_call_centers",
    "supervised_agents",
    "supervised_call_centers",
    "tenant_groups",
]
