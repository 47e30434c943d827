"""Health and the /sandbox/ control endpoints: no session, no faults, for tests and the demo.

GET  /health                   {"status": "ok"}
GET  /sandbox/faults/          the fault settings in force
PUT  /sandbox/faults/          change some of them
POST /sandbox/reset/           the initial demo state (and start-up faults, empty request log)
POST /sandbox/sessions/expire/ invalidate every session
GET  /sandbox/requests/        the last /api/v1/ requests (?limit=N), with a running count
DELETE /sandbox/requests/      forget them
GET  /sandbox/objects/?path=   the stored JSON behind an /api/v1/ path, write-only fields included
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from portal.sandbox import catalog
from portal.sandbox.context import sandbox_of
from portal.sandbox.errors import ApioError, not_found
from portal.sandbox.store import user_details

routes = web.RouteTableDef()

_USER_PATH = re.compile(r"^/api/v1/tenants/([^/]+)/groups/([^/]+)/users/([^/]+)/(.*)$")
_CRITERIA_PATH = re.compile(r"^services/([a-z_]+)/criteria/([^/]+)$")
_CONFERENCE_PATH = re.compile(r"^services/meet_me_confs/conferences/([^/]+)/([^/]+)$")
_CRITERIA_KINDS = {
    slug.removeprefix("services/"): kind
    for slug, (kind, _) in catalog.RESOURCES.items()
    if kind in ("cfs", "scr", "sca", "priority_alert", "custom_ringback", "executive")
}


@routes.get("/health")
@routes.get("/health/")
async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@routes.get("/sandbox/faults/")
async def get_faults(request: web.Request) -> web.Response:
    return web.json_response(sandbox_of(request).faults.settings.as_dict())


@routes.put("/sandbox/faults/")
async def put_faults(request: web.Request) -> web.Response:
    faults = sandbox_of(request).faults
    try:
        changes = await request.json()
    except ValueError:
        raise ApioError(416, "The request body is not valid JSON") from None
    if not isinstance(changes, dict):
        raise ApioError(416, "The request body must be a JSON object")
    faults.settings = faults.settings.updated(changes)
    return web.json_response(faults.settings.as_dict())


@routes.post("/sandbox/reset/")
async def reset(request: web.Request) -> web.Response:
    sandbox = sandbox_of(request)
    started = time.perf_counter()
    sandbox.reset()
    seconds = round(time.perf_counter() - started, 3)
    config = sandbox.config
    return web.json_response({"users": config.users, "seed": config.seed, "seconds": seconds})


@routes.post("/sandbox/sessions/expire/")
async def expire_sessions(request: web.Request) -> web.Response:
    return web.json_response({"expired": sandbox_of(request).sessions.expire_all()})


@routes.get("/sandbox/requests/")
async def get_requests(request: web.Request) -> web.Response:
    limit = request.query.get("limit")
    if limit is not None and not limit.isdigit():
        raise ApioError(400, "limit must be a non-negative integer", code=42)
    snapshot = sandbox_of(request).journal.snapshot(None if limit is None else int(limit))
    return web.json_response(snapshot)


@routes.delete("/sandbox/requests/")
async def clear_requests(request: web.Request) -> web.Response:
    sandbox_of(request).journal.clear()
    return web.json_response({"count": 0, "requests": []})


@routes.get("/sandbox/objects/")
async def get_object(request: web.Request) -> web.Response:
    path = request.query.get("path", "")
    found = stored_object(request, path)
    if found is None:
        raise not_found(f"Nothing stored at {path}")
    return web.json_response(found)


def stored_object(request: web.Request, path: str) -> Any | None:
    """The stored JSON behind `path` (an /api/v1/ user path), or None."""
    store = sandbox_of(request).store
    match = _USER_PATH.match(path)
    if match is None or not path.endswith("/"):
        return None
    tenant_id, group_id, user_id = (unquote(part) for part in match.groups()[:3])
    rest = "/".join(unquote(part) for part in match.group(4).rstrip("/").split("/"))
    row = store.user(user_id)
    if row is None or (row["tenant_id"], row["group_id"]) != (tenant_id, group_id):
        return None
    if rest == "":
        return user_details(row)
    if rest == "services":
        return {"services": sorted(store.assigned_services(user_id))}
    if rest in catalog.RESOURCES:
        return store.document(user_id, catalog.RESOURCES[rest][0])
    if criteria := _CRITERIA_PATH.match(rest):
        kind = _CRITERIA_KINDS.get(criteria.group(1))
        document = store.document(user_id, kind) if kind else None
        entries = (document or {}).get("criteria", [])
        return next((e for e in entries if e["name"] == criteria.group(2)), None)
    if conference := _CONFERENCE_PATH.match(rest):
        found = store.conference(conference.group(1), conference.group(2))
        if found is None or found[0] != user_id:
            return None
        return found[1]
    return None
