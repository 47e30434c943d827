"""Reachability of what the portal depends on, as JSON for load balancers and operators."""

import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from portal.celery import app as celery_app

logger = logging.getLogger(__name__)

CHECK_TIMEOUT_SECONDS = 2.0


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True, "vendor": connection.vendor}


def check_redis() -> dict:
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=CHECK_TIMEOUT_SECONDS,
        socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    finally:
        client.close()
    return {"ok": True}


def check_celery() -> dict:
    replies = celery_app.control.ping(timeout=CHECK_TIMEOUT_SECONDS)
    workers = sorted(name for reply in replies for name in reply)
    return {"ok": bool(workers), "workers": workers}


CHECKS = {"database": check_database, "redis": check_redis, "celery": check_celery}


def run_checks() -> dict:
    results = {}
    for name, check in CHECKS.items():
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


@never_cache
def health_view(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    healthy = all(result["ok"] for result in results.values())
    status = 200 if healthy else 503
    return JsonResponse({"status": "ok" if healthy else "degraded", **results}, status=status)
