"""Meet-Me Conferencing for a user: the bridges of their group and the conferences they host.

Lists: GET …/meet_me_confs/bridges/ and …/meet_me_confs/conferences/.
One conference: GET/PUT/DELETE …/conferences/{bridgeId}/{conferenceId}/, created by
POST …/conferences/{bridgeId}/ (201, the answer carries the new conferenceId).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from aiohttp import web

from portal.definitions.loader import get_definition
from portal.sandbox import catalog
from portal.sandbox.context import UserRef, read_json, sandbox_of, user_of
from portal.sandbox.errors import Problem, invalid, not_found
from portal.sandbox.validation import merge, readable, validate

routes = web.RouteTableDef()

BASE = "/api/v1/tenants/{tenant}/groups/{group}/users/{user}/services/meet_me_confs/"
INSTANCE = get_definition("meet_me_conference_instance")
HOST_TIME_ZONE = "Europe/Brussels"
_RECURRENCE_TYPES = {
    "recurDaily": "Recurring Daily",
    "recurWeekly": "Recurring Weekly",
    "recurMonthlyByDay": "Recurring Monthly",
    "recurMonthlyByWeek": "Recurring Monthly",
    "recurYearlyByDay": "Recurring Yearly",
    "recurYearlyByWeek": "Recurring Yearly",
}


def _bridges(request: web.Request, user: UserRef) -> dict[str, Any]:
    rows = sandbox_of(request).store.bridges(user.tenant_id, user.group_id)
    return {row["bridge_id"]: row for row in rows}


def bridge_entry(row: Any) -> dict[str, Any]:
    ports: dict[str, Any] = {"unlimited": row["ports"] is None}
    if row["ports"] is not None:
        ports["quantity"] = row["ports"]
    return {
        "bridgeId": row["bridge_id"],
        "name": row["name"],
        "phoneNumber": row["phone_number"],
        "extension": row["extension"],
        "allocatedPorts": ports,
        "active": bool(row["active"]),
    }


def schedule_summary(schedule: dict[str, Any]) -> tuple[str, str]:
    """(type, startTime in BroadWorks' list format) of a conferenceSchedule object."""
    if "scheduleReservationless" in schedule:
        kind, detail = "Reservationless", schedule["scheduleReservationless"]
    elif "scheduleOneTime" in schedule:
        kind, detail = "One Time", schedule["scheduleOneTime"]
    else:
        detail = schedule.get("scheduleRecurring", {})
        recurrence = detail.get("recurrence", {})
        kind = next((t for k, t in _RECURRENCE_TYPES.items() if k in recurrence), "Recurring Daily")
    start = datetime.fromisoformat(detail["startTime"])
    text = start.strftime("%Y-%m-%dT%H:%M:%S:") + f"{start.microsecond // 1000:03d}"
    return kind, text + start.strftime("%z")


def conference_entry(
    bridge: Any, conference_id: str, body: dict[str, Any], host: UserRef
) -> dict[str, Any]:
    kind, start = schedule_summary(body["conferenceSchedule"])
    return {
        "bridgeId": bridge["bridge_id"],
        "conferenceId": conference_id,
        "title": body["title"],
        "bridgeName": bridge["name"],
        "status": body.get("status", "active"),
        "type": kind,
        "startTime": start,
        "lastName": host.row["last_name"],
        "firstName": host.row["first_name"],
        "hostId": host.user_id,
    }


def _instance_view(body: dict[str, Any]) -> dict[str, Any]:
    return readable(INSTANCE, {k: v for k, v in body.items() if k in INSTANCE.field_names})


def _capacity_problems(bridge: Any, body: dict[str, Any]) -> list[Problem]:
    ports = bridge["ports"]
    problems = []
    for field in ("estimatedParticipants", "maxParticipants"):
        value = body.get(field)
        if ports is not None and isinstance(value, int) and value > ports:
            message = f"Field '{field}' ({value}) exceeds the {ports} ports of the bridge"
            problems.append(Problem(message, field))
    return problems


def _pins(body: dict[str, Any]) -> None:
    """Pins are set by the server: a moderator pin always, a security pin when required."""
    body.setdefault("moderatorPin", f"{secrets.randbelow(10**6):06d}")
    if body.get("requireSecurityPin"):
        body.setdefault("securityPin", f"{secrets.randbelow(10**4):04d}")
    else:
        body.pop("securityPin", None)


@routes.get(BASE + "bridges/")
async def bridges(request: web.Request) -> web.Response:
    user = user_of(request, catalog.MEET_ME)
    entries = [bridge_entry(row) for row in _bridges(request, user).values()]
    return web.json_response({"conference_bridges": entries})


@routes.get(BASE + "conferences/")
async def conferences(request: web.Request) -> web.Response:
    user = user_of(request, catalog.MEET_ME)
    by_id = _bridges(request, user)
    hosted = sandbox_of(request).store.conferences_of(user.user_id)
    entries = [conference_entry(by_id[b], c, body, user) for b, c, body in hosted if b in by_id]
    return web.json_response({"conferences": entries})


def _bridge(request: web.Request, user: UserRef) -> Any:
    bridge_id = request.match_info["bridge"]
    bridge = _bridges(request, user).get(bridge_id)
    if bridge is None:
        raise not_found(f"Conference bridge {bridge_id} not found")
    return bridge


def _conference(request: web.Request) -> tuple[UserRef, Any, str, dict[str, Any]]:
    user = user_of(request, catalog.MEET_ME)
    bridge = _bridge(request, user)
    conference_id = request.match_info["conference"]
    found = sandbox_of(request).store.conference(bridge["bridge_id"], conference_id)
    if found is None or found[0] != user.user_id:
        raise not_found(f"Conference {conference_id} not found on bridge {bridge['bridge_id']}")
    return user, bridge, conference_id, found[1]


def _new_id() -> str:
    return str(100000 + secrets.randbelow(900000))


@routes.post(BASE + "conferences/{bridge}/")
async def create_conference(request: web.Request) -> web.Response:
    user = user_of(request, catalog.MEET_ME)
    bridge = _bridge(request, user)
    body = await read_json(request, required=True)
    validate(INSTANCE, "POST", body)
    problems = _capacity_problems(bridge, body)
    if problems:
        raise invalid(problems)
    store = sandbox_of(request).store
    taken = store.conference_ids(bridge["bridge_id"])
    conference_id = _new_id()
    while conference_id in taken:
        conference_id = _new_id()
    stored = {**body, "hostTimeZone": HOST_TIME_ZONE, "status": "active"}
    _pins(stored)
    store.save_conference(bridge["bridge_id"], conference_id, user.user_id, stored)
    answer = {"bridgeId": bridge["bridge_id"], "conferenceId": conference_id}
    return web.json_response({**answer, **_instance_view(stored)}, status=201)


@routes.get(BASE + "conferences/{bridge}/{conference}/")
async def get_conference(request: web.Request) -> web.Response:
    _, _, _, body = _conference(request)
    return web.json_response(_instance_view(body))


@routes.put(BASE + "conferences/{bridge}/{conference}/")
async def update_conference(request: web.Request) -> web.Response:
    user, bridge, conference_id, stored = _conference(request)
    body = await read_json(request, required=True)
    validate(INSTANCE, "PUT", body, current=stored)
    merged = merge(stored, body)
    problems = _capacity_problems(bridge, merged)
    if problems:
        raise invalid(problems)
    _pins(merged)
    store = sandbox_of(request).store
    store.save_conference(bridge["bridge_id"], conference_id, user.user_id, merged)
    return web.json_response(_instance_view(merged))


@routes.delete(BASE + "conferences/{bridge}/{conference}/")
async def delete_conference(request: web.Request) -> web.Response:
    _, bridge, conference_id, _ = _conference(request)
    sandbox_of(request).store.delete_conference(bridge["bridge_id"], conference_id)
    return web.Response(status=204)
