"""One user's profile and service assignments, read from APIO."""

from dataclasses import dataclass

from django.core.cache import cache

from portal.apio import paths
from portal.apio.client import get_client
from portal.directory.search import UserSummary

SERVICES_CACHE_SECONDS = 30


@dataclass(frozen=True)
class ServiceState:
    name: str
    assigned: bool
    active: bool | None


def get_profile(ref: paths.UserRef) -> UserSummary:
    """Raises ApioNotFound when APIO does not know the user."""
    data = get_client().get(paths.user(ref)) or {}
    return UserSummary.from_apio(data, ref.tenant_id, ref.group_id)


def _services_key(ref: paths.UserRef) -> str:
    return f"directory:services:{ref.tenant_id}:{ref.group_id}:{ref.user_id}"


def get_services(ref: paths.UserRef) -> list[ServiceState]:
    """Every service the user has or could have, with assignment and activity."""
    data = cache.get(_services_key(ref))
    if data is None:
        data = (
            get_client().get(paths.user_services(ref), {"assignementStatus": True, "summary": True})
            or {}
        )
        cache.set(_services_key(ref), data, SERVICES_CACHE_SECONDS)
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


def assigned_service_names(ref: paths.UserRef) -> set[str]:
    return {state.name for state in get_services(ref) if state.assigned}


def forget_services(ref: paths.UserRef) -> None:
    cache.delete(_services_key(ref))
