"""The APIO client: one pooled httpx connection set per process, signed in as the portal.

Sign-in follows the contract (§2.1): POST /api/v1/login/ answers a ``sessionid`` cookie (and
possibly load-balancer cookies) that every later request carries. A 401 means the session
expired: the client signs in again and repeats the request, once.
"""

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from portal.apio import paths
from portal.apio.errors import PermanentApioError, TransientApioError, error_for

logger = logging.getLogger("portal.apio")

_NO_BODY = object()


@dataclass(frozen=True)
class ApioSettings:
    base_url: str
    username: str
    password: str = field(repr=False)
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_connections: int = 20


@dataclass(frozen=True)
class LoginResult:
    """Who APIO says a set of credentials belongs to (contract §2.1)."""

    user_level: int
    tenant_id: str | None
    group_id: str | None
    user_id: str | None


class ApioClient:
    def __init__(self, config: ApioSettings, transport: httpx.BaseTransport | None = None):
        self.config = config
        self._http = httpx.Client(
            base_url=config.base_url,
            timeout=self.timeout,
            limits=httpx.Limits(
                max_connections=config.max_connections,
                max_keepalive_connections=config.max_connections,
            ),
            headers={"Accept": "application/json"},
            transport=transport,
        )
        self._sign_in_lock = threading.Lock()
        self._session_generation = 0

    @property
    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.config.read_timeout, connect=self.config.connect_timeout)

    def close(self) -> None:
        self._http.close()

    # -- calls -----------------------------------------------------------------------------

    def get(self, path: str, query: dict | None = None) -> Any:
        """GET; ``query`` goes in a JSON body, as APIO's list and search filters do (§1)."""
        return self.request("GET", path, query if query is not None else _NO_BODY)

    def put(self, path: str, body: dict) -> Any:
        return self.request("PUT", path, body)

    def post(self, path: str, body: dict) -> Any:
        return self.request("POST", path, body)

    def delete(self, path: str, body: dict | None = None) -> Any:
        return self.request("DELETE", path, body if body is not None else _NO_BODY)

    def request(self, method: str, path: str, body: Any = _NO_BODY) -> Any:
        """Send one request; the decoded JSON answer, or None for an empty one.

        Raises TransientApioError or PermanentApioError (ApioNotFound for 404).
        """
        if self._session_generation == 0:
            self.sign_in(expected_generation=0)
        generation = self._session_generation
        response = self._send(method, path, body)
        if response.status_code == 401:
            self.sign_in(expected_generation=generation)
            response = self._send(method, path, body)
        if response.is_success:
            return response.json() if response.content else None
        raise error_for(response)

    # -- sign-in ---------------------------------------------------------------------------

    def sign_in(self, expected_generation: int | None = None) -> None:
        """Open a new APIO session for the portal's own account.

        Threads that saw the same expired session sign in only once: the first renews it,
        the others find the generation moved on and reuse the new session.
        """
        with self._sign_in_lock:
            if expected_generation is not None and self._session_generation != expected_generation:
                return
            self._http.cookies.clear()
            response = self._send(
                "POST",
                paths.LOGIN,
                {"username": self.config.username, "password": self.config.password},
                log_body=False,
            )
            if not response.is_success:
                raise error_for(response)
            self._session_generation += 1

    def authenticate(self, username: str, password: str) -> LoginResult:
        """Check a person's own APIO credentials, without touching the portal's session.

        A separate request on purpose: the pooled client would keep the person's session
        cookie in the portal's own cookie jar.
        """
        body = {"username": username, "password": password}
        started = time.perf_counter()
        try:
            response = httpx.post(
                self.config.base_url + paths.LOGIN, json=body, timeout=self.timeout
            )
        except httpx.TimeoutException as exc:
            self._log("POST", paths.LOGIN, "timeout", started)
            raise TransientApioError("APIO did not answer the sign-in in time") from exc
        except httpx.TransportError as exc:
            self._log("POST", paths.LOGIN, exc.__class__.__name__, started)
            raise TransientApioError(f"APIO unreachable: {exc.__class__.__name__}") from exc
        self._log("POST", paths.LOGIN, response.status_code, started)
        if not response.is_success:
            raise error_for(response)
        data = response.json()
        ids = data.get("ids") or {}
        return LoginResult(
            user_level=int((data.get("profile") or {}).get("user_level", 0)),
            tenant_id=ids.get("tenant_id"),
            group_id=ids.get("group_id"),
            user_id=ids.get("user_id"),
        )

    # -- transport -------------------------------------------------------------------------

    def _send(self, method: str, path: str, body: Any, log_body: bool = True) -> httpx.Response:
        started = time.perf_counter()
        try:
            if body is _NO_BODY:
                response = self._http.request(method, path)
            else:
                response = self._http.request(method, path, json=body)
        except httpx.TimeoutException as exc:
            self._log(method, path, "timeout", started)
            raise TransientApioError(f"APIO did not answer in time ({method} {path})") from exc
        except httpx.TransportError as exc:
            self._log(method, path, exc.__class__.__name__, started)
            raise TransientApioError(
                f"APIO unreachable ({exc.__class__.__name__}, {method} {path})"
            ) from exc
        self._log(method, path, response.status_code, started)
        return response

    @staticmethod
    def _log(method: str, path: str, outcome: int | str, started: float) -> None:
        # Method, path, outcome and time only: bodies may hold passwords and PINs.
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.info("apio %s %s -> %s in %.0f ms", method, path, outcome, elapsed_ms)


_clients: dict[int, ApioClient] = {}
_clients_lock = threading.Lock()


def apio_settings_from_django() -> ApioSettings:
    from django.conf import settings

    return ApioSettings(
        base_url=settings.APIO_BASE_URL.rstrip("/"),
        username=settings.APIO_USERNAME,
        password=settings.APIO_PASSWORD,
        connect_timeout=settings.APIO_CONNECT_TIMEOUT,
        read_timeout=settings.APIO_READ_TIMEOUT,
    )


def get_client() -> ApioClient:
    """This process's client; a forked worker process builds its own connection pool."""
    pid = os.getpid()
    client = _clients.get(pid)
    if client is None:
        with _clients_lock:
            client = _clients.get(pid)
            if client is None:
                _clients.clear()
                client = _clients[pid] = ApioClient(apio_settings_from_django())
    return client


def reset_client() -> None:
    """Drop the cached client (settings changed, e.g. in tests)."""
    with _clients_lock:
        for client in _clients.values():
            client.close()
        _clients.clear()


__all__ = [
    "ApioClient",
    "ApioSettings",
    "LoginResult",
    "PermanentApioError",
    "TransientApioError",
    "get_client",
    "reset_client",
]
