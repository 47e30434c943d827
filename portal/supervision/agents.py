"""The call centers a supervisor supervises, and their agents, read from APIO."""

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


def supervised_call_centers(supervisor: UserRef) -> list[CallCenter]:
    client = get_client()
    listing = client.get(paths.call_centers(supervisor.tenant_id, supervisor.group_id)) or {}
    centers = []
    for item in listing.get("callCenters", []):
        cc_id = item.get("serviceUserId", "")
        path = paths.call_center_supervisors(supervisor.tenant_id, supervisor.group_id, cc_id)
        supervisors = (client.get(path) or {}).get("supervisors", [])
        if any(s.get("userId") == supervisor.user_id for s in supervisors):
            centers.append(
                CallCenter(
                    cc_id,
                    item.get("name", cc_id),
                    item.get("type", ""),
                    supervisor.tenant_id,
                    supervisor.group_id,
                )
            )
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


__all__ = ["ApioNotFound", "CallCenter", "supervised_agents", "supervised_call_centers"]
