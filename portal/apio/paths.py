"""Every APIO path the portal uses, built in one place from docs/apio-contract.md.

Paths end with "/" (APIO rejects them otherwise) and ids are escaped as the contract says
(§6 #20): "@" stays, everything else that is not URL-safe is percent-encoded; an id that is "."
or ".." is refused (ValueError), never sent.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import Http404

from portal.core import UserRef

API = "/api/v1"

LOGIN = f"{API}/login/"


class UnaddressableId(ValueError, Http404):
    """An id no APIO path can name. A ValueError to the code that builds paths; a view that lets
    it through answers 404, as for any object that does not exist, never a 500."""


def segment(value: str) -> str:
    """`value` as one path segment: "@" kept, everything else that is not URL-safe encoded.

    "." and ".." are URL-safe characters, yet as a whole segment they mean "this folder" and "the
    folder above" to every server and proxy on the way: …/users/../ would reach the group. No id
    spelled so can be addressed, so none is ever sent.
    """
    text = str(value)
    if text in (".", ".."):
        raise UnaddressableId(f"{text!r} cannot be an APIO path segment")
    return quote(text, safe="@")


def tenants() -> str:
    return f"{API}/tenants/"


def tenant(tenant_id: str) -> str:
    return f"{API}/tenants/{segment(tenant_id)}/"


def groups(tenant_id: str) -> str:
    return f"{tenant(tenant_id)}groups/"


def group(tenant_id: str, group_id: str) -> str:
    return f"{groups(tenant_id)}{segment(group_id)}/"


def group_users(tenant_id: str, group_id: str) -> str:
    return f"{group(tenant_id, group_id)}users/"


def tenant_user_search(tenant_id: str) -> str:
    return f"{tenant(tenant_id)}search/users/"


def user(ref: UserRef) -> str:
    return f"{group_users(ref.tenant_id, ref.group_id)}{segment(ref.user_id)}/"


def user_services(ref: UserRef) -> str:
    return f"{user(ref)}services/"


def assumed(path: str) -> str:
    """A path the docs do not show, as the operator's settings have it (contract §6)."""
    return settings.APIO_ASSUMED_PATHS.get(path, path).strip("/")


def user_service(ref: UserRef, service: str) -> str:
    """``service`` is the contract's path segment, e.g. "cfa" or "voice_messaging/basic_config"."""
    return f"{user_services(ref)}{assumed(service.strip('/'))}/"


def criteria_list(ref: UserRef, service: str) -> str:
    return f"{user_service(ref, service)}criteria/"


def criteria(ref: UserRef, service: str, name: str) -> str:
    return f"{criteria_list(ref, service)}{segment(name)}/"


def user_announcements(ref: UserRef) -> str:
    return f"{user(ref)}{assumed('announcements')}/"


def user_schedules(ref: UserRef, kind: str = "time_schedules") -> str:
    return f"{user(ref)}{kind}/"


def group_schedules(tenant_id: str, group_id: str, kind: str = "time_schedules") -> str:
    return f"{group(tenant_id, group_id)}{kind}/"


def tenant_schedules(tenant_id: str, kind: str = "time_schedules") -> str:
    return f"{tenant(tenant_id)}{kind}/"


def meet_me_bridges(ref: UserRef) -> str:
    return user_service(ref, "meet_me_confs/bridges")


def meet_me_conferences(ref: UserRef) -> str:
    return user_service(ref, "meet_me_confs/conferences")


def meet_me_conference(ref: UserRef, bridge_id: str, conference_id: str) -> str:
    return f"{meet_me_conferences(ref)}{segment(bridge_id)}/{segment(conference_id)}/"


def meet_me_new_conference(ref: UserRef, bridge_id: str) -> str:
    """Where a conference is created on a bridge (an assumed path, contract §6)."""
    return f"{meet_me_conferences(ref)}{segment(bridge_id)}/"


def meet_me_part(ref: UserRef, bridge_id: str, conference_id: str, part: str) -> str:
    """A conference's "delegates" or "greeting" (assumed paths, contract §6)."""
    return f"{meet_me_conference(ref, bridge_id, conference_id)}{part}/"


def meet_me_recordings(ref: UserRef) -> str:
    """The recordings of the conferences a user hosts (an assumed path, contract §6)."""
    return user_service(ref, "meet_me_confs/recordings")


def call_centers(tenant_id: str, group_id: str) -> str:
    return f"{group(tenant_id, group_id)}services/call_centers/"


def call_center_agents(tenant_id: str, group_id: str, call_center_id: str) -> str:
    return f"{call_centers(tenant_id, group_id)}{segment(call_center_id)}/agents/"


def call_center_supervisors(tenant_id: str, group_id: str, call_center_id: str) -> str:
    return f"{call_centers(tenant_id, group_id)}{segment(call_center_id)}/supervisors/"


def supervised_agents(
    tenant_id: str, group_id: str, call_center_id: str, supervisor_id: str
) -> str:
    base = call_center_supervisors(tenant_id, group_id, call_center_id)
    return f"{base}{segment(supervisor_id)}/agents/"
