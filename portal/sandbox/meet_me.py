"""Meet-Me Conferencing for a user: the bridges of their group and the conferences they host.

Lists: GET …/meet_me_confs/bridges/ and …/meet_me_confs/conferences/.
One conference: GET/PUT/DELETE …/conferences/{bridgeId}/{conferenceId}/, created by
POST …/conferences/{bridgeId}/ (201, the answer carries the new conferenceId). A PUT's
conferenceSchedule replaces the stored schedule whole; the other fields merge.
Assumed paths (contract §6): a conference's delegates (GET/PUT …/{conferenceId}/delegates/) and
greeting (GET/PUT …/{conferenceId}/greeting/), and the recordings of the conferences the user
hosts (GET/DELETE …/meet_me_confs/recordings/).
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from aiohttp import web

from portal.definitions.loader import get_definition
from portal.sandbox import catalog
from portal.sandbox.context import UserRef, read_json, sandbox_of, user_of
from portal.sandbox.errors import ApioError, Problem, invalid, not_found
from portal.sandbox.validation import check, merge, present, readable, validate

routes = web.RouteTableDef()

BASE = "/api/v1/tenants/{tenant}/groups/{group}/users/{user}/services/meet_me_confs/"
INSTANCE = get_definition("meet_me_conference_instance")
SCHEDULE = get_definition("meet_me_conference_schedule")
DELEGATE = get_definition("conference_delegate_item")
RECORDING = get_definition("conference_delete_recording_item")
GREETING = get_definition("conference_greeting_announcement")
# BroadWorks' MeetMeConferencingConferenceDuration: hours 0-23, minutes 0-59.
_DURATION_BOUNDS = {"hours": 23, "minutes": 59}
# The delegate entry's fields, as the user listing names them (store.list_entry).
_DELEGATE_FIELDS = (
    ("userId", "user_id"),
    ("firstName", "first_name"),
    ("lastName", "last_name"),
    ("phoneNumber", "phone_number"),
    ("extension", "extension"),
    ("emailAddress", "email"),
)
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


def _duration_problems(duration: Any, path: str) -> list[Problem]:
    """A conference duration: hours 0-23 and minutes 0-59, at least one minute in all."""
    if not isinstance(duration, dict):
        return [Problem(f"Field '{path}' must be an object", path)]
    problems = [
        Problem(f"Unknown field '{path}.{name}' for Conference duration", f"{path}.{name}")
        for name in duration
        if name not in _DURATION_BOUNDS
    ]
    for name, top in _DURATION_BOUNDS.items():
        value = duration.get(name)
        field = f"{path}.{name}"
        if value is None:
            problems.append(Problem(f"Field '{field}' is required", field))
        elif not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
            problems.append(Problem(f"Field '{field}' must be an integer from 0 to {top}", field))
    if not problems and duration["hours"] == 0 and duration["minutes"] == 0:
        problems.append(Problem(f"Field '{path}' must be at least one minute", path))
    return problems


def _schedule_problems(schedule: dict[str, Any]) -> list[Problem]:
    """What the definitions cannot say: an end after the start, a duration of a minute or more,
    a recurrence that does not end before it starts."""
    problems = []
    reservationless = schedule.get("scheduleReservationless")
    if isinstance(reservationless, dict):
        start, end = reservationless.get("startTime"), reservationless.get("endTime")
        ends = present(start) and present(end)
        if ends and datetime.fromisoformat(end) <= datetime.fromisoformat(start):
            path = "conferenceSchedule.scheduleReservationless.endTime"
            message = f"Field '{path}' ({end}) must be after the start time ({start})"
            problems.append(Problem(message, path))
    for kind in ("scheduleOneTime", "scheduleRecurring"):
        detail = schedule.get(kind)
        if isinstance(detail, dict) and "duration" in detail:
            path = f"conferenceSchedule.{kind}.duration"
            problems += _duration_problems(detail["duration"], path)
    recurring = schedule.get("scheduleRecurring")
    if isinstance(recurring, dict):
        start = recurring.get("startTime")
        end_date = (recurring.get("recurrence") or {}).get("recurEndDate")
        if present(start) and present(end_date):
            first = datetime.fromisoformat(start).date()
            if date.fromisoformat(end_date) < first:
                path = "conferenceSchedule.scheduleRecurring.recurrence.recurEndDate"
                message = f"Field '{path}' ({end_date}) is before the start date ({first})"
                problems.append(Problem(message, path))
    return problems


def _replacing_schedule_problems(schedule: Any) -> list[Problem]:
    """A PUT's conferenceSchedule replaces the stored one: it must be whole, as in a POST."""
    problems = check(SCHEDULE, "POST", schedule, prefix="conferenceSchedule")
    return [
        Problem(p.message.replace("in a POST", "when a PUT replaces the schedule"), p.field)
        for p in problems
    ]


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
    problems = _capacity_problems(bridge, body) + _schedule_problems(body["conferenceSchedule"])
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
    # The spec returns the pins set by the platform on a GET (moderatorPin "A", securityPin
    # "C": when one is required); the host needs them to run the conference.
    pins = {name: body[name] for name in ("moderatorPin", "securityPin") if body.get(name)}
    return web.json_response({**_instance_view(body), **pins})


@routes.put(BASE + "conferences/{bridge}/{conference}/")
async def update_conference(request: web.Request) -> web.Response:
    user, bridge, conference_id, stored = _conference(request)
    body = await read_json(request, required=True)
    validate(INSTANCE, "PUT", body, current=stored)
    if "conferenceSchedule" in body:
        problems = _replacing_schedule_problems(body["conferenceSchedule"])
        if problems:
            raise invalid(problems)
    # merge() sets each given field whole: a conferenceSchedule replaces the stored one.
    merged = merge(stored, body)
    problems = _capacity_problems(bridge, merged) + _schedule_problems(merged["conferenceSchedule"])
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


# ---------------------------------------------------------------------- delegates (assumed)


def delegate_entry(row: Any) -> dict[str, Any]:
    """A delegate as conference_delegate_item's GET fields; what the user lacks is left out."""
    return {key: row[column] for key, column in _DELEGATE_FIELDS if row[column]}


def _delegates_answer(request: web.Request, bridge: Any, conference_id: str) -> web.Response:
    rows = sandbox_of(request).store.conference_delegates(bridge["bridge_id"], conference_id)
    return web.json_response({"delegates": [delegate_entry(row) for row in rows]})


@routes.get(BASE + "conferences/{bridge}/{conference}/delegates/")
async def get_delegates(request: web.Request) -> web.Response:
    _, bridge, conference_id, _ = _conference(request)
    return _delegates_answer(request, bridge, conference_id)


def _delegate_ids(body: dict[str, Any]) -> list[str]:
    """The user ids of a delegates PUT, once its shape is sound (400 otherwise)."""
    problems = [
        Problem(f"Unknown field '{name}' for Conference delegates", name)
        for name in body
        if name != "delegates"
    ]
    delegates = body.get("delegates")
    if "delegates" not in body:
        problems.append(Problem("Field 'delegates' is required in a PUT", "delegates"))
    elif not isinstance(delegates, list):
        problems.append(Problem("Field 'delegates' must be an array", "delegates"))
    else:
        for index, item in enumerate(delegates):
            problems += check(DELEGATE, "PUT", item, prefix=f"delegates[{index}]")
    if problems:
        raise invalid(problems)
    return [item["userId"] for item in delegates]


@routes.put(BASE + "conferences/{bridge}/{conference}/delegates/")
async def put_delegates(request: web.Request) -> web.Response:
    """The whole list of delegates: users of the host's group, not the host, each once."""
    user, bridge, conference_id, _ = _conference(request)
    body = await read_json(request, required=True)
    store = sandbox_of(request).store
    chosen: list[str] = []
    problems = []
    for user_id in _delegate_ids(body):
        row = store.user(user_id)
        in_group = row is not None and (row["tenant_id"], row["group_id"]) == (
            user.tenant_id,
            user.group_id,
        )
        if user_id.lower() == user.user_id.lower():
            message = f"Field 'delegates': the host {user_id} cannot be their own delegate"
        elif user_id.lower() in (c.lower() for c in chosen):
            message = f"Field 'delegates': {user_id} is named twice"
        elif not in_group:
            message = f"Field 'delegates': {user_id} is not a user of group {user.group_id}"
        else:
            chosen.append(row["user_id"])
            continue
        problems.append(Problem(message, "delegates"))
    if problems:
        raise invalid(problems)
    store.save_conference_delegates(bridge["bridge_id"], conference_id, chosen)
    return _delegates_answer(request, bridge, conference_id)


# ---------------------------------------------------------------------- recordings (assumed)


def _hosted_recordings(request: web.Request, user: UserRef) -> list[Any]:
    """The recordings of the conferences the user hosts on their group's bridges, by start."""
    by_id = _bridges(request, user)
    rows = sandbox_of(request).store.recordings_of(user.user_id)
    hosted = [row for row in rows if row["bridge_id"] in by_id]
    return sorted(
        hosted,
        key=lambda r: (datetime.fromisoformat(r["start_time"]), r["bridge_id"], r["conference_id"]),
    )


@routes.get(BASE + "recordings/")
async def get_recordings(request: web.Request) -> web.Response:
    user = user_of(request, catalog.MEET_ME)
    entries = [
        {
            "bridgeId": row["bridge_id"],
            "conferenceId": row["conference_id"],
            "title": row["title"],
            "startTime": row["start_time"],
            "fileSize": row["file_size"],
        }
        for row in _hosted_recordings(request, user)
    ]
    return web.json_response({"recordings": entries})


def _recordings_to_delete(body: dict[str, Any]) -> list[dict[str, Any]]:
    problems = [
        Problem(f"Unknown field '{name}' for the recordings to delete", name)
        for name in body
        if name != "recordings"
    ]
    items = body.get("recordings")
    if not isinstance(items, list) or not items:
        message = "Field 'recordings' must list at least one recording to delete"
        problems.append(Problem(message, "recordings"))
    else:
        for index, item in enumerate(items):
            problems += check(RECORDING, "DELETE", item, prefix=f"recordings[{index}]")
    if problems:
        raise invalid(problems)
    return items


@routes.delete(BASE + "recordings/")
async def delete_recordings(request: web.Request) -> web.Response:
    """Delete every recording listed, or none when one of them is not found (404)."""
    user = user_of(request, catalog.MEET_ME)
    items = _recordings_to_delete(await read_json(request))
    stored = {}
    for row in _hosted_recordings(request, user):
        instant = datetime.fromisoformat(row["start_time"])
        stored[(row["bridge_id"], row["conference_id"], instant)] = row["start_time"]
    keys, missing = set(), []
    for index, item in enumerate(items):
        bridge_id, conference_id, start = item["bridgeId"], item["conferenceId"], item["startTime"]
        text = stored.get((bridge_id, conference_id, datetime.fromisoformat(start)))
        if text is None:
            message = (
                f"Recording of conference {conference_id} on bridge {bridge_id} "
                f"started at {start} not found"
            )
            missing.append(Problem(message, f"recordings[{index}]"))
        else:
            keys.add((bridge_id, conference_id, text))
    if missing:
        raise ApioError(404, missing)
    sandbox_of(request).store.delete_recordings(sorted(keys))
    return web.Response(status=204)


# ---------------------------------------------------------------------- greeting (assumed)


@routes.get(BASE + "conferences/{bridge}/{conference}/greeting/")
async def get_greeting(request: web.Request) -> web.Response:
    _, bridge, conference_id, _ = _conference(request)
    greeting = sandbox_of(request).store.conference_greeting(bridge["bridge_id"], conference_id)
    return web.json_response(greeting or {})


@routes.put(BASE + "conferences/{bridge}/{conference}/greeting/")
async def put_greeting(request: web.Request) -> web.Response:
    """The greeting is one of the host's own announcements (BroadWorks refuses others)."""
    user, bridge, conference_id, _ = _conference(request)
    body = await read_json(request, required=True)
    validate(GREETING, "PUT", body)
    store = sandbox_of(request).store
    listed = store.document(user.user_id, "announcements") or {"announcements": []}
    files = [a for a in listed["announcements"] if a["name"] == body["name"]]
    if not files:
        message = f"Field 'name' names an unknown announcement '{body['name']}'"
        raise invalid([Problem(message, "name")])
    media_type = body.get("mediaType") or files[0].get("mediaType", "WAV")
    if all(a.get("mediaType", "WAV") != media_type for a in files):
        message = f"Field 'mediaType': the announcement '{body['name']}' is not a {media_type} file"
        raise invalid([Problem(message, "mediaType")])
    greeting = {"name": body["name"], "mediaType": media_type}
    store.save_conference_greeting(bridge["bridge_id"], conference_id, greeting)
    return web.json_response(greeting)
