"""A Redis that is away, or that takes connections and never answers, is a cache miss.

Reads then go to APIO (the sandbox, over HTTP), quickly, and the user page is drawn as usual
for a person signed in before (sessions are in the database, not in the cache).
"""

import socket
import threading
import time

import pytest
from django.urls import reverse

from portal.core import UserRef
from portal.reads import get_profile, get_services
from portal.reads.kept import cache_is_back
from tests.accounts.people import helpdesk

pytestmark = pytest.mark.integration

USER = UserRef("acme", "acme-hq", "user00001@acme.example")
USER_PAGE = reverse("directory:user_detail", args=[*vars(USER).values()])
# What a page may take with Redis away: each cache read or write waits at most the cache's
# socket timeout, 0.1 s (before, the first one waited 5 s and the page failed).
QUICK_SECONDS = 2.0


class SilentRedis:
    """A TCP port that accepts connections and never answers a byte."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:  # closed
                return
            self.accepted.append(connection)

    def close(self) -> None:
        self.server.close()
        for connection in self.accepted:
            connection.close()


def stopped_redis_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


@pytest.fixture(params=["never answers", "stopped"])
def cache_redis_away(request, apio, settings):
    """The cache pointed at a Redis that never answers, or at a port where none listens."""
    silent = SilentRedis() if request.param == "never answers" else None
    port = silent.port if silent else stopped_redis_port()
    cache = dict(settings.CACHES["default"], LOCATION=f"redis://127.0.0.1:{port}/0")
    settings.CACHES = {**settings.CACHES, "default": cache}
    yield request.param
    if silent:
        silent.close()
    cache_is_back()  # the next tests find the real Redis at once, not in a few seconds


def test_reads_go_to_the_platform_when_the_cache_is_away(cache_redis_away):
    started = time.monotonic()
    profile = get_profile(USER)
    services = get_services(USER)
    elapsed = time.monotonic() - started
    assert profile.user_id == USER.user_id and profile.last_name
    assert any(service.assigned for service in services)
    assert elapsed < QUICK_SECONDS, f"reads took {elapsed:.1f} s with Redis {cache_redis_away}"


def test_the_user_page_is_drawn_when_the_cache_is_away(cache_redis_away, client, db):
    client.force_login(helpdesk("hd-cache-outage", "acme"))
    started = time.monotonic()
    response = client.get(USER_PAGE)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert USER.user_id in response.content.decode()
    assert "Call Forwarding Always" in response.content.decode()
    assert elapsed < QUICK_SECONDS, f"the page took {elapsed:.1f} s with Redis {cache_redis_away}"
