"""A user's own call center settings as an agent (contract §5.9, user level).

GET and PUT on …/users/{user_id}/services/call_centers/ (Call Center service assigned, else 404).
The call centers a user is an agent of are the group call centers' agent lists (`cc_agents`);
each entry starts from its call center's AGENT_SETTINGS (priority, whether agents may log off, a
skill level for the Premium one) and available. A PUT's `call_centers` entries change only the
call centers they name (contract §6); the user's changes are kept as one document.

- GET takes `enrichCcInfo` (adds each call center's name) and `sensitiveServiceUserIdEquals`
  (one call center) in its JSON body;
- PUT: the body is checked against the settings and the spec's Call Center Instance (only
  `serviceUserId`, `available` and `skillLevel` may be sent in an entry); a call center the
  user is not an agent of, the same one twice, `available` for one that allows no log off, and a
  skill level where the call center has none get 400 naming the field. It answers 200 with the
  settings as GET gives them (without names).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from portal.definitions.loader import get_definition
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition
from portal.sandbox import catalog
from portal.sandbox.context import UserRef, query_body, read_json, sandbox_of, user_of
from portal.sandbox.demo_data import AGENT_SETTINGS
from portal.sandbox.errors import Problem, invalid
from portal.sandbox.validation import validate

routes = web.RouteTableDef()

PATH = "/api/v1/tenants/{tenant}/groups/{group}/users/{user}/services/call_centers/"
KIND = "agent_call_centers"  # the user's changes, in the documents table
ENTRY = get_definition("call_center_instance")
ENTRY_FIELDS = ENTRY.field_names
ACD_STATES = ("Sign-In", "Sign-Out", "Available", "Unavailable", "Wrap-Up")
GET_FILTERS = {"enrichCcInfo": bool, "sensitiveServiceUserIdEquals": str}


def _field(name: str, ftype: FieldType, **extra: Any) -> FieldDefinition:
    return FieldDefinition(name=name, type=ftype, presence=(("GET", "A"), ("PUT", "O")), **extra)


# The settings' own fields as the contract lists them (§5.9); the spec has no object for them.
SETTINGS = ObjectDefinition(
    name="user_call_center_settings",
    title="User call center settings",
    description="A user's own call center settings (contract §5.9, user level).",
    methods=("GET", "PUT"),
    fields=(
        _field("agentACDState", FieldType.STRING, choices=ACD_STATES),
        _field("agentThresholdProfileName", FieldType.STRING, max_length=40),
        _field("agentUnavailableCode", FieldType.STRING, max_length=10),
        _field("useDefaultGuardTimer", FieldType.BOOLEAN),
        _field("enableGuardTimer", FieldType.BOOLEAN),
        _field("guardTimerSeconds", FieldType.INTEGER, minimum=1, maximum=25),
        _field("call_centers", FieldType.ARRAY, ref=ENTRY.name),
    ),
)

DEFAULTS: dict[str, Any] = {
    "agentACDState": "Available",
    "agentThresholdProfileName": "Default Agent Threshold Profile",
    "agentUnavailableCode": "",
    "useDefaultGuardTimer": True,
    "enableGuardTimer": False,
    "guardTimerSeconds": 5,
}


def memberships(request: web.Request, user_id: str) -> list[dict[str, Any]]:
    """The call centers the user is an agent of, by name: serviceUserId, name and type."""
    sql = (
        "SELECT c.service_user_id, c.name, c.type FROM cc_agents a "
        "JOIN call_centers c ON c.service_user_id = a.cc_id WHERE a.user_id = ? "
        "ORDER BY c.name, c.service_user_id"
    )
    rows = sandbox_of(request).store.db.execute(sql, (user_id,))
    return [{"serviceUserId": r[0], "name": r[1], "type": r[2]} for r in rows]


def _stored(request: web.Request, user: UserRef) -> dict[str, Any]:
    stored = sandbox_of(request).store.document(user.user_id, KIND)
    return stored or {"settings": {}, "entries": {}}


def answer(request: web.Request, user: UserRef, names: bool, only: str | None) -> dict:
    """The settings as GET gives them: each call center's entry, its name when asked."""
    stored = _stored(request, user)
    entries = []
    for center in memberships(request, user.user_id):
        cc_id = center["serviceUserId"]
        if only is not None and cc_id != only:
            continue
        joined = AGENT_SETTINGS.get(cc_id, {"priority": "1.0", "logOffAllowed": True})
        entry = {
            "serviceUserId": cc_id,
            "available": True,
            "priority": joined["priority"],
            "phoneNumber": "",
            "extension": "",
            "type": center["type"],
            "logOffAllowed": joined["logOffAllowed"],
        }
        if "skillLevel" in joined:
            entry["skillLevel"] = joined["skillLevel"]
        entry.update(stored["entries"].get(cc_id, {}))
        if names:
            entry["name"] = center["name"]
        entries.append({name: entry[name] for name in ENTRY_FIELDS if name in entry})
    return {**DEFAULTS, **stored["settings"], "call_centers": entries}


def _entry_problems(entries: list[dict], current: dict[str, dict]) -> list[Problem]:
    problems, seen = [], set()
    for index, entry in enumerate(entries):
        cc_id = entry["serviceUserId"]
        where = f"call_centers[{index}]"
        if cc_id not in current:
            path = f"{where}.serviceUserId"
            message = f"Field '{path}': the user is not an agent of call center {cc_id}"
            problems.append(Problem(message, path))
            continue
        if cc_id in seen:
            path = f"{where}.serviceUserId"
            problems.append(Problem(f"Field '{path}' names call center {cc_id} twice", path))
        seen.add(cc_id)
        if "available" in entry and not current[cc_id]["logOffAllowed"]:
            path = f"{where}.available"
            message = f"Field '{path}': call center {cc_id} does not allow its agents to log off"
            problems.append(Problem(message, path))
        if "skillLevel" in entry:
            path = f"{where}.skillLevel"
            level = entry["skillLevel"]
            if "skillLevel" not in current[cc_id]:
                message = f"Field '{path}': call center {cc_id} does not route by skill"
                problems.append(Problem(message, path))
            elif not (level.isascii() and level.isdigit() and 1 <= int(level) <= 20):
                problems.append(Problem(f"Field '{path}' must be a whole number 1 to 20", path))
    return problems


@routes.get(PATH)
async def get_settings(request: web.Request) -> web.Response:
    user = user_of(request, catalog.CALL_CENTER)
    filters = await query_body(request, GET_FILTERS)
    names = filters.get("enrichCcInfo") is True
    only = filters.get("sensitiveServiceUserIdEquals")
    return web.json_response(answer(request, user, names, only))


@routes.put(PATH)
async def put_settings(request: web.Request) -> web.Response:
    user = user_of(request, catalog.CALL_CENTER)
    body = await read_json(request, required=True)
    validate(SETTINGS, "PUT", body)
    current = {e["serviceUserId"]: e for e in answer(request, user, False, None)["call_centers"]}
    entries = body.get("call_centers", [])
    problems = _entry_problems(entries, current)
    if problems:
        raise invalid(problems)
    stored = _stored(request, user)
    stored["settings"].update({k: v for k, v in body.items() if k != "call_centers"})
    for entry in entries:
        changed = stored["entries"].setdefault(entry["serviceUserId"], {})
        changed.update({k: v for k, v in entry.items() if k != "serviceUserId"})
    sandbox_of(request).store.save_document(user.user_id, KIND, stored)
    return web.json_response(answer(request, user, False, None))
