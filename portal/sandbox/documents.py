"""Service settings kept as one document each: call forwarding, voice messaging, one switches.

GET answers the stored object (secrets left out); PUT validates the body against the definition,
merges it into the stored object and answers like APIO: a bare 200 for call forwarding, the
updated object for voice messaging, the one-switch services (Do Not Disturb, Call Waiting,
Anonymous Call Rejection, Calling Line ID Delivery Blocking: "Similar to GET instance method
response"), Sequential Ring and Simultaneous Ring Personal (their criteria are kept, not edited).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from portal.definitions.loader import get_definition
from portal.definitions.model import ObjectDefinition
from portal.sandbox import catalog
from portal.sandbox.context import UserRef, empty_ok, read_json, sandbox_of, user_of
from portal.sandbox.errors import Problem, invalid
from portal.sandbox.store import Store
from portal.sandbox.validation import merge, present, readable, restrict, validate

routes = web.RouteTableDef()

USER_PATH = "/api/v1/tenants/{tenant}/groups/{group}/users/{user}/"
# Handler-level rules the definitions cannot express: (store, user, merged object) -> problems.
ExtraCheck = Callable[[Store, UserRef, dict[str, Any]], list[Problem]]


def _destination_when_active(store: Store, user: UserRef, merged: dict[str, Any]) -> list[Problem]:
    if merged.get("active") is True and not present(merged.get("destination")):
        return [Problem("A destination is required when active is true", "destination")]
    return []


def _known_announcements(store: Store, user: UserRef, merged: dict[str, Any]) -> list[Problem]:
    """Audio files must name one of the user's announcements (BroadWorks refuses others)."""
    listed = store.document(user.user_id, "announcements") or {"announcements": []}
    names = {a["name"] for a in listed["announcements"]}
    problems = []
    files: list[tuple[str, Any]] = [
        (name, merged.get(name))
        for name in ("busyPersonalAudioFile", "extendedAwayAudioFile", "noAnswerPersonalAudioFile")
    ]
    for k in (1, 2, 3):
        name = f"noAnswerAlternateGreeting0{k}"
        greeting = merged.get(name)
        if isinstance(greeting, dict):
            files.append((f"{name}.audioFile", greeting.get("audioFile")))
    for path, audio in files:
        if isinstance(audio, dict) and audio.get("name") and audio["name"] not in names:
            message = f"Field '{path}' names an unknown announcement '{audio['name']}'"
            problems.append(Problem(message, f"{path}.name"))
    return problems


@dataclass(frozen=True)
class DocumentResource:
    slug: str  # the path after users/{user}/, without the trailing slash
    definition: ObjectDefinition
    put_returns_object: bool
    extra_check: ExtraCheck | None = None

    @property
    def kind(self) -> str:
        return catalog.RESOURCES[self.slug][0]

    @property
    def service(self) -> str:
        service = catalog.RESOURCES[self.slug][1]
        assert service is not None
        return service


FORWARDING = get_definition("call_forwarding")


def _forwarding(service: str, *fields: str) -> DocumentResource:
    """A forwarding service: the shared object, cut to its fields; PUT answers a bare 200."""
    return DocumentResource(
        f"services/{service}",
        restrict(FORWARDING, ("active", "destination", *fields)),
        put_returns_object=False,
        extra_check=_destination_when_active,
    )


RESOURCES = (
    _forwarding("cfa", "ringSplashActive"),
    _forwarding("cfb"),
    _forwarding("cfna", "numberOfRings"),
    _forwarding("cfnr"),
    DocumentResource(
        "services/voice_messaging/basic_config",
        get_definition("user_voice_messaging_basic"),
        put_returns_object=True,
    ),
    DocumentResource(
        "services/voice_messaging/advanced_config",
        get_definition("user_voice_messaging_advanced"),
        put_returns_object=True,
    ),
    DocumentResource(
        "services/voice_messaging/greetings",
        get_definition("user_voice_messaging_announcements"),
        put_returns_object=True,
        extra_check=_known_announcements,
    ),
)


def _one_switch(slug: str, definition: str) -> DocumentResource:
    """A one-switch service (contract §5.12): its own object; PUT answers the whole object."""
    return DocumentResource(f"services/{slug}", get_definition(definition), put_returns_object=True)


def _distinct_locations(store: Store, user: UserRef, merged: dict[str, Any]) -> list[Problem]:
    """Sequential Ring's locations are numbered: no id twice (their count is the definition's);
    and BroadWorks refuses the same phone number at two locations."""
    entries = [entry for entry in merged.get("locations") or [] if isinstance(entry, dict)]
    ids = [entry.get("id") for entry in entries]
    if len(ids) != len(set(ids)):
        return [Problem("Field 'locations' has two entries with the same id", "locations")]
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        number = str(entry.get("phoneNumber") or "").strip()
        if number and number in seen:
            path = f"locations[{index}].phoneNumber"
            return [Problem(f"Field '{path}' repeats the phone number {number}", path)]
        seen.add(number)
    return []


RESOURCES += (
    DocumentResource(
        "services/sequential_ring",
        get_definition("user_sequential_ring"),
        put_returns_object=True,
        extra_check=_distinct_locations,
    ),
    DocumentResource(
        "services/simultaneous_ring_personal",
        get_definition("user_simultaneous_ring_personal"),
        put_returns_object=True,
    ),
)

RESOURCES += (
    _one_switch("dnd", "user_do_not_disturb"),
    _one_switch("call_waiting", "user_call_waiting"),
    _one_switch("acr", "user_anonymous_call_rejection"),
    _one_switch("clir", "user_calling_line_id_delivery_blocking"),
)


def _load(store: Store, user: UserRef, resource: DocumentResource) -> dict[str, Any]:
    stored = store.document(user.user_id, resource.kind)
    return stored if stored is not None else catalog.default_document(resource.kind, user.email)


def _handlers(resource: DocumentResource) -> tuple[Callable, Callable]:
    async def get(request: web.Request) -> web.Response:
        user = user_of(request, resource.service)
        stored = _load(sandbox_of(request).store, user, resource)
        return web.json_response(readable(resource.definition, stored))

    async def put(request: web.Request) -> web.Response:
        user = user_of(request, resource.service)
        store = sandbox_of(request).store
        body = await read_json(request, required=True)
        stored = _load(store, user, resource)
        validate(resource.definition, "PUT", body, current=stored)
        merged = merge(stored, body)
        if resource.extra_check is not None:
            problems = resource.extra_check(store, user, merged)
            if problems:
                raise invalid(problems)
        store.save_document(user.user_id, resource.kind, merged)
        if resource.put_returns_object:
            return web.json_response(readable(resource.definition, merged))
        return empty_ok()

    return get, put


for _resource in RESOURCES:
    _get, _put = _handlers(_resource)
    routes.get(f"{USER_PATH}{_resource.slug}/")(_get)
    routes.put(f"{USER_PATH}{_resource.slug}/")(_put)


@routes.get(f"{USER_PATH}announcements/")
async def announcements(request: web.Request) -> web.Response:
    user = user_of(request)
    listed = sandbox_of(request).store.document(user.user_id, "announcements")
    return web.json_response(listed or {"announcements": []})
