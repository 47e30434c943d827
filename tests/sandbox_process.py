"""The sandbox APIO in a subprocess, reached over real HTTP: for any test and the benchmark.

    sandbox = SandboxProcess().start(users=50)
    apio = sandbox.client()                 # signed in as the portal's system account
    apio.get(f"{USER}services/cfa/")
    apio.close()
    sandbox.set_faults(error_rate=1.0)
    sandbox.requests()                      # what was sent, secrets masked
    sandbox.stop()

Imports nothing from Django, so it also works outside pytest.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parent.parent
ADMIN_USERNAME = "portal"
ADMIN_PASSWORD = "portal-sandbox-password"
USER_PASSWORD = "user-demo-pass"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SandboxProcess:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self.workdir: Path | None = None
        self.db_path: Path | None = None
        self._owns_workdir = False
        self._arguments: dict[str, Any] = {}
        self._control_client: httpx.Client | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the sandbox is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        assert self.workdir is not None
        return self.workdir / "sandbox.log"

    def start(
        self,
        port: int | None = None,
        users: int = 50,
        seed: int = 1,
        env: dict[str, str] | None = None,
        db: Path | None = None,
        extra_args: tuple[str, ...] = (),
        default_db: bool = False,
        timeout: float = 60.0,
    ) -> SandboxProcess:
        """Start `python -m portal.sandbox` on a temporary database (or `db`, or with
        `default_db` the sandbox's own default path); wait for /health."""
        if self.workdir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix="sandbox-"))
            self._owns_workdir = True
        self.db_path = db or self.db_path or self.workdir / "sandbox.sqlite3"
        self._arguments = {
            "port": port, "users": users, "seed": seed, "env": env, "default_db": default_db
        }  # fmt: skip
        self.port = port or free_port()
        environment = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")}
        environment.update(PYTHONUNBUFFERED="1", **(env or {}))
        command = [
            sys.executable, "-m", "portal.sandbox", "--addr", f"127.0.0.1:{self.port}",
            *(() if default_db else ("--db", str(self.db_path))),
            "--users", str(users), "--seed", str(seed), *extra_args,
        ]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_for_health(timeout)
        return self

    def _wait_for_health(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the sandbox exited with code {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                if self._control.get(f"{self.url}/health", timeout=0.5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self._terminate()
        raise RuntimeError(f"the sandbox did not answer /health in {timeout:.0f} s")

    def _terminate(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self, **changes: Any) -> SandboxProcess:
        """Stop and start again on the same database and port (same options unless changed)."""
        self._terminate()
        arguments = {**self._arguments, "port": self.port, **changes}
        return self.start(**arguments)

    def stop(self) -> None:
        """Stop the process and delete its temporary directory (a given `db` is kept)."""
        self._terminate()
        if self._control_client is not None:
            self._control_client.close()
            self._control_client = None
        if self._owns_workdir and self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None
            self._owns_workdir = False

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> SandboxProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ control endpoints

    @property
    def _control(self) -> httpx.Client:
        # One client for the control endpoints: building an httpx client loads the CA bundle,
        # which costs more than the request itself.
        if self._control_client is None:
            self._control_client = httpx.Client(timeout=60, verify=False)  # noqa: S501 (loopback HTTP)
        return self._control_client

    def _admin(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._control.request(method, f"{self.url}{path}", **kwargs)
        response.raise_for_status()
        return response.json()

    def reset(self) -> dict[str, Any]:
        """The initial demo data, the start-up fault settings and an empty request log."""
        return self._admin("POST", "/sandbox/reset/")

    def set_faults(self, **settings: float) -> dict[str, float]:
        return self._admin("PUT", "/sandbox/faults/", json=settings)

    def faults(self) -> dict[str, float]:
        return self._admin("GET", "/sandbox/faults/")

    def expire_sessions(self) -> int:
        return self._admin("POST", "/sandbox/sessions/expire/")["expired"]

    def requests(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The last /api/v1/ requests, oldest first: method, path, status, body (masked)."""
        params = {} if limit is None else {"limit": limit}
        return self._admin("GET", "/sandbox/requests/", params=params)["requests"]

    def request_count(self) -> int:
        return self._admin("GET", "/sandbox/requests/", params={"limit": 0})["count"]

    def clear_requests(self) -> None:
        self._admin("DELETE", "/sandbox/requests/")

    def object(self, path: str) -> Any | None:
        """The stored JSON behind an /api/v1/ path (write-only fields included), or None."""
        response = self._control.get(f"{self.url}/sandbox/objects/", params={"path": path})
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return response.json()

    # ------------------------------------------------------------------ clients

    def client(
        self, username: str = ADMIN_USERNAME, password: str | None = None, **kwargs: Any
    ) -> httpx.Client:
        """An httpx client signed in as `username` (the system account by default).

        It has already sent a request, so httpx refuses `with client:`; close it, or use
        `contextlib.closing(sandbox.client())`.
        """
        if password is None:
            password = ADMIN_PASSWORD if username == ADMIN_USERNAME else USER_PASSWORD
        kwargs.setdefault("timeout", 10)
        kwargs.setdefault("verify", False)  # plain HTTP on loopback: skip loading the CA bundle
        client = httpx.Client(base_url=self.url, **kwargs)
        response = client.post("/api/v1/login/", json={"username": username, "password": password})
        if response.status_code != 200:
            client.close()
            raise RuntimeError(f"sign-in as {username} failed: {response.status_code}")
        return client
