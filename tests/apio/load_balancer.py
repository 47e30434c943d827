"""A sticky load balancer in front of the sandbox, as APIO often sits behind one.

It forwards every request to the sandbox, notes the cookies each one carried, and, like HAProxy's
`cookie SERVERID insert`, answers a request that came without a SERVERID cookie with one naming
the node it chose. A test can add more Set-Cookie headers to the next answer.
"""

from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STICKY = "SERVERID"
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "date", "server"}


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    cookie_header: str | None  # the Cookie header as received, None when there was none

    @property
    def cookies(self) -> dict[str, str]:
        if not self.cookie_header:
            return {}
        pairs = (pair.strip().partition("=") for pair in self.cookie_header.split(";"))
        return {name: value for name, _, value in pairs}


class LoadBalancer:
    def __init__(self, backend_port: int, prefix: str = "") -> None:
        self.backend_port = backend_port
        self.prefix = prefix  # a path the balancer serves APIO under, taken off when forwarding
        self.node = "apio-1"  # what SERVERID names for the requests that come without one
        self.seen: list[Seen] = []
        self._extra: list[str] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> LoadBalancer:
        balancer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the client's pool expects

            def forward(self) -> None:
                balancer._forward(self)

            do_GET = do_PUT = do_POST = do_DELETE = forward

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def reset(self) -> None:
        with self._lock:
            self.seen.clear()
            self._extra.clear()
            self.node = "apio-1"

    def next_answer_sets(self, *set_cookie_headers: str) -> None:
        """Add these Set-Cookie headers to the next answer, whatever the request."""
        with self._lock:
            self._extra.extend(set_cookie_headers)

    def _forward(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else None
        seen = Seen(handler.command, handler.path, handler.headers.get("Cookie"))
        headers = {k: v for k, v in handler.headers.items() if k.lower() != "host"}
        path = handler.path
        if self.prefix:  # anything outside the prefix reaches no APIO path
            path = path.removeprefix(self.prefix) if path.startswith(self.prefix) else "/outside"
        backend = http.client.HTTPConnection("127.0.0.1", self.backend_port, timeout=30)
        try:
            backend.request(handler.command, path, body=body, headers=headers)
            answer = backend.getresponse()
            content = answer.read()
        finally:
            backend.close()
        with self._lock:
            self.seen.append(seen)
            set_cookies = [f"{STICKY}={self.node}; Path=/"] if STICKY not in seen.cookies else []
            set_cookies += self._extra
            self._extra.clear()
        handler.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in _HOP_BY_HOP:
                handler.send_header(name, value)
        for value in set_cookies:
            handler.send_header("Set-Cookie", value)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)
