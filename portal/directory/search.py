"""Finding users across the tenants and groups a person looks after.

Everything typed is matched in the directory index: the group user listings, read whole with
the documented `responseSizeLimit` only and kept for a few minutes (docs/apio-contract.md §5.10).
APIO documents no criterion for numbers or extensions, and its name criteria know neither word
order nor accents, so the index finds names in any order and without accents, numbers in any
form and extensions, and gives true counts for paging.

So that someone added since the index was read is found all the same, a name or user id is also
asked of APIO with its documented criteria (user id, last name, first name); what it answers is
added when the index lacks it and it matches what was typed.
"""

import bisect
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.cache import cache

from portal.accounts.models import Role, User
from portal.apio import paths
from portal.apio.client import get_client
from portal.apio.errors import ApioError, ApioNotFound
from portal.directory.matching import Needle, Searchable, fold
from portal.reads import UserSummary

logger = logging.getLogger(__name__)

SEARCH_CACHE_SECONDS = 30
# A group's listing changes when users are added or renumbered: minutes old is good enough
# to find someone, and the profile page always reads afresh.
INDEX_CACHE_SECONDS = 300
INDEX_SIZE_LIMIT = 100_000
LIST_CACHE_SECONDS = 300
# What APIO's own search answers at most, per criterion: only what the index lacks is used.
LIVE_RESULT_LIMIT = 50
MIN_QUERY_LENGTH = 2


class NoSuchGroup(Exception):
    """The group typed is none of the groups the person may search."""

    def __init__(self, typed: str):
        super().__init__(typed)
        self.typed = typed


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


@dataclass(frozen=True)
class GroupChoice:
    tenant_id: str
    group_id: str
    name: str


def _scope_areas(user: User, tenant_id: str = "") -> list[SearchArea]:
    if user.role == Role.ADMIN:
        if tenant_id:
            return [SearchArea(tenant_id)]
        return [SearchArea(t["tenantId"]) for t in list_tenants() if t.get("tenantId")]
    return [
        SearchArea(scope.tenant_id, scope.group_id)
        for scope in user.scopes.all()
        if not tenant_id or scope.tenant_id == tenant_id
    ]


def group_choices(user: User, tenant_id: str = "") -> list[GroupChoice]:
    """The groups this person may search (in `tenant_id` if given), with their names."""
    choices: dict[tuple[str, str], GroupChoice] = {}
    for area in _scope_areas(user, tenant_id):
        names = {g.get("groupId"): g.get("groupName") for g in list_groups(area.tenant_id)}
        for group_id in area.group_ids():
            name = names.get(group_id) or group_id
            choice = GroupChoice(area.tenant_id, group_id, name)
            choices.setdefault((area.tenant_id, group_id), choice)
    return sorted(choices.values(), key=lambda g: (fold(g.name), g.group_id))


def chosen_groups(choices: list[GroupChoice], typed: str) -> list[GroupChoice]:
    """The groups a typed name or id means: exactly (whatever the case and accents), else every
    group whose name or id holds it. NoSuchGroup if none does."""
    wanted = fold(typed)
    exact = [g for g in choices if typed in (g.group_id, g.name)]
    exact = exact or [g for g in choices if wanted in (fold(g.group_id), fold(g.name))]
    if exact:
        return exact
    partial = [g for g in choices if wanted and wanted in f"{fold(g.name)} {fold(g.group_id)}"]
    if not partial:
        raise NoSuchGroup(typed)
    return partial


def search_areas(user: User, tenant_id: str = "", group: str = "") -> list[SearchArea]:
    """Where this person may search, narrowed by the tenant and group filters."""
    if not group.strip():
        return _scope_areas(user, tenant_id)
    chosen = chosen_groups(group_choices(user, tenant_id), group.strip())
    return [SearchArea(g.tenant_id, g.group_id) for g in chosen]


def criteria_for(query: str) -> list[dict]:
    """Documented criteria that find a name or user id typed (APIO ANDs a dict's criteria; the
    results of the dicts are merged, then matched as the index is)."""
    text = " ".join(query.split())
    longest = max(text.split(), key=len)
    return [
        {"insensitiveUserIdContains": text},
        {"insensitiveUserLastNameContains": longest},
        {"insensitiveUserFirstNameContains": longest},
    ]


def _key(key_parts: list) -> str:
    digest = hashlib.sha256(json.dumps(key_parts, sort_keys=True).encode()).hexdigest()
    return f"directory:{digest}"


def _cached(key_parts: list, seconds: int, read):
    key = _key(key_parts)
    value = cache.get(key)
    if value is None:
        value = read()
        cache.set(key, value, seconds)
    return value


def _search(area: SearchArea, criteria: dict) -> list[dict]:
    body = {**criteria, "responseSizeLimit": LIVE_RESULT_LIMIT}

    def read() -> list[dict]:
        try:
            return (get_client().get(area.path(), body) or {}).get("users", [])
        except ApioNotFound:
            return []

    return _cached(["search", area.path(), body], SEARCH_CACHE_SECONDS, read)


def searchable(entry: dict) -> Searchable:
    return Searchable.of(
        entry.get("firstName") or "",
        entry.get("lastName") or "",
        entry.get("userId") or "",
        entry.get("phoneNumber") or "",
        entry.get("extension") or "",
    )


def _index_key(tenant_id: str, group_id: str) -> str:
    return _key(["index", 3, paths.group_users(tenant_id, group_id)])


def _index_value(tenant_id: str, group_id: str) -> tuple[str, str, str]:
    """(stamp, entries, keys) of a group's index, from the cache or read from APIO. The stamp
    (the digest of the two) is also kept alone, for `loaded_index` to ask cheaply."""
    key = _index_key(tenant_id, group_id)
    value = cache.get(key)
    if value is None:
        body = {"responseSizeLimit": INDEX_SIZE_LIMIT}
        users = (get_client().get(paths.group_users(tenant_id, group_id), body) or {}).get(
            "users", []
        )
        entries = "\n".join(json.dumps(entry, separators=(",", ":")) for entry in users)
        keys = "\n".join("\t".join(searchable(entry)) for entry in users)
        stamp = hashlib.blake2b(f"{entries}\f{keys}".encode(), digest_size=16).hexdigest()
        value = (stamp, entries, keys)
        cache.set_many({key: value, f"{key}:stamp": stamp}, INDEX_CACHE_SECONDS)
    return value


def group_index(tenant_id: str, group_id: str) -> tuple[str, str]:
    """Every user of a group, as its (documented) user listing has them: their entries as JSON
    and their keys (`Searchable`, tab-separated), one line per user in the same order.

    Two strings rather than thousands of objects: cheap to keep in the cache, which every
    process of the portal shares.
    """
    _stamp, entries, keys = _index_value(tenant_id, group_id)
    return entries, keys


class GroupIndex:
    """A group's index ready to search, kept in this process while the cache holds the same.

    Reading a tenant's 20,000 users from the cache and splitting them at each search cost
    more than the rest of the page; this is built once per process and per version of the
    index, and a search asks the cache only for the version's stamp.
    """

    def __init__(self, stamp: str, entries: str, keys: str) -> None:
        self.stamp = stamp
        self.entries = entries.split("\n") if keys else []
        self.keys = [tuple(line.split("\t")) for line in keys.split("\n")] if keys else []
        # Every folded text, one line each, and where each line starts: a word typed is
        # found in it by str.find, then its line by bisection.
        self.text = "\n".join(key[0] for key in self.keys)
        # line -> its UserSummary, read from JSON once per process and version of the index
        # rather than at every search that finds it.
        self._summaries: dict[int, UserSummary] = {}
        self.starts, at = [], 0
        for key in self.keys:
            self.starts.append(at)
            at += len(key[0]) + 1

    def matching(self, needle: Needle) -> Iterator[dict]:
        """The entries of everyone `needle` matches, in the listing's order."""
        for at in self._lines(needle):
            yield json.loads(self.entries[at])

    def matching_summaries(
        self, needle: Needle, tenant_id: str, group_id: str
    ) -> Iterator[UserSummary]:
        """`matching`, as UserSummary of the group (an index is one tenant's group)."""
        summaries = self._summaries
        for at in self._lines(needle):
            summary = summaries.get(at)
            if summary is None:
                entry = json.loads(self.entries[at])
                summary = summaries[at] = UserSummary.from_apio(entry, tenant_id, group_id)
            yield summary

    def _lines(self, needle: Needle) -> Iterator[int]:
        if needle.is_number:
            yield from (at for at, key in enumerate(self.keys) if needle.matches(key))
            return
        if not needle.words:
            return
        # Only the lines holding the longest word can hold them all.
        word, position = max(needle.words, key=len), 0
        while (position := self.text.find(word, position)) >= 0:
            at = bisect.bisect_right(self.starts, position) - 1
            if needle.matches(self.keys[at]):
                yield at
            position = self.starts[at + 1] if at + 1 < len(self.starts) else len(self.text)


# cache key -> GroupIndex; the oldest goes first when it holds LOADED_INDEXES.
_loaded: OrderedDict[str, GroupIndex] = OrderedDict()
_loading = threading.Lock()
LOADED_INDEXES = 64


def loaded_indexes(tenant_id: str, group_ids: list[str]) -> list[GroupIndex]:
    """The groups' indexes as the cache holds them now: this process's copy when its stamp is
    the cache's, else read (and kept) afresh."""
    keys = [_index_key(tenant_id, group_id) for group_id in group_ids]
    stamps = cache.get_many([f"{key}:stamp" for key in keys])
    found = []
    for key, group_id in zip(keys, group_ids, strict=True):
        local = _loaded.get(key)
        if local is None or stamps.get(f"{key}:stamp") != local.stamp:
            stamp, entries, index_keys = _index_value(tenant_id, group_id)
            if local is None or local.stamp != stamp:
                local = GroupIndex(stamp, entries, index_keys)
            cache.add(f"{key}:stamp", stamp, INDEX_CACHE_SECONDS)
            with _loading:
                _loaded[key] = local
                _loaded.move_to_end(key)
                while len(_loaded) > LOADED_INDEXES:
                    _loaded.popitem(last=False)
        found.append(local)
    return found


def _indexed(area: SearchArea, needle: Needle) -> Iterator[UserSummary]:
    """Everyone in the area's listings that `needle` matches."""
    group_ids = area.group_ids()
    for group_id, index in zip(group_ids, loaded_indexes(area.tenant_id, group_ids), strict=True):
        yield from index.matching_summaries(needle, area.tenant_id, group_id)


def search_users(user: User, query: str, tenant_id: str = "", group: str = "") -> list[UserSummary]:
    """Everyone matching `query` in the person's reach, by name. NoSuchGroup, UnaddressableId
    and ApioError as the filters and the platform say."""
    query = " ".join(query.split())
    needle = Needle.parse(query)
    if len(query) < MIN_QUERY_LENGTH or not needle:
        return []
    found: dict[str, UserSummary] = {}
    for area in search_areas(user, tenant_id, group):
        in_area = {summary.user_id.lower(): summary for summary in _indexed(area, needle)}
        if not needle.is_number:
            for criteria in criteria_for(query):
                for entry in _search(area, criteria):
                    key = entry.get("userId", "").lower()
                    if key in in_area or not needle.matches(searchable(entry)):
                        continue
                    if not (entry.get("groupId") or area.group_id):
                        # Newer than the index, which alone could say where they live.
                        logger.warning("search result %s has no group in %s", key, area)
                        continue
                    in_area[key] = UserSummary.from_apio(entry, area.tenant_id, area.group_id)
        for summary in in_area.values():
            found.setdefault(summary.user_id, summary)
    return sorted(found.values(), key=name_order)


def name_order(summary: UserSummary) -> tuple[str, str, str]:
    return (fold(summary.last_name), fold(summary.first_name), summary.user_id.lower())


def group_names(tenant_ids: set[str]) -> dict[tuple[str, str], str]:
    """(tenant id, group id) -> the group's name, for the tenants given."""
    return {
        (tenant_id, group["groupId"]): group.get("groupName") or group["groupId"]
        for tenant_id in sorted(tenant_ids)
        for group in list_groups(tenant_id)
        if group.get("groupId")
    }


def group_name(tenant_id: str, group_id: str) -> str:
    """A group as people know it: its name on the platform; its id when none can be read."""
    try:
        return group_names({tenant_id}).get((tenant_id, group_id), group_id)
    except ApioError:
        return group_id


def list_groups(tenant_id: str) -> list[dict]:
    read = lambda: (get_client().get(paths.groups(tenant_id)) or {}).get("groups", [])  # noqa: E731
    return _cached(["groups", tenant_id], LIST_CACHE_SECONDS, read)


def list_tenants() -> list[dict]:
    read = lambda: (get_client().get(paths.tenants()) or {}).get("tenants", [])  # noqa: E731
    return _cached(["tenants"], LIST_CACHE_SECONDS, read)
