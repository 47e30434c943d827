"""Who a supervisor supervises: agents added (POST) and removed (DELETE).

The path is the portal's assumed one (contract §5.9): the same as the GET of the agents a
supervisor supervises, `…/call_centers/{cc}/supervisors/{supervisor}/agents/`, with the body
`{"agents": [{"userId": …}]}`, each entry a Supervised Agent checked against the spec's
presence table (`userId` required, nothing else). A request is done whole or not at all:

- an entry that is no agent of the call center answers 400 naming `agents[i].userId`;
- adding an agent supervised already answers 400 naming it too (not silently accepted);
- removing an agent the supervisor does not supervise answers 404.

Both answer 200 with the supervisor's agents as the GET gives them.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from portal.definitions.loader import get_definition
from portal.sandbox.call_centers import BASE, agent_entry
from portal.sandbox.context import group_of, read_json, sandbox_of
from portal.sandbox.errors import Problem, invalid, not_found
from portal.sandbox.validation import check

routes = web.RouteTableDef()

PATH = BASE + "{cc}/supervisors/{supervisor}/agents/"
DEFINITION = get_definition("supervised_agent")


def _supervisor(request: web.Request) -> tuple[str, str]:
    """(call center, supervisor) the path names; 404 for either unknown."""
    tenant_id, group_id = group_of(request)
    cc_id = request.match_info["cc"]
    store = sandbox_of(request).store
    if store.call_center(tenant_id, group_id, cc_id) is None:
        raise not_found(f"Call center {cc_id} not found in group {group_id}")
    supervisor = request.match_info["supervisor"]
    if not store.is_supervisor(cc_id, supervisor):
        raise not_found(f"{supervisor} is not a supervisor of call center {cc_id}")
    return cc_id, supervisor


async def _agent_ids(request: web.Request, method: str) -> list[tuple[str, str]]:
    """(field path, user id) of each entry of the body's `agents`; 400 for a malformed body."""
    body = await read_json(request, required=True)
    problems = [Problem(f"Unknown field '{name}'", name) for name in body if name != "agents"]
    entries: Any = body.get("agents")
    if not isinstance(entries, list) or not entries:
        problems.append(Problem("Field 'agents' must be a list of one agent or more", "agents"))
        raise invalid(problems)
    found = []
    for number, entry in enumerate(entries):
        prefix = f"agents[{number}]"
        entry_problems = check(DEFINITION, method, entry, prefix=prefix)
        problems += entry_problems
        if not entry_problems:
            found.append((f"{prefix}.userId", entry["userId"]))
    if problems:
        raise invalid(problems)
    return found


def _answer(request: web.Request, cc_id: str, supervisor: str) -> web.Response:
    found = sandbox_of(request).store.supervised_agents(cc_id, supervisor)
    return web.json_response({"agents": [agent_entry(a) for a in found]})


@routes.post(PATH)
async def add_supervised(request: web.Request) -> web.Response:
    cc_id, supervisor = _supervisor(request)
    wanted = await _agent_ids(request, "POST")
    store = sandbox_of(request).store
    supervised = store.supervised_ids(cc_id, supervisor)
    problems = []
    for field, user_id in wanted:
        if not store.is_agent(cc_id, user_id):
            problems.append(Problem(f"Field '{field}': {user_id} is no agent of {cc_id}", field))
        elif user_id in supervised:
            problems.append(
                Problem(f"Field '{field}': {supervisor} supervises {user_id} already", field)
            )
    if problems:
        raise invalid(problems)
    store.set_supervised(cc_id, supervisor, [user_id for _, user_id in wanted], supervised=True)
    return _answer(request, cc_id, supervisor)


@routes.delete(PATH)
async def remove_supervised(request: web.Request) -> web.Response:
    cc_id, supervisor = _supervisor(request)
    wanted = await _agent_ids(request, "DELETE")
    store = sandbox_of(request).store
    supervised = store.supervised_ids(cc_id, supervisor)
    missing = [user_id for _, user_id in wanted if user_id not in supervised]
    if missing:
        raise not_found(f"{supervisor} does not supervise {', '.join(missing)}")
    store.set_supervised(cc_id, supervisor, [user_id for _, user_id in wanted], supervised=False)
    return _answer(request, cc_id, supervisor)
