"""A user's services: the summary, the assignment status, assigning and unassigning.

GET/POST/DELETE /api/v1/tenants/{t}/groups/{g}/users/{u}/services/
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from portal.definitions.loader import get_definition
from portal.sandbox import catalog
from portal.sandbox.context import UserRef, query_body, read_json, sandbox_of, user_of
from portal.sandbox.errors import Problem, invalid
from portal.sandbox.store import Store
from portal.sandbox.validation import check

routes = web.RouteTableDef()

SERVICES_PATH = "/api/v1/tenants/{tenant}/groups/{group}/users/{user}/services/"
ENTRY = get_definition("service_assignment_status")
# No service packs are defined in the sandbox: any pack named in a request is unknown.
SERVICE_PACKS: tuple[str, ...] = ()
_BODY_KEYS = ("services", "servicePacks")


def _active(name: str, documents: dict[str, dict]) -> bool:
    kinds = catalog.SERVICE_KINDS.get(name)
    if kinds and "active" in documents.get(kinds[0], {}):
        return bool(documents[kinds[0]]["active"])
    return True  # services without an on/off switch are active once assigned


def services_view(store: Store, user_id: str, summary: bool, status: bool) -> dict[str, Any]:
    assigned = store.assigned_services(user_id)
    result: dict[str, Any] = {}
    if summary:
        documents = store.documents(user_id)
        result["summary"] = {
            "userServices": [
                {"active": _active(name, documents), "name": name}
                for name in catalog.SERVICES
                if name in assigned
            ],
            "groupService": [],
        }
    if status:
        result["assignementStatus"] = {
            "services": [{"assigned": n in assigned, "name": n} for n in catalog.SERVICES],
            "servicePacks": [],
        }
    return result


@routes.get(SERVICES_PATH)
async def get_services(request: web.Request) -> web.Response:
    user = user_of(request)
    flags = await query_body(request, {"assignementStatus": bool, "summary": bool})
    summary, status = flags.get("summary", False), flags.get("assignementStatus", False)
    if not summary and not status:  # neither asked for: answer both
        summary = status = True
    view = services_view(sandbox_of(request).store, user.user_id, summary, status)
    return web.json_response(view)


def _names(body: dict[str, Any], method: str) -> list[str]:
    """The service names of an assign/unassign body, checked against the catalogue."""
    problems = [Problem(f"Unknown field '{k}'", k) for k in body if k not in _BODY_KEYS]
    names: list[str] = []
    for key, known in (("services", catalog.SERVICES), ("servicePacks", SERVICE_PACKS)):
        entries = body.get(key, [])
        if not isinstance(entries, list):
            problems.append(Problem(f"Field '{key}' must be an array", key))
            continue
        for index, entry in enumerate(entries):
            path = f"{key}[{index}]"
            found = check(ENTRY, method, entry, prefix=path)
            if not found and entry["name"] not in known:
                label = "service" if key == "services" else "service pack"
                message = f"Field '{path}.name': unknown {label} '{entry['name']}'"
                found = [Problem(message, f"{path}.name")]
            problems += found
            if not found:
                names.append(entry["name"])
    if problems:
        raise invalid(problems)
    return names


def _change(store: Store, user: UserRef, names: list[str], assign: bool) -> None:
    assigned = store.assigned_services(user.user_id)
    if assign:
        new = [n for n in names if n not in assigned]
        documents = {
            kind: catalog.default_document(kind, user.email)
            for name in new
            for kind in catalog.SERVICE_KINDS.get(name, ())
        }
        store.set_assignment(user.user_id, new, (), documents, ())
    else:
        gone = [n for n in names if n in assigned]
        kinds = [kind for name in gone for kind in catalog.SERVICE_KINDS.get(name, ())]
        store.set_assignment(user.user_id, (), gone, {}, kinds)


@routes.post(SERVICES_PATH)
async def assign(request: web.Request) -> web.Response:
    user = user_of(request)
    names = _names(await read_json(request, required=True), "POST")
    store = sandbox_of(request).store
    _change(store, user, names, assign=True)
    return web.json_response(services_view(store, user.user_id, True, True))


@routes.delete(SERVICES_PATH)
async def unassign(request: web.Request) -> web.Response:
    user = user_of(request)
    names = _names(await read_json(request, required=True), "DELETE")
    store = sandbox_of(request).store
    _change(store, user, names, assign=False)
    return web.json_response(services_view(store, user.user_id, True, True))
