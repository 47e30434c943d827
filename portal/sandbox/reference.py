"""Documented endpoints the portal does not use, served so that the contract's examples run.

One mechanism for all of them: a fixed default document in the documented shape, answered by
GET; the user-level ones also take a PUT that merges the body into the user's copy and answers
the whole object. A PUT is checked against the default's shape only: no unknown field, no
read-only field, the same JSON type as the default's value, and the documented choices where the
contract lists them. Array entries are not checked one by one. GET bodies (APIO's filters) are
checked for known keys and types, then ignored: the sandbox has one small data set to filter.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from portal.sandbox.context import group_of, query_body, read_json, sandbox_of, user_of
from portal.sandbox.demo_settings import DOMAIN
from portal.sandbox.errors import Problem, invalid
from portal.sandbox.store import Store

routes = web.RouteTableDef()

TENANT = "/api/v1/tenants/{tenant}/"
GROUP = TENANT + "groups/{group}/"
USER_SERVICES = GROUP + "users/{user}/services/"
KIND_PREFIX = "reference:"  # document kinds of the user-level copies, apart from the services'

# (store, tenant id, group id) -> the default document; most ignore their arguments.
DefaultFactory = Callable[[Store, str, str], dict[str, Any]]


@dataclass(frozen=True)
class ReferenceDocument:
    slug: str  # the path after the route's base, without the trailing slash
    base: str  # TENANT, GROUP, USER_SERVICES or "/api/v1/"
    default: DefaultFactory
    writable: bool = False
    read_only: frozenset[str] = frozenset()
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    filters: Mapping[str, type] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"{self.base}{self.slug}/" if self.slug else self.base

    @property
    def kind(self) -> str:
        return KIND_PREFIX + self.slug


def fixed(document: dict[str, Any]) -> DefaultFactory:
    # A copy per request: a handler may never change the shared default by accident.
    return lambda store, tenant_id, group_id: copy.deepcopy(document)


def _group_details(store: Store, tenant_id: str, group_id: str) -> dict[str, Any]:
    row = store.group(tenant_id, group_id)
    return {
        "defaultDomain": DOMAIN,
        "userLimit": 100000,
        "userCount": store.user_count(tenant_id, group_id),
        "groupName": row["name"],
        "cliName": row["name"],
        "cliPhoneNumber": "",
        "locationDialingCode": "",
        "timeZone": "Europe/Brussels",
        "contactInformation": {"name": "IT", "phoneNumber": "", "emailAddress": f"it@{DOMAIN}"},
        "addressInformation": {
            "addressLine1": "Rue Wiertz 33",
            "city": "Brussels",
            "stateDisplayName": "Brussels",
            "postalCode": "1050",
            "country": "Belgium",
        },
    }


DOCUMENTS = (
    ReferenceDocument(
        "night_forwarding",
        USER_SERVICES,
        fixed({"nightForwarding": "Off", "groupNightForwarding": "Off"}),
        writable=True,
        read_only=frozenset({"groupNightForwarding"}),
        choices={"nightForwarding": ("Off", "On", "Use Group")},
    ),
    ReferenceDocument(
        "user_3d_party_vm",
        USER_SERVICES,
        fixed(
            {
                "active": False,
                "busyRedirectToVoiceMail": True,
                "noAnswerRedirectToVoiceMail": True,
                "serverSelection": "Group Mail Server",
                "userServer": "",
                "mailboxIdType": "User Or Group Phone Number",
                "mailboxURL": "",
                "noAnswerNumberOfRings": 3,
                "alwaysRedirectToVoiceMail": False,
            }
        ),
        writable=True,
        choices={
            "serverSelection": ("Group Mail Server", "User Specific Mail Server"),
            "mailboxIdType": ("User Or Group Phone Number", "URL"),
        },
    ),
    ReferenceDocument(
        "executive_assistant/executives",
        USER_SERVICES,
        fixed({"enableDivert": False, "divertTo": "", "executiveUsers": []}),
    ),
    ReferenceDocument(
        "services",
        GROUP,
        fixed(
            {
                "services": [
                    {"name": "Call Pickup", "assigned": True},
                    {"name": "Hunt Group", "assigned": False},
                ]
            }
        ),
    ),
    ReferenceDocument("", GROUP, _group_details),
    ReferenceDocument(
        "features/meet_me_conf",
        GROUP,
        fixed(
            {
                "availablePorts": {"unlimited": True},
                "allocatedPorts": {"unlimited": False, "quantity": 3},
            }
        ),
    ),
    ReferenceDocument(
        "configs/default_announcements",
        "/api/v1/",
        fixed(
            {
                "announcements": [
                    {"name": "Welcome", "description": "", "language": "English", "level": "All"}
                ]
            }
        ),
        filters={"language": str, "level": str, "combineWithOr": bool, "includeEmpty": bool},
    ),
)


def _json_type(value: Any) -> type:
    # bool before int: in Python a boolean is an int, in JSON it is not.
    for kind in (bool, int, float, str, list, dict):
        if isinstance(value, kind):
            return kind
    return type(None)


_TYPE_NAMES = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
}


def put_problems(document: ReferenceDocument, current: dict, body: dict) -> list[Problem]:
    problems = []
    for name, value in body.items():
        if name not in current:
            problems.append(Problem(f"Unknown field '{name}'", name))
        elif name in document.read_only:
            problems.append(Problem(f"Field '{name}' may not be sent in a PUT", name))
        elif _json_type(value) is not _json_type(current[name]):
            expected = _TYPE_NAMES.get(_json_type(current[name]), "null")
            problems.append(Problem(f"Field '{name}' must be {expected}", name))
        elif name in document.choices and value not in document.choices[name]:
            allowed = ", ".join(f'"{c}"' for c in document.choices[name])
            problems.append(Problem(f"Field '{name}' must be one of {allowed}", name))
    return problems


def _handlers(document: ReferenceDocument) -> tuple[Callable, Callable]:
    def load(request: web.Request) -> tuple[Store, str | None, dict[str, Any]]:
        """The store, the owning user (None above user level) and the current document."""
        store = sandbox_of(request).store
        if document.base == USER_SERVICES:
            user = user_of(request)
            stored = store.document(user.user_id, document.kind)
            default = document.default(store, user.tenant_id, user.group_id)
            return store, user.user_id, stored if stored is not None else default
        if document.base == GROUP:
            tenant_id, group_id = group_of(request)
            return store, None, document.default(store, tenant_id, group_id)
        return store, None, document.default(store, "", "")

    async def get(request: web.Request) -> web.Response:
        _, _, current = load(request)
        await query_body(request, document.filters)
        return web.json_response(current)

    async def put(request: web.Request) -> web.Response:
        store, user_id, current = load(request)
        body = await read_json(request, required=True)
        problems = put_problems(document, current, body)
        if problems:
            raise invalid(problems)
        merged = {**current, **body}
        assert user_id is not None  # only user-level documents are writable
        store.save_document(user_id, document.kind, merged)
        return web.json_response(merged)

    return get, put


for _document in DOCUMENTS:
    _get, _put = _handlers(_document)
    routes.get(_document.path)(_get)
    if _document.writable:
        routes.put(_document.path)(_put)
