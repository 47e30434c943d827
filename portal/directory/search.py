"""Finding users across the tenants and groups a person looks after, through APIO's search."""

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache

from portal.accounts.models import Role, User
from portal.apio import paths
from portal.apio.client import get_client
from portal.apio.errors import ApioNotFound
from portal.directory.phone import is_extension, phone_fragment, to_e164
from portal.reads import UserSummary

SEARCH_CACHE_SECONDS = 30
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
    """APIO criteria are ANDed; each dict is one search, and the results are merged."""
    text = " ".join(query.split())
    searches: list[dict] = []
    fragment = to_e164(text) or phone_fragment(text)
    if is_extension(text):
        searches.append({"extensionEquals": text})
    if fragment:
        searches.append({"insensitivePhoneNumberContains": fragment})
    if not fragment and not is_extension(text):
        searches.append({"insensitiveUserIdContains": text})
        searches.append({"insensitiveEmailAddressContains": text})
        first, _, last = text.partition(" ")
        if last:
            searches.append(
                {"insensitiveUserFirstNameContains": first, "insensitiveUserLastNameContains": last}
            )
        else:
            searches.append({"insensitiveUserLastNameContains": text})
            searches.append({"insensitiveUserFirstNameContains": text})
    return searches


def _cached_search(area: SearchArea, criteria: dict) -> list[dict]:
    body = {**criteria, "responseSizeLimit": RESULT_LIMIT}
    digest = hashlib.sha256(json.dumps([area.path(), body], sort_keys=True).encode()).hexdigest()
    key = f"directory:search:{digest}"
    users = cache.get(key)
    if users is None:
        try:
            users = (get_client().get(area.path(), body) or {}).get("users", [])
        except ApioNotFound:
            users = []
        cache.set(key, users, SEARCH_CACHE_SECONDS)
    return users


def search_users(
    user: User, query: str, tenant_id: str = "", group_id: str = ""
) -> list[UserSummary]:
    query = query.strip()
    if len(query) < MIN_QUERY_LENGTH:
        return []
    found: dict[str, UserSummary] = {}
    for area in search_areas(user, tenant_id, group_id):
        for criteria in criteria_for(query):
            for data in _cached_search(area, criteria):
                summary = UserSummary.from_apio(data, area.tenant_id, area.group_id)
                found.setdefault(summary.user_id, summary)
    ordered = sorted(found.values(), key=lambda u: (u.last_name, u.first_name, u.user_id))
    return ordered[:RESULT_LIMIT]


def list_tenants() -> list[dict]:
    key = "directory:tenants"
    tenants = cache.get(key)
    if tenants is None:
        tenants = (get_client().get(paths.tenants()) or {}).get("tenants", [])
        cache.set(key, tenants, 300)
    return tenants
