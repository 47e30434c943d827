"""The APIO client: one pooled urllib3 connection set per process, signed in as the portal.

Sign-in follows the contract (§2.1): POST /api/v1/login/ answers a ``sessionid`` cookie (and
possibly load-balancer cookies) that every later request carries. A 401 means the session
expired: the client signs in again and repeats the request, once.

urllib3 keeps no cookies: the client keeps the portal's own, name -> value, from the Set-Cookie
headers of every answer (a later value replaces an earlier one, an expired cookie is dropped), and
sends them all back in one Cookie header. It talks to one APIO only, so the cookies' Domain and
Path are not looked at. urllib3 retries nothing here: retrying is the callers' decision.
"""

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from portal.apio import paths
from portal.apio.cookies import SessionCookies
from portal.apio.errors import PermanentApioError, TransientApioError, error_for
from portal.apio.response import ApioResponse
from portal.core import PerProcess
from portal.reasons import SIGN_IN_TIMEOUT

logger = logging.getLogger("portal.apio")

_NO_BODY = object()
_ACCEPT = {"Accept": "application/json", "Accept-Encoding": "gzip, deflate"}
_SEND_JSON = {**_ACCEPT, "Content-Type": "application/json"}

# (method, path, status) of every answer the client receives; tests use it to see statuses.
ResponseObserver = Callable[[str, str, int], None]


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


def _is_timeout(exc: HTTPError) -> bool:
    # urllib3 files "connection refused" and DNS failures (NewConnectionError) under timeouts.
    return isinstance(exc, Urllib3Timeout) and not isinstance(exc, NewConnectionError)


class ApioClient:
    def __init__(self, config: ApioSettings, on_response: ResponseObserver | None = None):
        self.config = config
        # One pool for APIO's host, reached by path: no URL to parse on every request.
        self._path_prefix = (urllib3.util.parse_url(config.base_url).path or "").rstrip("/")
        self._http = self._new_pool()
        self._on_response = on_response
        self._cookies = SessionCookies()
        self._sign_in_lock = threading.Lock()
        self._session_generation = 0

    @property
    def timeout(self) -> urllib3.Timeout:
        return urllib3.Timeout(connect=self.config.connect_timeout, read=self.config.read_timeout)

    def close(self) -> None:
        """Close the open connections; a later request opens new ones."""
        self._http.close()
        self._http = self._new_pool()

    def _new_pool(self) -> urllib3.HTTPConnectionPool:
        return urllib3.connection_from_url(
            self.config.base_url,
            maxsize=self.config.max_connections,
            block=False,
            timeout=self.timeout,
            retries=False,
        )

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
            self._cookies.clear()
            response = self._send(
                "POST",
                paths.LOGIN,
                {"username": self.config.username, "password": self.config.password},
            )
            if not response.is_success:
                raise error_for(response)
            self._session_generation += 1

    def authenticate(self, username: str, password: str) -> LoginResult:
        """Check a person's own APIO credentials, without touching the portal's session.

        A request of its own: it sends none of the portal's cookies and keeps none of the
        cookies it is answered, so the person's session never mixes with the portal's.
        """
        body = {"username": username, "password": password}
        try:
            response = self._exchange("POST", paths.LOGIN, body, session=False)
        except HTTPError as exc:
            if _is_timeout(exc):
                raise TransientApioError(SIGN_IN_TIMEOUT) from exc
            raise TransientApioError(f"APIO unreachable: {exc.__class__.__name__}") from exc
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

    def _send(self, method: str, path: str, body: Any) -> ApioResponse:
        """One request in the portal's session; a transport failure is a TransientApioError."""
        try:
            return self._exchange(method, path, body)
        except HTTPError as exc:
            if _is_timeout(exc):
                message = f"APIO did not answer in time ({method} {path})"
            else:
                message = f"APIO unreachable ({exc.__class__.__name__}, {method} {path})"
            raise TransientApioError(message) from exc

    def _exchange(self, method: str, path: str, body: Any, session: bool = True) -> ApioResponse:
        """Send, read the whole answer and log it; urllib3's HTTPError on a transport failure.

        ``session``: send the portal's cookies and keep those the answer sets.
        """
        if body is _NO_BODY:
            payload, headers = None, dict(_ACCEPT)
        else:
            text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            payload, headers = text.encode(), dict(_SEND_JSON)
        if session and (cookie := self._cookies.header()):
            headers["Cookie"] = cookie
        started = time.perf_counter()
        try:
            raw = self._http.urlopen(
                method, self._path_prefix + path, body=payload, headers=headers, redirect=False
            )
        except HTTPError as exc:
            outcome = "timeout" if _is_timeout(exc) else exc.__class__.__name__
            self._log(method, path, outcome, started)
            raise
        self._log(method, path, raw.status, started)
        if session:
            self._cookies.update(raw.headers.getlist("Set-Cookie"))
        if self._on_response is not None:
            self._on_response(method, path, raw.status)
        return ApioResponse(raw.status, raw.headers, raw.data)

    @staticmethod
    def _log(method: str, path: str, outcome: int | str, started: float) -> None:
        # Method, path, outcome and time only: bodies may hold passwords and PINs.
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.info("apio %s %s -> %s in %.0f ms", method, path, outcome, elapsed_ms)


_client = PerProcess(lambda: ApioClient(apio_settings_from_django()))
# In a Celery worker, requests wait for APIO_PUSH_READ_TIMEOUT rather than a page's timeout.
_pushing = False


def use_push_timeouts() -> None:
    """This process pushes changes (a Celery worker): wait longer for APIO's answers."""
    global _pushing
    _pushing = True
    reset_client()


def apio_settings_from_django() -> ApioSettings:
    from django.conf import settings

    return ApioSettings(
        base_url=settings.APIO_BASE_URL.rstrip("/"),
        username=settings.APIO_USERNAME,
        password=settings.APIO_PASSWORD,
        connect_timeout=settings.APIO_CONNECT_TIMEOUT,
        read_timeout=settings.APIO_PUSH_READ_TIMEOUT if _pushing else settings.APIO_READ_TIMEOUT,
    )


def get_client() -> ApioClient:
    """This process's client; a forked worker process builds its own connection pool."""
    return _client.get()


def reset_client() -> None:
    """Drop the cached client (settings changed, e.g. in tests)."""
    if (dropped := _client.drop()) is not None:
        dropped.close()


__all__ = [
    "ApioClient",
    "ApioSettings",
    "LoginResult",
    "PermanentApioError",
    "TransientApioError",
    "get_client",
    "reset_client",
    "use_push_timeouts",
]
