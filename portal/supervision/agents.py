"""Call centers and their agents, read from APIO: a supervisor's own, or any group's."""

from dataclasses import dataclass

from portal.apio import paths
from portal.apio.client import get_client
from portal.apio.errors import ApioNotFound
from portal.core import UserRef
from portal.reads import UserSummary


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
    client = get_client()
    centers = []
    for center in group_call_centers(supervisor.tenant_id, supervisor.group_id):
        path = paths.call_center_supervisors(
            center.tenant_id, center.group_id, center.service_user_id
        )
        supervisors = (client.get(path) or {}).get("supervisors", [])
        if any(s.get("userId") == supervisor.user_id for s in supervisors):
            centers.append(center)
    return centers


def supervised_agents(supervisor: UserRef, call_center_id: str) -> list[UserSummary]:
    """The agents this supervisor supervises in that call center; ApioNotFound if none."""
    path = paths.supervised_agents(
        supervisor.tenant_id, supervisor.group_id, call_center_id, supervisor.user_id
    )
    agents = (get_client().get(path) or {}).get("agents", [])
    return [
        UserSummary.from_apio(agent, supervisor.tenant_id, supervisor.group_id) for agent in agents
    ]


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
    "call_center_agents",
    "call_center_supervisors",
    "group_call_centers",
    "supervised_agents",
    "supervised_call_centers",
    "tenant_groups",
]
