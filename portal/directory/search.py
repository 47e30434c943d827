"""Finding users across the tenants and groups a person looks after.

Names and user ids are found by APIO's user search, with the documented criteria only (tenant
search, or the group user listing for one group). APIO documents no criterion for numbers or
extensions, so those are found in the group user listings, read whole and kept for a few
minutes: the directory index (docs/apio-contract.md §5.10).
"""

import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.cache import cache

from portal.accounts.models import Role, User
from portal.apio import paths
from portal.apio.client import get_client
from portal.apio.errors import ApioNotFound
from portal.directory.phone import is_extension, phone_fragment, to_e164
from portal.reads import UserSummary

logger = logging.getLogger(__name__)

SEARCH_CACHE_SECONDS = 30
# A group's listing changes when users are added or renumbered: minutes old is good enough
# to find someone by number, and the profile page always reads afresh.
INDEX_CACHE_SECONDS = 300
INDEX_SIZE_LIMIT = 100_000
LIST_CACHE_SECONDS = 300
RESULT_LIMIT = 50
MIN_QUERY_LENGTH = 2


@dataclass(frozen=True)
class SearchArea:
    """One APIO search call's reach: a whole tenant, or one group of it."""

    tenant_id: str
    group_id: str = ""

    def path(self) -> str:
        if self.group_id:
            return paths.group_users(self.tenant_id, self.group_id)
        return paths.tenant_user_search(self.tenant_id)

    def group_ids(self) -> list[str]:
        if self.group_id:
            return [self.group_id]
        return [group["groupId"] for group in list_groups(self.tenant_id) if group.get("groupId")]


def search_areas(user: User, tenant_id: str = "", group_id: str = "") -> list[SearchArea]:
    """Where this person may search, narrowed by the tenant and group filters."""
    if user.role == Role.ADMIN:
        if tenant_id:
            return [SearchArea(tenant_id, group_id)]
        return [SearchArea(t["tenantId"]) for t in list_tenants()]
    areas = []
    for scope in user.scopes.all():
        if tenant_id and scope.tenant_id != tenant_id:
            continue
        if group_id and scope.group_id not in ("", group_id):
            continue
        areas.append(SearchArea(scope.tenant_id, group_id or scope.group_id))
    return areas


def criteria_for(query: str) -> list[dict]:
    """Documented criteria for a name or user id; APIO ANDs a dict's criteria, and the
    results of the dicts are merged."""
    text = " ".join(query.split())
    searches: list[dict] = [{"insensitiveUserIdContains": text}]
    first, _, last = text.partition(" ")
    if last:
        searches.append(
            {"insensitiveUserFirstNameContains": first, "insensitiveUserLastNameContains": last}
        )
    searches.append({"insensitiveUserLastNameContains": text})
    searches.append({"insensitiveUserFirstNameContains": text})
    return searches


def number_matcher(query: str) -> Callable[[UserSummary], bool] | None:
    """For a number or an extension, what a listed user must match; None for other text."""
    text = query.strip()
    extension = text if is_extension(text) else ""
    fragment = to_e164(text) or phone_fragment(text) or ""
    if not extension and not fragment:
        return None
    return lambda user: bool(
        (extension and user.extension == extension) or (fragment and fragment in user.phone_number)
    )


def _cached(key_parts: list, seconds: int, read):
    digest = hashlib.sha256(json.dumps(key_parts, sort_keys=True).encode()).hexdigest()
    key = f"directory:{digest}"
    value = cache.get(key)
    if value is None:
        value = read()
        cache.set(key, value, seconds)
    return value


def _search(area: SearchArea, criteria: dict) -> list[dict]:
    body = {**criteria, "responseSizeLimit": RESULT_LIMIT}

    def read() -> list[dict]:
        try:
            return (get_client().get(area.path(), body) or {}).get("users", [])
        except ApioNotFound:
            return []

    return _cached(["search", area.path(), body], SEARCH_CACHE_SECONDS, read)


def group_index(tenant_id: str, group_id: str) -> list[dict]:
    """Every user of a group, as its (documented) user listing has them."""
    path = paths.group_users(tenant_id, group_id)
    body = {"responseSizeLimit": INDEX_SIZE_LIMIT}
    read = lambda: (get_client().get(path, body) or {}).get("users", [])  # noqa: E731
    return _cached(["index", path], INDEX_CACHE_SECONDS, read)


def _indexed_users(area: SearchArea) -> Iterator[UserSummary]:
    for group_id in area.group_ids():
        for entry in group_index(area.tenant_id, group_id):
            yield UserSummary.from_apio(entry, area.tenant_id, group_id)


def _placed(area: SearchArea, results: list[UserSummary]) -> Iterator[UserSummary]:
    """Search results with their group: the entry's, or the group whose listing has them."""
    unplaced = {summary.user_id.lower() for summary in results if not summary.group_id}
    # Read the group listings once per area, and only when an entry lacks its group.
    groups = {}
    if unplaced:
        groups = {
            listed.user_id.lower(): listed
            for listed in _indexed_users(area)
            if listed.user_id.lower() in unplaced
        }
    for summary in results:
        if summary.group_id:
            yield summary
        elif (listed := groups.get(summary.user_id.lower())) is not None:
            yield listed
        else:
            logger.warning("search result %s is in none of the groups of %s", summary.user_id, area)


def search_users(
    user: User, query: str, tenant_id: str = "", group_id: str = ""
) -> list[UserSummary]:
    query = " ".join(query.split())
    if len(query) < MIN_QUERY_LENGTH:
        return []
    matches_number = number_matcher(query)
    found: dict[str, UserSummary] = {}
    for area in search_areas(user, tenant_id, group_id):
        if matches_number is not None:
            for summary in _indexed_users(area):
                if matches_number(summary):
                    found.setdefault(summary.user_id, summary)
            continue
        results = [
            UserSummary.from_apio(entry, area.tenant_id, area.group_id)
            for criteria in criteria_for(query)
            for entry in _search(area, criteria)
        ]
        for summary in _placed(area, results):
            found.setdefault(summary.user_id, summary)
    ordered = sorted(found.values(), key=lambda u: (u.last_name, u.first_name, u.user_id))
    return ordered[:RESULT_LIMIT]


def list_groups(tenant_id: str) -> list[dict]:
    read = lambda: (get_client().get(paths.groups(tenant_id)) or {}).get("groups", [])  # noqa: E731
    return _cached(["groups", tenant_id], LIST_CACHE_SECONDS, read)


def list_tenants() -> list[dict]:
    read = lambda: (get_client().get(paths.tenants()) or {}).get("tenants", [])  # noqa: E731
    return _cached(["tenants"], LIST_CACHE_SECONDS, read)
