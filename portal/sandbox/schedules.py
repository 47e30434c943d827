"""Schedule lists at user, group and tenant level.

Time schedules and "calendar" (holiday) schedules are kept apart: a criteria's `timeSchedule`
must name a time schedule, its `holidaySchedule` a calendar one. With {"allLevels": true} a list
also gives the schedules of the levels above.
"""

from __future__ import annotations

from aiohttp import web

from portal.sandbox.context import group_of, query_body, sandbox_of, tenant_of, user_of

routes = web.RouteTableDef()

TENANT = "/api/v1/tenants/{tenant}/"
GROUP = TENANT + "groups/{group}/"
USER = GROUP + "users/{user}/"
_FILTERS = {"allLevels": bool}


async def _answer(request: web.Request, owners: list[tuple[str, str]], kind: str) -> web.Response:
    if not (await query_body(request, _FILTERS)).get("allLevels", False):
        owners = owners[:1]
    found = sandbox_of(request).store.schedules(owners, kind)
    return web.json_response({"schedules": found})


def _user_owners(request: web.Request) -> list[tuple[str, str]]:
    user = user_of(request)
    return [("User", user.user_id), ("Group", user.group_id), ("Tenant", user.tenant_id)]


def _group_owners(request: web.Request) -> list[tuple[str, str]]:
    tenant_id, group_id = group_of(request)
    return [("Group", group_id), ("Tenant", tenant_id)]


@routes.get(USER + "time_schedules/")
async def user_time_schedules(request: web.Request) -> web.Response:
    return await _answer(request, _user_owners(request), "time")


@routes.get(USER + "calendar_schedules/")
async def user_calendar_schedules(request: web.Request) -> web.Response:
    return await _answer(request, _user_owners(request), "holiday")


@routes.get(GROUP + "time_schedules/")
async def group_time_schedules(request: web.Request) -> web.Response:
    return await _answer(request, _group_owners(request), "time")


@routes.get(GROUP + "calendar_schedules/")
async def group_calendar_schedules(request: web.Request) -> web.Response:
    return await _answer(request, _group_owners(request), "holiday")


@routes.get(TENANT + "time_schedules/")
async def tenant_time_schedules(request: web.Request) -> web.Response:
    return await _answer(request, [("Tenant", tenant_of(request))], "time")
