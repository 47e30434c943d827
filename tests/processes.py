"""Real processes for integration tests: a Celery worker on the test database and broker."""

import os
import signal
import subprocess
import sys
import time

import dj_database_url
from django.conf import settings
from django.db import connection
from kombu import pools

from portal.celery import app as celery_app

BASE_DIR = settings.BASE_DIR


def test_database_url() -> str:
    """The URL of the database the tests run on (pytest-django's test database)."""
    current = connection.settings_dict
    config = dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite:///unused"))
    if connection.vendor == "sqlite":
        return f"sqlite:///{current['NAME']}"
    return (
        f"postgres://{config['USER'] or ''}:{config['PASSWORD'] or ''}"
        f"@{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}/{current['NAME']}"
    )


def worker_environment(**extra: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=test_database_url(),
        REDIS_URL=settings.REDIS_URL,
    )
    environment.update(extra)
    return environment


class CeleryWorker:
    def __init__(self, environment: dict[str, str], concurrency: int = 1) -> None:
        self.environment = environment
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0) -> None:
        command = [
            sys.executable, "-m", "celery", "-A", "portal", "worker",
            "--loglevel", "warning", "--concurrency", str(self.concurrency),
            "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=self.environment, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited with code {self.process.returncode}")
            if celery_app.control.ping(timeout=0.5, limit=1):
                return
        raise RuntimeError("the Celery worker did not answer a ping in time")

    def kill(self) -> None:
        """Kill the worker and its pool children at once, as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if not self.process or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


class CeleryBeat:
    """Celery beat, so that the sweeper runs on its schedule as in production."""

    def __init__(self, environment: dict[str, str], schedule_dir) -> None:
        self.environment = environment
        self.schedule = str(schedule_dir / "celerybeat-schedule")
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            sys.executable, "-m", "celery", "-A", "portal", "beat",
            "--loglevel", "warning", "--schedule", self.schedule,
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=self.environment, start_new_session=True
        )

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def use_broker(url: str) -> None:
    """Point this process's Celery app at another broker (the fault tests' own Redis)."""
    celery_app.conf.broker_url = url
    # As after a fork: the next publish builds a pool for the new URL (kombu keeps the old one,
    # and its registry of pools too: nothing of the other broker is left to publish through).
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.set_current()  # the portal's tasks publish through the current app


def wait_for(predicate, timeout: float, interval: float = 0.2, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(message or f"condition not met within {timeout:.0f} s")
