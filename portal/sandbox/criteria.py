"""Criteria-based services, written once: Call Forwarding Selective, Selective Call Rejection,
Selective Call Acceptance, Priority Alert, Custom Ringback and the Executive's filtering.

Each service has the service object (GET/PUT, criteria listed in their "list" form, bulk changes
through the `criteria` array of a PUT) and one endpoint per criteria (instance form):
POST …/criteria/ (201), GET/PUT/DELETE …/criteria/{name}/. A PUT may rename with `newName`;
a name already taken answers 409.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from portal.definitions.loader import get_definition
from portal.definitions.model import FieldDefinition, FieldType, ObjectDefinition
from portal.sandbox import catalog
from portal.sandbox.context import UserRef, read_json, sandbox_of, user_of
from portal.sandbox.errors import ApioError, Problem, invalid, not_found
from portal.sandbox.store import Store
from portal.sandbox.validation import ChoiceOverrides, check, combine, merge, present, readable

routes = web.RouteTableDef()

USER_PATH = "/api/v1/tenants/{tenant}/groups/{group}/users/{user}/services/"
# Keys of the list form that a client may echo back in a bulk PUT: read-only, ignored.
LIST_ONLY_KEYS = frozenset({"callsFrom", "forwardTo", "timeScheduleObj", "holidayScheduleObj"})
SCHEDULE_KINDS = {"timeSchedule": "time", "holidaySchedule": "holiday"}
DEFAULT_SCHEDULE_LEVEL = "User"  # "a default value from API level": these are user-level APIs


def _service_field(name: str, ftype: FieldType, **extra: Any) -> FieldDefinition:
    return FieldDefinition(name=name, type=ftype, presence=(("GET", "A"), ("PUT", "O")), **extra)


_CRITERIA_FIELD = _service_field(
    "criteria",
    FieldType.ARRAY,
    ref_note="Entries are checked one by one against the service's criteria definition.",
)


def _service_definition(name: str, title: str, *fields: FieldDefinition) -> ObjectDefinition:
    """The service object itself: the spec gives its attributes in prose, not as a table."""
    return ObjectDefinition(
        name=name,
        title=title,
        description="",
        methods=("GET", "PUT"),
        fields=(*fields, _CRITERIA_FIELD),
    )


@dataclass(frozen=True)
class CriteriaService:
    slug: str
    service: str
    kind: str
    settings: ObjectDefinition
    criteria: ObjectDefinition
    overrides: ChoiceOverrides
    forwarding: bool  # CFS: forward-to fields instead of doNotPerformAction
    # The service's own criteria fields, listed in the service GET too (Custom Ringback's audio).
    own_fields: tuple[str, ...] = ()
    own_defaults: tuple[tuple[str, Any], ...] = ()

    def defaults(self) -> dict[str, Any]:
        if self.forwarding:
            return {"active": True, "forwardToNumberSelection": "Forward To Default Number"}
        return {"active": True, "doNotPerformAction": False, **dict(self.own_defaults)}


GENERIC = get_definition("criteria")


def _ring_back_criteria() -> ObjectDefinition:
    """Custom Ringback's own criteria fields. Its recordings follow "Announcement File Name",
    whose table has no POST column although a criteria POST may name one: they are checked as
    the user's announcements instead (`_announcement_problems`)."""
    own = get_definition("criteria_custom_ring_back")
    fields = tuple(
        dataclasses.replace(f, ref=None, ref_note="Checked against the user's announcements.")
        if f.ref == "announcement_file_name"
        else f
        for f in own.fields
    )
    return dataclasses.replace(own, fields=fields)


RING_BACK_SOURCES = ("File", "Default")  # the docs' values for the audio selections
RING_BACK_FIELDS = (
    "audioSelection",
    "audioFile",
    "callWaitingAudioSelection",
    "callWaitingAudioFile",
)
SERVICES = (
    CriteriaService(
        slug="call_forwarding_selective",
        service=catalog.CFS,
        kind="cfs",
        settings=_service_definition(
            "sandbox_call_forwarding_selective",
            "Call Forwarding Selective",
            _service_field("active", FieldType.BOOLEAN),
            _service_field("playRingReminder", FieldType.BOOLEAN),
            _service_field("defaultForwardToPhoneNumber", FieldType.STRING, format="destination"),
        ),
        criteria=combine(
            "sandbox_criteria_call_forwarding_selective",
            GENERIC,
            get_definition("criteria_call_forwarding_selective"),
            drop=("doNotPerformAction",),
        ),
        overrides={},
        forwarding=True,
    ),
    CriteriaService(
        slug="selective_call_rejection",
        service=catalog.SCR,
        kind="scr",
        settings=_service_definition("sandbox_selective_call_rejection", catalog.SCR),
        criteria=GENERIC,
        overrides={"criteria_from_dn.selection": ("Any", "Specified Only", "Forwarded")},
        forwarding=False,
    ),
    CriteriaService(
        slug="selective_call_acceptance",
        service=catalog.SCA,
        kind="sca",
        settings=_service_definition("sandbox_selective_call_acceptance", catalog.SCA),
        criteria=GENERIC,
        overrides={},
        forwarding=False,
    ),
    CriteriaService(
        slug="priority_alert",
        service=catalog.PRIORITY_ALERT,
        kind="priority_alert",
        settings=_service_definition("sandbox_priority_alert", catalog.PRIORITY_ALERT),
        criteria=GENERIC,
        overrides={"criteria_from_dn.selection": ("Any External", "Specified Only")},
        forwarding=False,
    ),
    CriteriaService(
        slug="custom_ringback",
        service=catalog.CUSTOM_RINGBACK,
        kind="custom_ringback",
        settings=_service_definition("sandbox_custom_ringback", catalog.CUSTOM_RINGBACK),
        criteria=combine("sandbox_criteria_custom_ring_back", GENERIC, _ring_back_criteria()),
        overrides={
            "sandbox_criteria_custom_ring_back.audioSelection": RING_BACK_SOURCES,
            "sandbox_criteria_custom_ring_back.callWaitingAudioSelection": RING_BACK_SOURCES,
        },
        forwarding=False,
        own_fields=RING_BACK_FIELDS,
        own_defaults=(("audioSelection", "Default"), ("callWaitingAudioSelection", "Default")),
    ),
    # Assumed path (contract §6): the executive's filtering criteria, "filter" routing the calls
    # a criteria matches to the assistants.
    CriteriaService(
        slug="executive",
        service=catalog.EXECUTIVE,
        kind="executive",
        settings=_service_definition("sandbox_executive", catalog.EXECUTIVE),
        criteria=combine(
            "sandbox_criteria_executive", GENERIC, get_definition("criteria_executive")
        ),
        overrides={},
        forwarding=False,
        own_fields=("filter",),
        own_defaults=(("filter", True),),
    ),
)


# --------------------------------------------------------------------------- list form


def calls_from(from_dn: dict[str, Any]) -> str:
    """The text BroadWorks shows for a fromDnCriteria ("All calls", "Private, +3225550000")."""
    selection = from_dn.get("selection", "Any")
    if selection == "Any":
        return "All calls"
    if selection == "Any External":
        return "All External Calls"
    if selection == "Forwarded":
        return "Forwarded calls"
    parts = ["Private"] if from_dn.get("includeAnonymousCallers") else []
    parts += ["Unavailable"] if from_dn.get("includeUnavailableCallers") else []
    return ", ".join(parts + list(from_dn.get("phoneNumbers", [])))


def schedule_label(schedule: dict[str, Any]) -> str:
    level = schedule.get("level", DEFAULT_SCHEDULE_LEVEL)
    return schedule["name"] if level == DEFAULT_SCHEDULE_LEVEL else f"{schedule['name']}({level})"


def list_entry(spec: CriteriaService, entry: dict[str, Any]) -> dict[str, Any]:
    """A criteria as the service GET lists it: criteria_in_list, with the spec's own types."""
    from_dn = entry.get("fromDnCriteria", {})
    out: dict[str, Any] = {
        "name": entry["name"],
        "active": entry.get("active", True),
        "callsFrom": calls_from(from_dn),
        "fromDnCriteria": from_dn,
    }
    if "timeSchedule" in entry:
        out["timeSchedule"] = schedule_label(entry["timeSchedule"])
        out["timeScheduleObj"] = entry["timeSchedule"]
    if "holidaySchedule" in entry:
        out["holidaySchedule"] = entry["holidaySchedule"]
        out["holidayScheduleObj"] = schedule_label(entry["holidaySchedule"])
    if spec.forwarding:
        out["forwardToNumberSelection"] = entry.get("forwardToNumberSelection", "")
        out["forwardTo"] = entry.get("forwardToPhoneNumber", "")
    else:
        out["doNotPerformAction"] = entry.get("doNotPerformAction", False)
    out.update({name: entry[name] for name in spec.own_fields if name in entry})
    return out


# --------------------------------------------------------------------------- checking


def _schedule_problems(
    store: Store, user: UserRef, entry: dict[str, Any], prefix: str
) -> list[Problem]:
    problems = []
    owners = {"User": user.user_id, "Group": user.group_id, "Tenant": user.tenant_id}
    for field, kind in SCHEDULE_KINDS.items():
        ref = entry.get(field)
        if not isinstance(ref, dict):
            continue
        level = ref.get("level", DEFAULT_SCHEDULE_LEVEL)
        names = {s["name"] for s in store.schedules([(level, owners[level])], kind)}
        if ref["name"] not in names:
            path = f"{prefix}{field}"
            label = "time" if kind == "time" else "calendar (holiday)"
            message = f"Field '{path}.name': no {label} schedule '{ref['name']}' at level {level}"
            problems.append(Problem(message, f"{path}.name"))
    return problems


def _announcement_problems(
    store: Store, user: UserRef, spec: CriteriaService, entry: dict[str, Any], prefix: str
) -> list[Problem]:
    """A ring back's recordings must be the user's announcements (BroadWorks refuses others)."""
    listed = store.document(user.user_id, "announcements") or {"announcements": []}
    names = {a["name"] for a in listed["announcements"]}
    problems = []
    for field in ("audioFile", "callWaitingAudioFile"):
        audio = entry.get(field) if field in spec.own_fields else None
        if isinstance(audio, dict) and audio.get("name") not in names:
            named = audio.get("name")
            message = f"Field '{prefix}{field}' names an unknown announcement '{named}'"
            problems.append(Problem(message, f"{prefix}{field}.name"))
    return problems


def merge_entry(current: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """A criteria PUT: top-level merge, fromDnCriteria merged too (its phone list may be left
    out), schedules stored with their level."""
    merged = merge(current, {k: v for k, v in body.items() if k != "newName"})
    if isinstance(body.get("fromDnCriteria"), dict) and "fromDnCriteria" in current:
        merged["fromDnCriteria"] = {**current["fromDnCriteria"], **body["fromDnCriteria"]}
    for field in SCHEDULE_KINDS:
        if isinstance(merged.get(field), dict):
            level = merged[field].get("level", DEFAULT_SCHEDULE_LEVEL)
            merged[field] = {"name": merged[field]["name"], "level": level}
    if "newName" in body:
        merged["name"] = body["newName"]
    return merged


def checked_entry(
    store: Store,
    user: UserRef,
    spec: CriteriaService,
    method: str,
    body: Any,
    current: dict[str, Any] | None,
    prefix: str = "",
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The criteria `body` makes (POST: new, PUT: `current` updated) and its problems."""
    path = prefix.rstrip(".")
    problems = check(
        spec.criteria, method, body, current=current, prefix=path, overrides=spec.overrides
    )
    if problems:
        return None, problems
    base = current if current is not None else {"name": body["name"], **spec.defaults()}
    merged = merge_entry(base, body)
    problems += _schedule_problems(store, user, body, prefix)
    problems += _announcement_problems(store, user, spec, body, prefix)
    from_dn = merged.get("fromDnCriteria", {})
    if isinstance(merged.get("fromDnCriteria"), dict):
        # GET always gives the list (presence "A"): an empty one when no number was sent.
        merged["fromDnCriteria"] = from_dn = {"phoneNumbers": [], **from_dn}
    if from_dn.get("selection") == "Specified Only" and not present(from_dn.get("phoneNumbers")):
        field = f"{prefix}fromDnCriteria.phoneNumbers"
        message = f"Field '{field}' may not be empty when selection is \"Specified Only\""
        problems.append(Problem(message, field))
    return merged, problems


# --------------------------------------------------------------------------- handlers


def _load(store: Store, user: UserRef, spec: CriteriaService) -> dict[str, Any]:
    stored = store.document(user.user_id, spec.kind)
    return stored if stored is not None else catalog.default_document(spec.kind, user.email)


def _find(entries: list[dict[str, Any]], name: str) -> int | None:
    return next((i for i, e in enumerate(entries) if e["name"] == name), None)


def _service_view(spec: CriteriaService, document: dict[str, Any]) -> dict[str, Any]:
    view = readable(spec.settings, document)
    view["criteria"] = [list_entry(spec, e) for e in document.get("criteria", [])]
    return view


def _bulk(
    store: Store, user: UserRef, spec: CriteriaService, entries: list[Any], criteria: list[dict]
) -> list[Problem]:
    """Apply a service PUT's criteria array to `criteria` in place: update, create, delete."""
    problems: list[Problem] = []
    for index, raw in enumerate(entries):
        prefix = f"criteria[{index}]."
        if not isinstance(raw, dict):
            problems.append(Problem(f"Field 'criteria[{index}]' must be an object", prefix[:-1]))
            continue
        entry = {
            k: v
            for k, v in raw.items()
            if k not in LIST_ONLY_KEYS and not (k in SCHEDULE_KINDS and isinstance(v, str))
        }
        delete = entry.pop("delete", False)
        name = entry.get("name")
        if not isinstance(delete, bool):
            problems.append(Problem(f"Field '{prefix}delete' must be a boolean", prefix + "delete"))
            continue
        if not isinstance(name, str) or not name:
            message = f"Field '{prefix}name' is required (a non-empty string)"
            problems.append(Problem(message, prefix + "name"))
            continue
        position = _find(criteria, name)
        if delete:
            if position is not None:
                del criteria[position]
            continue
        method = "PUT" if position is not None else "POST"
        current = criteria[position] if position is not None else None
        merged, found = checked_entry(store, user, spec, method, entry, current, prefix)
        problems += found
        if merged is None or found:
            continue
        taken = _find(criteria, merged["name"])
        if taken is not None and taken != position:
            message = f"Field '{prefix}newName': a criteria named '{merged['name']}' already exists"
            problems.append(Problem(message, prefix + "newName"))
            continue
        if position is None:
            criteria.append(merged)
        else:
            criteria[position] = merged
    return problems


def _handlers(spec: CriteriaService) -> dict[str, Callable]:
    async def get_service(request: web.Request) -> web.Response:
        user = user_of(request, spec.service)
        document = _load(sandbox_of(request).store, user, spec)
        return web.json_response(_service_view(spec, document))

    async def put_service(request: web.Request) -> web.Response:
        user = user_of(request, spec.service)
        store = sandbox_of(request).store
        body = await read_json(request, required=True)
        document = _load(store, user, spec)
        problems = check(spec.settings, "PUT", body, current=document)
        criteria = list(document.get("criteria", []))
        if not problems and "criteria" in body:
            problems = _bulk(store, user, spec, body["criteria"], criteria)
        if problems:
            raise invalid(problems)
        document = merge(document, {k: v for k, v in body.items() if k != "criteria"})
        document["criteria"] = criteria
        store.save_document(user.user_id, spec.kind, document)
        return web.json_response(_service_view(spec, document))

    async def post_criteria(request: web.Request) -> web.Response:
        user = user_of(request, spec.service)
        store = sandbox_of(request).store
        body = await read_json(request, required=True)
        document = _load(store, user, spec)
        merged, problems = checked_entry(store, user, spec, "POST", body, None)
        if problems or merged is None:
            raise invalid(problems)
        if _find(document["criteria"], merged["name"]) is not None:
            message = f"A criteria named '{merged['name']}' already exists"
            raise ApioError(409, [Problem(message, "name")])
        document["criteria"].append(merged)
        store.save_document(user.user_id, spec.kind, document)
        return web.json_response(readable(spec.criteria, merged), status=201)

    def locate(request: web.Request) -> tuple[Store, UserRef, dict[str, Any], int]:
        user = user_of(request, spec.service)
        store = sandbox_of(request).store
        document = _load(store, user, spec)
        name = request.match_info["name"]
        position = _find(document["criteria"], name)
        if position is None:
            raise not_found(f"Criteria {name} not found")
        return store, user, document, position

    async def get_criteria(request: web.Request) -> web.Response:
        _, _, document, position = locate(request)
        return web.json_response(readable(spec.criteria, document["criteria"][position]))

    async def put_criteria(request: web.Request) -> web.Response:
        store, user, document, position = locate(request)
        body = await read_json(request, required=True)
        current = document["criteria"][position]
        merged, problems = checked_entry(store, user, spec, "PUT", body, current)
        if not problems and body["name"] != current["name"]:
            message = "Field 'name' must be the criteria's current name; rename with 'newName'"
            problems.append(Problem(message, "name"))
        if problems or merged is None:
            raise invalid(problems)
        taken = _find(document["criteria"], merged["name"])
        if taken is not None and taken != position:
            message = f"A criteria named '{merged['name']}' already exists"
            raise ApioError(409, [Problem(message, "newName")])
        document["criteria"][position] = merged
        store.save_document(user.user_id, spec.kind, document)
        return web.json_response(readable(spec.criteria, merged))

    async def delete_criteria(request: web.Request) -> web.Response:
        store, user, document, position = locate(request)
        body = await read_json(request)
        if body:  # the name is in the path; a body, if any, must still be a valid DELETE body
            problems = check(spec.criteria, "DELETE", body)
            if problems:
                raise invalid(problems)
        del document["criteria"][position]
        store.save_document(user.user_id, spec.kind, document)
        return web.Response(status=204)

    return {
        "get_service": get_service,
        "put_service": put_service,
        "post_criteria": post_criteria,
        "get_criteria": get_criteria,
        "put_criteria": put_criteria,
        "delete_criteria": delete_criteria,
    }


for _spec in SERVICES:
    _h = _handlers(_spec)
    _base = f"{USER_PATH}{_spec.slug}/"
    routes.get(_base)(_h["get_service"])
    routes.put(_base)(_h["put_service"])
    routes.post(_base + "criteria/")(_h["post_criteria"])
    routes.get(_base + "criteria/{name}/")(_h["get_criteria"])
    routes.put(_base + "criteria/{name}/")(_h["put_criteria"])
    routes.delete(_base + "criteria/{name}/")(_h["delete_criteria"])
