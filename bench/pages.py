"""Server time of the portal's heavy pages, each next to a trivial page and to APIO itself.

    .venv/bin/python bench/pages.py [--users 20000] [--requests 30] [--cold 8] [--rows 100000]

Starts its own sandbox APIO (`--users` demo users) and Redis (embedded unless REDIS_URL is
set); uses DATABASE_URL when set, otherwise a fresh SQLite file (`demo.settings`). It files
`--rows` pending changes and as many audit entries, gives user00001 200 conferences (the demo
spreads them over several hosts), then asks each page through Django's test client (the whole
request: middleware, session, view, template; no network), in turns so that every page sees
the same machine:

- floor: the signed-in home page of a helpdesk person (a template, no APIO call);
- user page, call forwarding, voice messaging (user00001); selective forwarding with 50 rules
  (user00003); conferences (user00001, 200 conferences); the agent list (supervisor3, 2,000
  agents); "Find a user" over the tenant (a last name); the changes and the audit lists.

Each page is timed cached (what a second look finds in Redis) and cold (the cache emptied just
before, so every APIO read is made again). "apio" is the backend's own cost for the same data:
the very requests the cold page made, sent one after the other through the portal's APIO client.
"calls" is how many APIO requests the cold page made and "wall" the time from the first one's
start to the last one's end: side by side, it is less than their sum. "queries" counts the
database queries of a cached page. Ratios are p95 over the floor's p95; a cold page is within
target when its p95 is under 3 x floor p95 + apio p95. The last line is
`worst_page_ratio=<largest cached p95 ratio to the floor>`.
"""

import argparse
import logging
import statistics
import threading
import time

import stage  # first: the project importable, Django set up
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.seeding import add_conferences, file_audit_entries, file_changes
from portal.accounts.models import Role, Scope, User
from portal.apio import client as apio_client
from portal.apio.client import get_client, reset_client
from tests.sandbox_process import SandboxProcess

TENANT, HQ = "acme", "acme-hq"
EVERYTHING = "user00001@acme.example"
FIFTY_RULES = "user00003@acme.example"
SUPERVISOR = "supervisor3@acme.example"
CALL_CENTER = "cc-support@acme.example"


class CallLog:
    """Every APIO request this process makes while recording: (method, path, body, start, end)."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.recording = False
        self._lock = threading.Lock()
        original = apio_client.ApioClient.request

        def request(client, method, path, body=apio_client._NO_BODY):
            started = time.perf_counter()
            try:
                return original(client, method, path, body)
            finally:
                if self.recording:
                    with self._lock:
                        self.calls.append((method, path, body, started, time.perf_counter()))

        apio_client.ApioClient.request = request

    def record(self, ask) -> list[tuple]:
        self.calls, self.recording = [], True
        try:
            ask()
        finally:
            self.recording = False
        return self.calls


def timed_ms(ask) -> float:
    started = time.perf_counter()
    response = ask()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed


def sign_in() -> tuple[Client, Client]:
    helpdesk, _ = User.objects.update_or_create(
        username="bench-helpdesk", defaults={"role": Role.HELPDESK}
    )
    Scope.objects.get_or_create(user=helpdesk, tenant_id=TENANT, group_id="")
    supervisor, _ = User.objects.update_or_create(
        username="bench-supervisor",
        defaults={
            "role": Role.SUPERVISOR,
            "apio_user_id": SUPERVISOR,
            "apio_tenant_id": TENANT,
            "apio_group_id": "acme-support",
        },
    )
    staff, agents = Client(), Client()
    staff.force_login(helpdesk)
    agents.force_login(supervisor)
    return staff, agents


def pages(staff: Client, agents: Client, last_name: str, rules_group: str) -> dict:
    """label -> a look at the page."""

    def user_url(name: str, user_id: str = EVERYTHING, *extra) -> str:
        return reverse(name, args=[TENANT, HQ, user_id, *extra])

    def get(client: Client, url: str, query: dict | None = None):
        return lambda: client.get(url, query or {})

    return {
        "floor (home)": get(staff, reverse("home")),
        "user page": get(staff, user_url("directory:user_detail")),
        "call forwarding": get(staff, user_url("features:feature", EVERYTHING, "call-forwarding")),
        "voice messaging": get(staff, user_url("features:feature", EVERYTHING, "voice-messaging")),
        "50 rules": get(
            staff,
            reverse(
                "features:feature", args=[TENANT, rules_group, FIFTY_RULES, "selective-forwarding"]
            ),
        ),
        "200 conferences": get(staff, user_url("features:conferences")),
        "2,000 agents": get(agents, reverse("supervision:agent_list", args=[CALL_CENTER])),
        "search 20,000": get(
            staff, reverse("directory:user_search"), {"q": last_name, "tenant": TENANT}
        ),
        "changes 100,000": get(staff, reverse("changes:change_list")),
        "audit 100,000": get(staff, reverse("accounts:audit_list")),
    }


def profile(ask, looks: int) -> None:
    """The functions a page's cached looks spend most time in, their own time first."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(looks):
        ask()
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(120)


def replay_ms(calls: list[tuple]) -> float:
    """The backend's own cost: the same requests, one after the other, no page around them."""
    client = get_client()
    started = time.perf_counter()
    for method, path, body, *_ in calls:
        client.request(method, path, body)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=30, help="cached looks at each page")
    parser.add_argument("--cold", type=int, default=8, help="cold looks at each page")
    parser.add_argument("--rows", type=int, default=100_000, help="changes and audit entries")
    parser.add_argument(
        "--profile", metavar="PAGE", help="instead: where a cached look at PAGE spends its time"
    )
    args = parser.parse_args()
    # Every APIO request is logged at INFO; here that would be thousands of lines.
    logging.getLogger("portal.apio").setLevel(logging.WARNING)
    began = time.perf_counter()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    redis_server = stage.migrated_with_redis()
    # The sandbox builds its 20,000 users in its own process while the rows are filed here.
    sandbox = SandboxProcess()
    starting = threading.Thread(target=sandbox.start, kwargs={"users": args.users})
    starting.start()
    log = CallLog()
    try:
        cache.clear()
        staff, agents = sign_in()
        file_changes(User.objects.get(username="bench-helpdesk"), args.rows)
        file_audit_entries(User.objects.get(username="bench-helpdesk"), args.rows)
        filed = time.perf_counter() - began
        starting.join()
        settings.APIO_BASE_URL = sandbox.url
        reset_client()
        apio = sandbox.client()
        add_conferences(apio, TENANT, HQ, EVERYTHING, total=200)
        found = apio.get(f"/api/v1/tenants/{TENANT}/search/users/").json()["users"]
        last_name = found[-1]["lastName"]
        rules_group = next(
            group
            for group in ("acme-hq", "acme-sales", "acme-support")
            if apio.request(
                "GET",
                f"/api/v1/tenants/{TENANT}/groups/{group}/users/",
                json={"insensitiveUserIdEquals": FIFTY_RULES},
            ).json()["users"]
        )
        apio.close()
        print(f"set up in {time.perf_counter() - began:.0f} s (rows filed in {filed:.0f} s)")
        asks = pages(staff, agents, last_name, rules_group)
        for label, ask in asks.items():  # warm each once: connections, templates, caches
            assert ask().status_code == 200, label
        if args.profile:
            return profile(asks[args.profile], args.requests)
        queries = {}
        for label, ask in asks.items():
            with CaptureQueriesContext(connection) as captured:
                ask()
            queries[label] = len(captured.captured_queries)
        cached = {label: [] for label in asks}
        for _ in range(args.requests):
            for label, ask in asks.items():
                cached[label].append(timed_ms(ask))
        cold = {label: [] for label in asks}
        apio_ms = {label: [] for label in asks}
        calls_of: dict[str, list[tuple]] = {}
        for _ in range(args.cold):
            for label, ask in asks.items():
                cache.clear()
                started = time.perf_counter()
                calls = log.record(ask)
                cold[label].append((time.perf_counter() - started) * 1000)
                calls_of[label] = calls
                apio_ms[label].append(replay_ms(calls) if calls else 0.0)
    finally:
        sandbox.stop()
        if redis_server:
            redis_server.stop()
    floor = stage.percentile(cached["floor (home)"], 0.95)
    floor_cold = stage.percentile(cold["floor (home)"], 0.95)
    print(f"users={args.users} rows={args.rows} requests={args.requests} cold={args.cold} "
          f"(test client, ms; p95 ratios to the floor's p95)")  # fmt: skip
    header = (
        f"{'page':<17}{'p50':>7}{'p95':>7}{'ratio':>7} | {'cold50':>7}{'cold95':>7}"
        f"{'apio95':>7}{'limit':>7} {'ok':<3}| {'calls':>5}{'sum':>6}{'wall':>6}{'queries':>8}"
    )
    print(header)
    worst = 0.0
    for label in asks:
        p50, p95 = statistics.median(cached[label]), stage.percentile(cached[label], 0.95)
        ratio = p95 / floor
        c50, c95 = statistics.median(cold[label]), stage.percentile(cold[label], 0.95)
        backend = stage.percentile(apio_ms[label], 0.95)
        limit = 3 * floor_cold + backend
        calls = calls_of[label]
        spent = sum(end - start for *_, start, end in calls) * 1000
        wall = (max(c[4] for c in calls) - min(c[3] for c in calls)) * 1000 if calls else 0.0
        if label != "floor (home)":
            worst = max(worst, ratio)
        print(
            f"{label:<17}{p50:7.1f}{p95:7.1f}{ratio:7.1f} | {c50:7.1f}{c95:7.1f}{backend:7.1f}"
            f"{limit:7.1f} {'yes' if c95 <= limit else 'NO':<3}| {len(calls):5d}{spent:6.0f}"
            f"{wall:6.0f}{queries[label]:8d}"
        )
    print(f"took {time.perf_counter() - began:.0f} s")
    print(f"worst_page_ratio={worst:.1f}")


if __name__ == "__main__":
    main()
