"""Server time of a supervisor's agent list with 2,000 agents, against a trivial page.

    .venv/bin/python bench/agent_list.py [--users 2000] [--requests 200]

Starts its own sandbox APIO (with `--users` demo users: supervisor3 supervises the Support
line's min(2,000, users) agents) and Redis (embedded unless REDIS_URL is set); uses
DATABASE_URL when set, otherwise a fresh SQLite file (`demo.settings`). Signed in as
supervisor3, it asks each page `--requests` times through Django's test client (the whole
request: middleware, session, view, template; no network), in turns so that both see the
same machine:

- trivial: the person's preferences page (signed in, the same header and menus);
- agents: the agent list, first page, in name order (APIO's answer read from the cache);
- agents sorted+searched: sorted by extension, with a name typed ("mar");
- agents csv: every agent as CSV;
- agents cold: the agent list with the cache emptied first (APIO read again).

Figures are p50 and p95 in milliseconds; `ratio` is each p50 over the trivial page's p50.
"""

import argparse
import statistics
import time

import stage  # first: the project importable, Django set up
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from portal.accounts.models import Role, User
from portal.apio.client import reset_client
from tests.sandbox_process import SandboxProcess

SUPERVISOR = "supervisor3@acme.example"
CALL_CENTER = "cc-support@acme.example"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    redis_server = stage.migrated_with_redis()
    sandbox = SandboxProcess().start(users=args.users)
    try:
        settings.APIO_BASE_URL = sandbox.url
        reset_client()
        cache.clear()
        user, _ = User.objects.update_or_create(
            username="bench-supervisor",
            defaults={
                "role": Role.SUPERVISOR,
                "apio_user_id": SUPERVISOR,
                "apio_tenant_id": "acme",
                "apio_group_id": "acme-support",
            },
        )
        client = Client()
        client.force_login(user)
        agents = reverse("supervision:agent_list", args=[CALL_CENTER])
        export = reverse("supervision:agent_export", args=[CALL_CENTER])

        def clear_then(path: str, query: dict | None = None):
            cache.clear()
            return client.get(path, query or {})

        pages = {
            "trivial": lambda: client.get(reverse("accounts:preferences")),
            "agents": lambda: client.get(agents),
            "agents sorted+searched": lambda: client.get(agents, {"sort": "extension", "q": "mar"}),
            "agents csv": lambda: client.get(export),
            "agents cold": lambda: clear_then(agents),
        }
        first = client.get(agents)
        assert first.status_code == 200, first.status_code
        shown = first.content.decode()
        count = len(
            sandbox.client()
            .get(
                f"/api/v1/tenants/acme/groups/acme-support/services/call_centers/{CALL_CENTER}"
                f"/supervisors/{SUPERVISOR}/agents/"
            )
            .json()["agents"]
        )
        assert f"of {count:,} agents" in shown or f"of {count} agents" in shown, "no true count"
        timings: dict[str, list[float]] = {label: [] for label in pages}
        for label, ask in pages.items():  # warm each once
            assert ask().status_code == 200, label
        for _ in range(args.requests):
            for label, ask in pages.items():
                started = time.perf_counter()
                response = ask()
                timings[label].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (label, response.status_code)
        print(f"agents={count} requests={args.requests} (test client, ms)")
        trivial = statistics.median(timings["trivial"])
        for label, values in timings.items():
            p50, p95 = statistics.median(values), stage.percentile(values, 0.95)
            print(f"{label:<24} p50_ms={p50:.1f} p95_ms={p95:.1f} ratio={p50 / trivial:.1f}")
        agents_p50 = statistics.median(timings["agents"])
        print(f"agent_list_ratio={agents_p50 / trivial:.1f}")
    finally:
        sandbox.stop()
        if redis_server:
            redis_server.stop()


if __name__ == "__main__":
    main()
