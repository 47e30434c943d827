"""Test settings: the portal's own settings with the test's state kept apart from the demo's."""

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

# Each test run keeps its state (SQLite files, embedded Redis) in a folder of its own, so that
# runs never share a database or a broker; processes the tests start inherit the variable.
os.environ.setdefault("SWITCHBOARD_VAR_DIR", tempfile.mkdtemp(prefix="switchboard-test-"))


def _isolate_parallel_worker(worker: str) -> None:
    """Under pytest-xdist, each worker process gets a folder (SQLite, embedded Redis) and a
    Redis database of its own: a Celery worker started by one must never take another's tasks.
    Done once; the processes a worker starts inherit the result."""
    if not worker or os.environ.get("SWITCHBOARD_TEST_WORKER") == worker:
        return
    os.environ["SWITCHBOARD_TEST_WORKER"] = worker
    os.environ["SWITCHBOARD_VAR_DIR"] = os.path.join(os.environ["SWITCHBOARD_VAR_DIR"], worker)
    if url := os.environ.get("REDIS_URL"):
        parts = urlsplit(url)
        database = parts.path.strip("/")
        number = (int(database) if database.isdigit() else 0) + 1 + int(worker.removeprefix("gw"))
        os.environ["REDIS_URL"] = urlunsplit(parts._replace(path=f"/{number}"))


_isolate_parallel_worker(os.environ.get("PYTEST_XDIST_WORKER", ""))
# Playwright's sync API runs an event loop in the test thread; the ORM calls there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from portal.settings import *  # noqa: E402,F403
from portal.settings import DATABASES, VAR_DIR  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: worker and sandbox processes must open the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    # A test database is thrown away: its commits need not wait for the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# /health/ waits this long for the workers' pings: a worker of the tests answers in milliseconds,
# and the tests without one need not wait the production default for nobody.
HEALTH_CHECK_TIMEOUT_SECONDS = 1.0

# Tests change the platform behind the portal's back and expect the next page to show it: a
# service's settings are read afresh (tests/reads turns keeping them on, and checks it).
READS_SETTINGS_CACHE_SECONDS = 0
