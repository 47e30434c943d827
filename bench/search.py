"""How long "Find a user" takes over a tenant, cold (nothing cached) and warm.

    .venv/bin/python bench/search.py [--users 20000] [--rounds 5]

Starts its own sandbox APIO (with `--users` demo users in three groups) and Redis (embedded
unless REDIS_URL is set), then searches as a platform admin over the whole tenant through
the portal's directory search: a last name, an extension and a number typed nationally. All
are matched in the directory index (the groups' user listings, read whole); a name is also
asked of APIO's user search, for users newer than the index. "cold" clears the cache first, so
it includes reading the listings; "warm" is the next search. Figures are medians over the
rounds, in milliseconds.
"""

import argparse
import statistics
import time

import stage  # noqa: F401 (first: the project importable, Django set up)
from django.conf import settings
from django.core.cache import cache

from demo.redis import EmbeddedRedis
from portal import env
from portal.accounts.models import Role, User
from portal.apio.client import reset_client
from portal.directory.search import search_users
from tests.sandbox_process import SandboxProcess


def timed_ms(search) -> float:
    started = time.perf_counter()
    found = search()
    elapsed = (time.perf_counter() - started) * 1000
    assert found, "the search found nobody"
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    redis_server = EmbeddedRedis(env.embedded_redis_socket()) if env.uses_embedded_redis() else None
    if redis_server:
        redis_server.start()
    sandbox = SandboxProcess().start(users=args.users)
    try:
        settings.APIO_BASE_URL = sandbox.url
        reset_client()
        admin = User(username="bench-admin", role=Role.ADMIN)
        client = sandbox.client()
        someone = client.get("/api/v1/tenants/acme/search/users/").json()["users"][-1]
        client.close()
        queries = {
            "last name": someone["lastName"],
            "extension": someone["extension"],
            "national number": "0" + someone["phoneNumber"].removeprefix("+32"),
        }
        print(f"users={args.users} rounds={args.rounds}")
        for label, query in queries.items():
            cold, warm = [], []
            for _ in range(args.rounds):
                cache.clear()
                cold.append(timed_ms(lambda q=query: search_users(admin, q, "acme")))
                warm.append(timed_ms(lambda q=query: search_users(admin, q, "acme")))
            print(
                f"{label:<16} cold_ms={statistics.median(cold):.0f} "
                f"warm_ms={statistics.median(warm):.0f}"
            )
    finally:
        sandbox.stop()
        if redis_server:
            redis_server.stop()


if __name__ == "__main__":
    main()
