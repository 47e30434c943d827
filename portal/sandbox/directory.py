"""Sign-in, tenants, groups, users: listing, search and details.

The user search and the group user listing take APIO's documented criteria on user ids, last
names, first names and group ids (`insensitiveUserLastNameStarts`...) as a JSON body on the GET,
in any combination (AND), and `responseSizeLimit`. Any other criterion is refused with a 400, as
"invalid parameters" are (api/errors.html): there is no search by number or extension.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from portal.sandbox.auth import END_USER_LEVEL, SYSTEM_LEVEL, hash_password, same_secret
from portal.sandbox.context import (
    group_of,
    read_json,
    sandbox_of,
    tenant_of,
    user_of,
)
from portal.sandbox.errors import ApioError, Problem, invalid
from portal.sandbox.store import list_entry, search_entry, user_details

routes = web.RouteTableDef()

DEFAULT_RESPONSE_SIZE_LIMIT = 1000
_LOGIN_KEYS = frozenset({"username", "password", "provide_basic_profile"})
_CRITERION = re.compile(
    r"^(sensitive|insensitive)"
    r"(UserId|UserLastName|UserFirstName|GroupId)"
    r"(Starts|Contains|Equals)$"
)
# criterion subject -> (column compared case-sensitively, lower-cased column)
_COLUMNS = {
    "UserId": ("user_id", "user_id_lc"),
    "UserLastName": ("last_name", "last_lc"),
    "UserFirstName": ("first_name", "first_lc"),
    "GroupId": ("group_id", "group_id"),
}
# Above every other code point: "starts with p" is the index range [p, p + _TOP).
_TOP = "\U0010ffff"


@routes.post("/api/v1/login/", name="login")
async def login(request: web.Request) -> web.Response:
    sandbox = sandbox_of(request)
    body = await read_json(request, required=True)
    problems = [Problem(f"Unknown field '{k}'", k) for k in body if k not in _LOGIN_KEYS]
    for key in ("username", "password"):
        if not isinstance(body.get(key), str) or not body[key]:
            problems.append(Problem(f"Field '{key}' is required and must be a string", key))
    if problems:
        raise invalid(problems)
    username, password = body["username"], body["password"]
    config = sandbox.config
    if same_secret(username, config.admin_username) and same_secret(
        password, config.admin_password
    ):
        session = sandbox.sessions.open(username, SYSTEM_LEVEL, {})
    else:
        row = sandbox.store.user(username)
        if row is None or not same_secret(hash_password(username, password), row["password_hash"]):
            raise ApioError(401, "Invalid username or password", summary="AUTHENTICATION_FAILED")
        ids = {"tenant_id": row["tenant_id"], "group_id": row["group_id"], "user_id": username}
        session = sandbox.sessions.open(username, END_USER_LEVEL, ids)
    response = web.json_response(session.login_body())
    response.set_cookie("sessionid", session.token, httponly=True, path="/", samesite="Lax")
    return response


@routes.get("/api/v1/tenants/")
async def tenants(request: web.Request) -> web.Response:
    """`type` and `sizeLimit` narrow the list; the other documented filters (backendName,
    insensitiveExternalId…) are accepted and ignored: the sandbox has no backends nor ids."""
    body = await read_json(request)
    problems = []
    if "type" in body and not isinstance(body["type"], str):
        problems.append(Problem("Parameter 'type' must be a string", "type"))
    size_limit = body.get("sizeLimit")
    if "sizeLimit" in body and (
        isinstance(size_limit, bool) or not isinstance(size_limit, int) or size_limit < 1
    ):
        problems.append(Problem("Parameter 'sizeLimit' must be a positive integer", "sizeLimit"))
    if problems:
        raise invalid(problems)
    rows = sandbox_of(request).store.tenants()
    entries = [{"tenantId": r["tenant_id"], "name": r["name"], "type": "Enterprise"} for r in rows]
    if "type" in body:
        entries = [e for e in entries if e["type"] == body["type"]]
    return web.json_response({"tenants": entries[:size_limit]})


@routes.get("/api/v1/tenants/{tenant}/groups/")
async def groups(request: web.Request) -> web.Response:
    tenant_id = tenant_of(request)
    rows = sandbox_of(request).store.groups(tenant_id)
    entries = [
        {"groupId": r["group_id"], "groupName": r["name"], "tenantId": r["tenant_id"]} for r in rows
    ]
    return web.json_response({"groups": entries})


def search_clauses(body: dict[str, Any]) -> tuple[list[str], list[Any], int]:
    """SQL clauses (from a fixed table), their parameters and the size limit of a search body."""
    clauses: list[str] = []
    params: list[Any] = []
    problems: list[Problem] = []
    limit = body.get("responseSizeLimit", DEFAULT_RESPONSE_SIZE_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        problems.append(
            Problem("Field 'responseSizeLimit' must be a positive integer", "responseSizeLimit")
        )
    for key, value in body.items():
        if key == "responseSizeLimit":
            continue
        match = _CRITERION.match(key)
        if match is None:
            problems.append(Problem(f"Unknown search criterion '{key}'", key))
            continue
        if not isinstance(value, str):
            problems.append(Problem(f"Search criterion '{key}' must be a string", key))
            continue
        sensitive, subject, mode = match.groups()
        column = _COLUMNS[subject][0 if sensitive == "sensitive" else 1]
        text = value if sensitive == "sensitive" else value.lower()
        if mode == "Equals":
            clauses.append(f"{column} = ?")
            params.append(text)
        elif mode == "Starts":
            clauses.append(f"{column} >= ? AND {column} < ?")
            params += [text, text + _TOP]
        else:
            clauses.append(f"instr({column}, ?) > 0")
            params.append(text)
    if problems:
        raise invalid(problems)
    return clauses, params, limit


@routes.get("/api/v1/tenants/{tenant}/search/users/")
async def search_users(request: web.Request) -> web.Response:
    tenant_id = tenant_of(request)
    clauses, params, limit = search_clauses(await read_json(request))
    rows = sandbox_of(request).store.search_users(
        ["tenant_id = ?", *clauses], [tenant_id, *params], limit
    )
    return web.json_response({"users": [search_entry(row) for row in rows]})


@routes.get("/api/v1/tenants/{tenant}/groups/{group}/users/")
async def group_users(request: web.Request) -> web.Response:
    tenant_id, group_id = group_of(request)
    clauses, params, limit = search_clauses(await read_json(request))
    rows = sandbox_of(request).store.search_users(
        ["tenant_id = ?", "group_id = ?", *clauses], [tenant_id, group_id, *params], limit
    )
    return web.json_response({"users": [list_entry(row) for row in rows]})


@routes.get("/api/v1/tenants/{tenant}/groups/{group}/users/{user}/")
async def details(request: web.Request) -> web.Response:
    user = user_of(request)
    return web.json_response(user_details(user.row))
