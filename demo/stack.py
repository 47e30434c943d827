"""The whole portal on one machine (`make demo`): a process that stops is started again, and
Ctrl-C stops them all."""

import os
import signal
import socket
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command

from demo.accounts import ensure_demo_accounts
from demo.processes import ProcessGroup, RestartLimitReached, python_command
from demo.redis import EmbeddedRedis
from portal import env
from portal.celery import app as celery_app

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Every user of the sandbox's demo data has this password (see portal/sandbox/demo_data.py).
SANDBOX_USER_PASSWORD = "user-demo-pass"  # noqa: S105 (a published demo password)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (loopback only)
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def ensure_port_free(name: str, host: str, port: int) -> None:
    with socket.socket() as probe:
        if probe.connect_ex((host, port)) == 0:
            raise SystemExit(
                f"{host}:{port}, where {name} should listen, is in use: is another demo "
                "running? Stop it, or choose other addresses (DEMO_ADDR, APIO_BASE_URL)."
            )


# Stopping the sandbox is how one sees the portal with its platform down: it goes on.
SANDBOX_STOPPED = (
    "The sandbox APIO stopped. The portal goes on as it would with APIO down: pages say the "
    "platform is not answering, and saves are queued until it answers again. "
    "Ctrl-C stops the demo."
)
# What the console calls each process the demo runs.
LABELS = {
    "redis": "Redis",
    "sandbox": "The sandbox APIO",
    "worker": "The Celery worker",
    "beat": "Celery beat",
    "web": "The web server",
}


def worker_answers() -> bool:
    return bool(celery_app.control.ping(timeout=0.5))


def stop_on_signal(signum, frame) -> None:
    raise KeyboardInterrupt


def keep_new_files_private() -> None:
    """What the demo and the processes it starts create from now on (the SQLite database and its
    journals, Redis's files, beat's schedule, the sandbox's state) is readable by its owner only."""
    os.umask(0o077)


def run(addr: str) -> None:
    """Set up the demo data and run Redis, the sandbox APIO, Celery and the web server."""
    keep_new_files_private()
    check_ports(addr)  # before anything is set up: a demo running already is told at once
    call_command("migrate", interactive=False, verbosity=0)
    accounts = ensure_demo_accounts()
    group = ProcessGroup()
    redis_server = EmbeddedRedis(env.embedded_redis_socket())
    signal.signal(signal.SIGTERM, stop_on_signal)
    # Ctrl-C stops the demo even when started from a shell that ignores it (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        if env.uses_embedded_redis() and not redis_server.is_running():
            group.start("redis", redis_server.command())
            group.wait_until("redis", redis_server.is_running)
            print(f"Redis: embedded server on {redis_server.socket_path}", flush=True)
        start_processes(group, addr)
        print_banner(addr, accounts)
        supervise(group)
    except KeyboardInterrupt:
        print("\nStopping the demo...", flush=True)
    finally:
        # A second Ctrl-C must not cut the clean-up short and leave processes behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        group.stop_all()


def supervise(group: ProcessGroup) -> None:
    """Until Ctrl-C: start again what stops, and say so; go on without the sandbox. One that
    keeps stopping ends the demo (SystemExit), saying which."""
    while True:
        try:
            restarted = group.restart_stopped()
        except RestartLimitReached as stopped:
            print(
                f"{LABELS[stopped.name]} stopped {stopped.stops} times within "
                f"{stopped.window:.0f} seconds (last exit code {stopped.returncode}): something "
                "keeps it from running. Stopping the demo.",
                file=sys.stderr,
                flush=True,
            )
            raise SystemExit(1) from None
        for name in restarted:
            print(f"{LABELS[name]} stopped; starting it again.", file=sys.stderr, flush=True)
        for _ in group.newly_stopped():
            print(SANDBOX_STOPPED, file=sys.stderr, flush=True)
        time.sleep(0.5)


def sandbox_on_loopback() -> bool:
    """A real APIO is never on this machine's loopback: there, the demo runs its sandbox."""
    return urlsplit(settings.APIO_BASE_URL).hostname in LOOPBACK_HOSTS


def check_ports(addr: str) -> None:
    web_host, web_port = addr.rsplit(":", 1)
    ensure_port_free("the web server", web_host, int(web_port))
    if sandbox_on_loopback():
        apio = urlsplit(settings.APIO_BASE_URL)
        ensure_port_free("the sandbox APIO", apio.hostname, apio.port or 80)


def start_processes(group: ProcessGroup, addr: str) -> None:
    """Every process started at once, then each waited for: none needs another to start."""
    if sandbox_on_loopback():
        apio = urlsplit(settings.APIO_BASE_URL)
        sandbox = python_command(
            "-m", "portal.sandbox", "--addr", f"{apio.hostname}:{apio.port or 80}"
        )
        group.start("sandbox", sandbox, optional=True)
    celery = ("-m", "celery", "-A", "portal")
    group.start("worker", python_command(*celery, "worker", "-l", "info", "-c", "2"))
    schedule = str(env.var_dir() / "celerybeat-schedule")
    group.start("beat", python_command(*celery, "beat", "-l", "info", "-s", schedule))
    group.start("web", python_command("manage.py", "runserver", addr, "--noreload"))
    if sandbox_on_loopback():
        group.wait_until("sandbox", lambda: answers(f"{settings.APIO_BASE_URL}/health"))
    group.wait_until("web", lambda: answers(f"http://{addr}/accounts/login/"))
    group.wait_until("worker", worker_answers)


def print_banner(addr: str, accounts) -> None:
    lines = [
        "",
        "Switchboard is running.",
        f"  Portal:      http://{addr}/",
        f"  Health:      http://{addr}/health/",
        f"  Sandbox APIO: {settings.APIO_BASE_URL}",
        "  Demo sign-ins (user name / password):",
        *(f"    {a.role.label:<15} {a.username} / {a.password}" for a in accounts),
        "  Any sandbox user signs in with their own BroadWorks id, checked by APIO:",
        f"    End user        user00001@acme.example / {SANDBOX_USER_PASSWORD}",
        "Press Ctrl-C to stop everything.",
        "",
    ]
    print("\n".join(lines), flush=True)
