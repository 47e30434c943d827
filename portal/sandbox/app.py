"""The aiohttp application: middlewares in the order a request meets them, then the routes.

1. `observe`  logs one line per request, records /api/v1/ requests in the journal and injects
              the configured faults (only on /api/v1/);
2. `errors`   turns every failure into an APIO error body;
3. `authenticate` requires a live session cookie on /api/v1/ (sign-in aside) and keeps end users
              on their own /users/{id}/ paths.
"""

from __future__ import annotations

import logging
import time

from aiohttp import web

from portal.sandbox import (
    admin,
    agent_call_centers,
    assignment,
    call_centers,
    criteria,
    directory,
    documents,
    meet_me,
    reference,
    schedules,
    supervisors,
)
from portal.sandbox.auth import END_USER_LEVEL
from portal.sandbox.context import SANDBOX, Sandbox, SandboxConfig
from portal.sandbox.errors import ApioError, error_response

logger = logging.getLogger("portal.sandbox")

API_PREFIX = "/api/v1/"
LOGIN_ROUTE = "login"


@web.middleware
async def observe(request: web.Request, handler) -> web.StreamResponse:
    sandbox = request.app[SANDBOX]
    started = time.perf_counter()
    api = request.path.startswith(API_PREFIX)
    body = await request.read() if api and request.can_read_body else b""
    fault: str | None = None
    status: int | None = None
    try:
        if api:
            fault, error_status = sandbox.faults.draw()
            if fault == "drop":
                # Close the connection with no answer, like a crashed gateway or a cut link.
                request.transport.close()
                raise web.HTTPServiceUnavailable()
            await sandbox.faults.delay(fault)
            if fault == "error":
                error = ApioError(error_status, "Injected fault: the sandbox answers an error")
                response = error_response(error)
                status = response.status
                return response
        response = await handler(request)
        status = response.status
        return response
    finally:
        ms = (time.perf_counter() - started) * 1000
        note = f" fault={fault}" if fault else ""
        logger.info("%s %s %s %.1fms%s", request.method, request.path, status or "-", ms, note)
        if api:
            session = request.get("session")
            sandbox.journal.record(
                method=request.method,
                path=request.path,
                raw_path=request.raw_path.split("?")[0],
                status=status,
                body=body,
                ms=ms,
                username=session.username if session else None,
                fault=fault,
            )


def _http_message(error: web.HTTPException, request: web.Request) -> str:
    if error.status == 404 and not request.path.endswith("/"):
        return f"No resource at {request.path}: every APIO path ends with '/'"
    if error.status == 404:
        return f"No resource at {request.path}"
    if error.status == 405:
        return f"Method {request.method} is not allowed on {request.path}"
    return error.reason


@web.middleware
async def errors(request: web.Request, handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApioError as error:
        return error_response(error)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return error_response(ApioError(error.status, _http_message(error, request)))
    except Exception:
        logger.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(ApioError(500, "Unexpected error in the sandbox"))


@web.middleware
async def authenticate(request: web.Request, handler) -> web.StreamResponse:
    if not request.path.startswith(API_PREFIX):
        return await handler(request)
    match = request.match_info
    if match.http_exception is not None:  # unknown path or method: 404/405 before auth
        raise match.http_exception
    if match.route.name == LOGIN_ROUTE:
        return await handler(request)
    session = request.app[SANDBOX].sessions.get(request.cookies.get("sessionid"))
    if session is None:
        raise ApioError(
            401,
            "Missing, expired or invalid session: sign in with POST /api/v1/login/",
            summary="NOT_AUTHENTICATED",
        )
    request["session"] = session
    if session.user_level == END_USER_LEVEL:
        own = "user" in match and session.owns(
            match.get("tenant", ""), match.get("group", ""), match["user"]
        )
        if not own:
            raise ApioError(403, "An end user may only access their own user resources")
    return await handler(request)


def create_app(sandbox: Sandbox) -> web.Application:
    app = web.Application(middlewares=[observe, errors, authenticate])
    app[SANDBOX] = sandbox
    for module in (
        admin,
        directory,
        assignment,
        documents,
        schedules,
        criteria,
        meet_me,
        call_centers,
        agent_call_centers,
        supervisors,
        reference,
    ):
        app.router.add_routes(module.routes)
    return app


def build(config: SandboxConfig, *, reset: bool = False) -> web.Application:
    """A ready application: the database opened and filled with the demo data if needed."""
    sandbox = Sandbox(config)
    started = time.perf_counter()
    if sandbox.ensure_data(force=reset):
        logger.info(
            "built the demo data (%d users, seed %d) in %.1f s",
            config.users,
            config.seed,
            time.perf_counter() - started,
        )
    return create_app(sandbox)
