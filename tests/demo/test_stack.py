"""`python -m demo` (`make demo`) end to end: it comes up, serves sign-in, starts again a
process that dies, goes on without its sandbox APIO, stops on Ctrl-C."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_line(process: subprocess.Popen, log: Path, text: str, timeout: float) -> str:
    """What the demo printed (into `log`, a file: a pipe nobody reads would fill and block
    the demo) once it says `text`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        printed = log.read_text(errors="replace")
        if text in printed:
            return printed
        if process.poll() is not None:
            break
        time.sleep(0.2)
    tail = "".join(log.read_text(errors="replace").splitlines(keepends=True)[-40:])
    raise AssertionError(f"the demo never said {text!r}:\n{tail}")


def stopped_in_time(process: subprocess.Popen, log: Path, timeout: float) -> None:
    # Each child gets 10 s to stop, one after the other: a loaded machine needs the margin.
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        tail = "".join(log.read_text(errors="replace").splitlines(keepends=True)[-40:])
        raise AssertionError(f"the demo did not stop within {timeout:.0f} s:\n{tail}") from None


def wait_for_banner(process: subprocess.Popen, log: Path, timeout: float) -> str:
    return wait_for_line(process, log, "Press Ctrl-C", timeout)


def child_pid(demo: subprocess.Popen, command: str) -> int:
    """The process the demo started whose command line holds `command`."""
    found = subprocess.run(
        ["pgrep", "-P", str(demo.pid), "-f", command], capture_output=True, text=True
    ).stdout.split()
    assert len(found) == 1, f"the demo runs {len(found)} processes like {command!r}"
    return int(found[0])


def healthy(web: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{web}/health/", timeout=10) as response:
            return response.status == 200
    except OSError:  # a 503 (urllib's HTTPError), or no answer
        return False


def wait_until_healthy(web: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not healthy(web):
        assert time.monotonic() < deadline, f"/health/ still failing after {timeout:.0f} s"
        time.sleep(0.5)


def test_demo_serves_sign_in_and_stops_everything_on_ctrl_c(tmp_path):
    web, sandbox = free_port(), free_port()
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(
        SWITCHBOARD_VAR_DIR=str(tmp_path),
        APIO_BASE_URL=f"http://127.0.0.1:{sandbox}",
        DJANGO_SETTINGS_MODULE="demo.settings",
        PYTHONUNBUFFERED="1",
    )
    environment.pop("REDIS_URL", None)  # the demo's own embedded Redis, under tmp_path
    log = tmp_path / "demo-output.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "demo", "--addr", f"127.0.0.1:{web}"],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        banner = wait_for_banner(process, log, timeout=120)
        assert f"http://127.0.0.1:{web}/" in banner
        assert "helpdesk / helpdesk-demo-pass" in banner
        with urllib.request.urlopen(f"http://127.0.0.1:{web}/accounts/login/") as response:
            assert response.status == 200
            assert "Sign in" in response.read().decode()
        assert healthy(web)

        # A process that dies is started again; the worker rides out Redis's restart.
        os.killpg(child_pid(process, "celery -A portal worker"), signal.SIGKILL)
        restarted = "The Celery worker stopped; starting it again."
        assert restarted in wait_for_line(process, log, restarted, timeout=30)
        wait_until_healthy(web, timeout=60)
        worker = child_pid(process, "celery -A portal worker")
        os.kill(child_pid(process, "redis-server"), signal.SIGKILL)
        restarted = "Redis stopped; starting it again."
        assert restarted in wait_for_line(process, log, restarted, timeout=30)
        wait_until_healthy(web, timeout=60)
        assert child_pid(process, "celery -A portal worker") == worker

        # The platform going down is something to look at, not the end of the demo.
        subprocess.run(["pkill", "-f", f"portal.sandbox --addr 127.0.0.1:{sandbox}"], check=True)
        assert "The sandbox APIO stopped" in wait_for_line(
            process, log, "sandbox APIO stopped", timeout=30
        )
        with urllib.request.urlopen(f"http://127.0.0.1:{web}/accounts/login/") as response:
            assert response.status == 200
    finally:
        os.killpg(process.pid, signal.SIGINT)
        stopped_in_time(process, log, timeout=60)
    assert not (tmp_path / "redis.sock").exists() or not _answers(tmp_path / "redis.sock")
    for port in (web, sandbox):
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still served"


def _answers(socket_path) -> bool:
    with socket.socket(socket.AF_UNIX) as sock:
        return sock.connect_ex(str(socket_path)) == 0


def test_demo_says_so_when_its_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        environment = {
            k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")
        }
        environment.update(
            SWITCHBOARD_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="demo.settings"
        )
        result = subprocess.run(
            [sys.executable, "-m", "demo", "--addr", f"127.0.0.1:{port}"],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode != 0
    assert f"127.0.0.1:{port}" in result.stderr and "is in use" in result.stderr
