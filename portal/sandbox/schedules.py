"""Schedule lists at user, group and tenant level; each schedule one by one (a user's own
may be added, changed and deleted; a group's or the tenant's only read).

Time schedules and "calendar" (holiday) schedules are kept apart: a criteria's `timeSchedule`
must name a time schedule, its `holidaySchedule` a calendar one. With {"allLevels": true} a list
also gives the schedules of the levels above.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from portal.definitions.loader import get_definition
from portal.sandbox.context import (
    group_of,
    query_body,
    read_json,
    sandbox_of,
    tenant_of,
    user_of,
)
from portal.sandbox.criteria import DEFAULT_SCHEDULE_LEVEL, SERVICES
from portal.sandbox.errors import ApioError, Problem, invalid, not_found
from portal.sandbox.validation import check

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


# --------------------------------------------------------------------------- a user's own

# A user's own schedules, one by one (contract §5.7): POST on the list path (201), GET, PUT
# (rename with newName, the periods given replace the schedule's) and DELETE (204) at
# …/{instance_name}/. A period ends on the day it starts: "18:00–08:00" is two periods (§6 #33).
# A schedule that a criteria uses is not deleted (400): the criteria would lose its meaning.
KINDS = {"time_schedules": "time", "calendar_schedules": "holiday"}
DEFINITIONS = {"time": "user_time_schedule", "holiday": "user_calendar_schedule"}
_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
_INSTANCE_FILTERS = {"full_list": bool}


def _period_problems(kind: str, periods: list[dict[str, Any]]) -> list[Problem]:
    """What the field checks leave: times of day, stop after start, one name per period."""
    problems, seen = [], set()
    for index, period in enumerate(periods):
        at = f"periods[{index}]"
        if period["name"] in seen:
            message = f"Field '{at}.name': a period named '{period['name']}' is given twice"
            problems.append(Problem(message, f"{at}.name"))
        seen.add(period["name"])
        first, last = ("startTime", "stopTime") if kind == "time" else ("startDate", "stopDate")
        if kind == "time":
            bad = [key for key in (first, last) if not _TIME.match(period[key])]
            for key in bad:
                message = f"Field '{at}.{key}' must be a time of day HH:MM, 00:00 to 23:59"
                problems.append(Problem(message, f"{at}.{key}"))
            if bad:
                continue
        if period[last] < period[first] or (kind == "time" and period[last] == period[first]):
            message = f"Field '{at}.{last}' must be after {first}: a period ends on its own day"
            problems.append(Problem(message, f"{at}.{last}"))
    return problems


def _full(kind: str, period: dict[str, Any]) -> dict[str, Any]:
    if kind == "time":
        return {"active": True, **period}
    return dict(period)


def _instance(name: str, periods: list[dict[str, Any]], full_list: bool) -> dict[str, Any]:
    """A schedule as its GET answers it: every period's details only with full_list."""
    shown = periods if full_list else [{"name": p["name"]} for p in periods]
    return {"name": name, "periods": shown}


def _checked(kind: str, method: str, body: dict[str, Any]) -> list[dict[str, Any]] | None:
    problems = check(get_definition(DEFINITIONS[kind]), method, body)
    periods = body.get("periods")
    if not problems and periods is not None:
        problems = _period_problems(kind, periods)
    if problems:
        raise invalid(problems)
    return None if periods is None else [_full(kind, p) for p in periods]


def _names_own(ref: Any, name: str) -> bool:
    """Whether a criteria's schedule reference names the user's own schedule `name`."""
    if not isinstance(ref, dict) or ref.get("name") != name:
        return False
    return ref.get("level", DEFAULT_SCHEDULE_LEVEL) == "User"


def _users_of(store, user, kind: str, name: str) -> list[str]:
    """The criteria of the user that name this schedule of theirs: "service: criteria"."""
    field = {"time": "timeSchedule", "holiday": "holidaySchedule"}[kind]
    found = []
    for spec in SERVICES:
        for entry in (store.document(user.user_id, spec.kind) or {}).get("criteria", []):
            if _names_own(entry.get(field), name):
                found.append(f"{spec.slug}: {entry['name']}")
    return found


def _renamed_in_criteria(store, user, kind: str, old: str, new: str) -> None:
    """Criteria that name a renamed schedule name it by its new name, as in BroadWorks."""
    field = {"time": "timeSchedule", "holiday": "holidaySchedule"}[kind]
    for spec in SERVICES:
        document = store.document(user.user_id, spec.kind)
        if not document:
            continue
        changed = False
        for entry in document.get("criteria", []):
            if _names_own(entry.get(field), old):
                entry[field] = {**entry[field], "name": new}
                changed = True
        if changed:
            store.save_document(user.user_id, spec.kind, document)


def _kind_of(request: web.Request) -> str:
    return KINDS[request.match_info["kinds"]]


def _located(request: web.Request):
    user = user_of(request)
    kind, name = _kind_of(request), request.match_info["name"]
    store = sandbox_of(request).store
    periods = store.schedule_periods("User", user.user_id, kind, name)
    if periods is None:
        raise not_found(f"Schedule {name} not found")
    return store, user, kind, name, periods


async def post_user_schedule(request: web.Request) -> web.Response:
    user = user_of(request)
    kind = _kind_of(request)
    store = sandbox_of(request).store
    body = await read_json(request, required=True)
    periods = _checked(kind, "POST", body) or []
    name = body["name"]
    if store.schedule_periods("User", user.user_id, kind, name) is not None:
        raise ApioError(409, [Problem(f"A schedule named '{name}' already exists", "name")])
    store.save_schedule("User", user.user_id, kind, name, periods)
    return web.json_response(_instance(name, periods, True), status=201)


async def get_user_schedule(request: web.Request) -> web.Response:
    full_list = (await query_body(request, _INSTANCE_FILTERS)).get("full_list", False)
    _, _, _, name, periods = _located(request)
    return web.json_response(_instance(name, periods, full_list))


async def put_user_schedule(request: web.Request) -> web.Response:
    store, user, kind, name, periods = _located(request)
    body = await read_json(request, required=True)
    given = _checked(kind, "PUT", body)
    if body["name"] != name:
        message = "Field 'name' must be the schedule's current name; rename with 'newName'"
        raise invalid([Problem(message, "name")])
    new_name = body.get("newName") or name
    taken = store.schedule_periods("User", user.user_id, kind, new_name) is not None
    if new_name != name and taken:
        message = f"A schedule named '{new_name}' already exists"
        raise ApioError(409, [Problem(message, "newName")])
    periods = periods if given is None else given
    store.save_schedule("User", user.user_id, kind, new_name, periods, old_name=name)
    if new_name != name:
        _renamed_in_criteria(store, user, kind, name, new_name)
    return web.json_response(_instance(new_name, periods, True))


async def delete_user_schedule(request: web.Request) -> web.Response:
    store, user, kind, name, _ = _located(request)
    used = _users_of(store, user, kind, name)
    if used:
        message = f"Field 'name': schedule '{name}' is used by criteria ({', '.join(used)})"
        raise invalid([Problem(message, "name")])
    store.delete_schedule("User", user.user_id, kind, name)
    return web.Response(status=204)


# --------------------------------------------------------------------------- group and tenant

# A group's or the tenant's schedule, read one by one as a user's own (§5.7): the portal reads
# its periods, with full_list, to tell whether a rule that names it applies now.


async def _shared_instance(request: web.Request, level: str, owner: str) -> web.Response:
    full_list = (await query_body(request, _INSTANCE_FILTERS)).get("full_list", False)
    name = request.match_info["name"]
    periods = sandbox_of(request).store.schedule_periods(level, owner, _kind_of(request), name)
    if periods is None:
        raise not_found(f"Schedule {name} not found")
    return web.json_response(_instance(name, periods, full_list))


async def get_group_schedule(request: web.Request) -> web.Response:
    _, group_id = group_of(request)
    return await _shared_instance(request, "Group", group_id)


async def get_tenant_schedule(request: web.Request) -> web.Response:
    return await _shared_instance(request, "Tenant", tenant_of(request))


_KINDS = "{kinds:time_schedules|calendar_schedules}/"
routes.get(GROUP + _KINDS + "{name}/")(get_group_schedule)
routes.get(TENANT + _KINDS + "{name}/")(get_tenant_schedule)

_KINDS_PATH = USER + _KINDS
routes.post(_KINDS_PATH)(post_user_schedule)
routes.get(_KINDS_PATH + "{name}/")(get_user_schedule)
routes.put(_KINDS_PATH + "{name}/")(put_user_schedule)
routes.delete(_KINDS_PATH + "{name}/")(delete_user_schedule)
