"""Reachability of what the portal depends on, as JSON for load balancers and operators.

Anyone may ask whether the portal is up (the status code, and {"status": "ok"|"degraded"});
each dependency's state is told to signed-in staff and to callers presenting HEALTH_TOKEN.
"""

import hmac
import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache

from portal import access
from portal.celery import app as celery_app

logger = logging.getLogger(__name__)


def check_timeout() -> float:
    return settings.HEALTH_CHECK_TIMEOUT_SECONDS


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True, "vendor": connection.vendor}


def check_redis() -> dict:
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=check_timeout(),
        socket_connect_timeout=check_timeout(),
    )
    try:
        client.ping()
    finally:
        client.close()
    return {"ok": True}


def check_celery(every_worker: bool = True) -> dict:
    """Whether a worker answers a ping. Listing every worker waits the whole timeout for their
    replies; up or down alone returns at the first reply (a load balancer asks often)."""
    replies = celery_app.control.ping(timeout=check_timeout(), limit=None if every_worker else 1)
    workers = sorted(name for reply in replies for name in reply)
    return {"ok": bool(workers), "workers": workers}


CHECKS = {"database": check_database, "redis": check_redis, "celery": check_celery}


def run_checks(details: bool = True) -> dict:
    results = {}
    checks = {**CHECKS, "celery": lambda: check_celery(every_worker=details)}
    for name, check in checks.items():
        if name == "celery" and not results["redis"]["ok"]:
            # Without the broker a ping would only wait for its own connection retries.
            results[name] = {"ok": False, "error": "broker unreachable"}
            continue
        try:
            results[name] = check()
        except Exception as exc:  # any failure means "unreachable", reported, never raised
            logger.warning("health check %s failed: %s", name, exc.__class__.__name__)
            results[name] = {"ok": False, "error": exc.__class__.__name__}
    return results


def health_token() -> str:
    """HEALTH_TOKEN from the settings; "" turns tokens off."""
    return settings.HEALTH_TOKEN


def may_see_details(request: HttpRequest) -> bool:
    """Signed-in staff, or a caller presenting the health token (`Authorization: Bearer …`).

    Anyone else learns up or down only: which dependency fails, the database's vendor and the
    workers' host names are no business of an anonymous caller.
    """
    token = health_token()
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    bearer = scheme.lower() == "bearer"
    if token and bearer and hmac.compare_digest(presented.strip().encode(), token.encode()):
        return True
    try:
        return access.is_staff(request.user)
    except Exception:  # the session could not be read (database or cache down): not known staff
        logger.warning("health: the caller's session could not be read")
        return False


@never_cache
def health_view(request: HttpRequest) -> JsonResponse:
    details = may_see_details(request)
    results = run_checks(details)
    healthy = all(result["ok"] for result in results.values())
    status = 200 if healthy else 503
    body = {"status": "ok" if healthy else "degraded"}
    if details:
        body.update(results)
    response = JsonResponse(body, status=status)
    patch_vary_headers(response, ("Authorization", "Cookie"))
    return response
