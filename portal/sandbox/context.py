"""The sandbox's shared state and the helpers every handler uses to read a request.

`user_of` is the one access helper: it answers 404 for an unknown tenant, group or user, and for
a user who is not in the group the path names.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from portal.sandbox import demo_data
from portal.sandbox.auth import SessionStore
from portal.sandbox.errors import ApioError, Problem, invalid, not_assigned, not_found
from portal.sandbox.faults import Faults, FaultSettings
from portal.sandbox.journal import RequestJournal
from portal.sandbox.store import SCHEMA_VERSION, Store

logger = logging.getLogger("portal.sandbox")


@dataclass(frozen=True)
class SandboxConfig:
    db_path: Path
    users: int = 20000
    seed: int = 1
    admin_username: str = "portal"
    admin_password: str = "portal-sandbox-password"  # noqa: S105 (the documented sandbox default)
    session_ttl: float = 3600.0
    faults: FaultSettings = field(default_factory=FaultSettings)
    fault_seed: int = 1
    request_log_size: int = 1000

    @classmethod
    def from_env(
        cls, db_path: Path, users: int, seed: int, environ: Mapping[str, str] = os.environ
    ) -> SandboxConfig:
        return cls(
            db_path=db_path,
            users=users,
            seed=seed,
            admin_username=environ.get("SANDBOX_ADMIN_USERNAME") or cls.admin_username,
            admin_password=environ.get("SANDBOX_ADMIN_PASSWORD") or cls.admin_password,
            session_ttl=float(environ.get("SANDBOX_SESSION_TTL") or cls.session_ttl),
            faults=FaultSettings.from_env(environ),
            fault_seed=int(environ.get("SANDBOX_SEED") or seed),
            request_log_size=int(environ.get("SANDBOX_REQUEST_LOG_SIZE") or cls.request_log_size),
        )


class Sandbox:
    """Everything a request may touch: the store, the sessions, the faults and the journal."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.store = Store(config.db_path)
        self.sessions = SessionStore(config.session_ttl)
        self.faults = Faults(config.faults, config.fault_seed)
        self.journal = RequestJournal(config.request_log_size)

    def expected_meta(self) -> dict[str, str]:
        return {"seed": str(self.config.seed), "users": str(self.config.users)}

    def ensure_data(self, force: bool = False) -> bool:
        """Build the demo data unless the file already holds it; True when it was (re)built."""
        meta = self.store.meta()
        wanted = {**self.expected_meta(), "schema_version": SCHEMA_VERSION}
        if not force and all(meta.get(k) == v for k, v in wanted.items()):
            return False
        if meta and not force:
            logger.info("the database holds other demo data (%s); rebuilding", meta)
        self.reset()
        return True

    def reset(self) -> None:
        """The initial demo state for the configured seed and user count; faults and log too."""
        self.store.rebuild(
            demo_data.generate(self.config.seed, self.config.users), self.expected_meta()
        )
        self.faults.restore()
        self.journal.clear()


SANDBOX = web.AppKey("sandbox", Sandbox)


def sandbox_of(request: web.Request) -> Sandbox:
    return request.app[SANDBOX]


async def read_json(request: web.Request, *, required: bool = False) -> dict[str, Any]:
    """The JSON object in the body; {} for an empty optional body, 416 for anything else."""
    raw = await request.read()
    if not raw.strip():
        if required:
            raise ApioError(416, "The request body must be a JSON object")
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise ApioError(416, "The request body is not valid JSON") from None
    if not isinstance(value, dict):
        raise ApioError(416, "The request body must be a JSON object")
    return value


async def query_body(request: web.Request, allowed: Mapping[str, type]) -> dict[str, Any]:
    """Filters sent as a JSON body on a GET: unknown keys and wrong types answer 400."""
    body = await read_json(request)
    problems = []
    for key, value in body.items():
        expected = allowed.get(key)
        if expected is None:
            problems.append(Problem(f"Unknown parameter '{key}'", key))
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            problems.append(Problem(f"Parameter '{key}' must be {expected.__name__}", key))
    if problems:
        raise invalid(problems)
    return body


@dataclass(frozen=True)
class UserRef:
    tenant_id: str
    group_id: str
    user_id: str
    row: sqlite3.Row

    @property
    def email(self) -> str:
        return self.row["email"]


def tenant_of(request: web.Request) -> str:
    tenant_id = request.match_info["tenant"]
    if sandbox_of(request).store.tenant(tenant_id) is None:
        raise not_found(f"Tenant {tenant_id} not found")
    return tenant_id


def group_of(request: web.Request) -> tuple[str, str]:
    tenant_id = tenant_of(request)
    group_id = request.match_info["group"]
    if sandbox_of(request).store.group(tenant_id, group_id) is None:
        raise not_found(f"Group {group_id} not found in tenant {tenant_id}")
    return tenant_id, group_id


def user_of(request: web.Request, service: str | None = None) -> UserRef:
    """The user the path names (404 when unknown or elsewhere); 404 too if `service` is not
    assigned to them."""
    tenant_id, group_id = group_of(request)
    user_id = request.match_info["user"]
    store = sandbox_of(request).store
    row = store.user(user_id)
    if row is None or row["tenant_id"] != tenant_id or row["group_id"] != group_id:
        raise not_found(f"User {user_id} not found in group {group_id}")
    if service is not None and not store.is_assigned(user_id, service):
        raise not_assigned(service)
    return UserRef(tenant_id, group_id, user_id, row)


def empty_ok(status: int = 200) -> web.Response:
    """A bare answer with no body, as APIO gives to a CFA/CFB PUT."""
    return web.Response(status=status)
