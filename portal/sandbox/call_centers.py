"""Group call centers: the list, their agents, their supervisors and who supervises whom.

The supervisor paths (…/supervisors/ and …/supervisors/{user}/agents/) are the portal's assumed
ones; the contract has no copy of them.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from portal.definitions.loader import get_definition
from portal.sandbox.context import group_of, sandbox_of
from portal.sandbox.errors import not_found

routes = web.RouteTableDef()

BASE = "/api/v1/tenants/{tenant}/groups/{group}/services/call_centers/"
AGENT_FIELDS = get_definition("supervised_agent").field_names


# The demo users have no location of their own: an agent's location dialing code is their
# group's, and someone without a department has none (the attribute is optional).
LOCATION_CODES = {"acme-hq": "81", "acme-sales": "82", "acme-support": "83"}


def agent_entry(summary: dict[str, Any]) -> dict[str, Any]:
    """A user summary cut to the Supervised Agent attributes it has."""
    entry = {name: summary[name] for name in AGENT_FIELDS if name in summary}
    code = LOCATION_CODES.get(summary.get("groupId", ""))
    if code and summary.get("department"):
        entry["locationCode"] = code
    return entry


def _call_center(request: web.Request) -> str:
    tenant_id, group_id = group_of(request)
    cc_id = request.match_info["cc"]
    if sandbox_of(request).store.call_center(tenant_id, group_id, cc_id) is None:
        raise not_found(f"Call center {cc_id} not found in group {group_id}")
    return cc_id


@routes.get(BASE)
async def call_centers(request: web.Request) -> web.Response:
    tenant_id, group_id = group_of(request)
    rows = sandbox_of(request).store.call_centers(tenant_id, group_id)
    entries = [
        {"serviceUserId": r["service_user_id"], "name": r["name"], "type": r["type"]} for r in rows
    ]
    return web.json_response({"callCenters": entries})


@routes.get(BASE + "{cc}/agents/")
async def agents(request: web.Request) -> web.Response:
    cc_id = _call_center(request)
    found = sandbox_of(request).store.cc_agents(cc_id)
    return web.json_response({"agents": [agent_entry(a) for a in found]})


@routes.get(BASE + "{cc}/supervisors/")
async def supervisors(request: web.Request) -> web.Response:
    cc_id = _call_center(request)
    found = sandbox_of(request).store.cc_supervisors(cc_id)
    return web.json_response({"supervisors": [agent_entry(s) for s in found]})


@routes.get(BASE + "{cc}/supervisors/{supervisor}/agents/")
async def supervised_agents(request: web.Request) -> web.Response:
    cc_id = _call_center(request)
    supervisor = request.match_info["supervisor"]
    store = sandbox_of(request).store
    if not store.is_supervisor(cc_id, supervisor):
        raise not_found(f"{supervisor} is not a supervisor of call center {cc_id}")
    found = store.supervised_agents(cc_id, supervisor)
    return web.json_response({"agents": [agent_entry(a) for a in found]})
