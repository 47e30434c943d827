"""Server time of the portal's heavy pages, each next to a trivial page and to APIO itself.

    .venv/bin/python bench/pages.py [--users 20000] [--requests 30] [--cold 8] [--rows 100000]
    .venv/bin/python bench/pages.py --profile "user page" [--cold-profile]

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

`--profile PAGE` prints where a cached look at PAGE spends its time (cProfile); with
`--cold-profile`, where a cold look does: for each of `--cold` looks, its time before, between
and after its APIO reads, this process's CPU time, the sandbox's own time and CPU time, the
round trips to Redis and the garbage collector's time, next to a replay of the same reads; the
reads of the median look one by one; then a cProfile of the request's thread and of the read
pool's threads together.
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


class RedisLog:
    """How many round trips to Redis this process makes, and how long they take, while counting
    (a pipeline is one)."""

    def __init__(self) -> None:
        import redis.client

        self.trips, self.seconds, self._lock = 0, 0.0, threading.Lock()
        for owner, name in ((redis.client.Redis, "execute_command"),
                            (redis.client.Pipeline, "execute")):  # fmt: skip
            self._wrap(owner, name)

    def _wrap(self, owner, name: str) -> None:
        original = getattr(owner, name)

        def counted(client, *args, **kwargs):
            started = time.perf_counter()
            try:
                return original(client, *args, **kwargs)
            finally:
                with self._lock:
                    self.trips += 1
                    self.seconds += time.perf_counter() - started

        setattr(owner, name, counted)

    def reset(self) -> None:
        with self._lock:
            self.trips, self.seconds = 0, 0.0


class GcLog:
    """How long the garbage collector ran (all generations), while counting."""

    def __init__(self) -> None:
        import gc

        self.seconds, self.runs, self._started = 0.0, 0, 0.0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.runs += 1

    def reset(self) -> None:
        self.seconds, self.runs = 0.0, 0


def cpu_ms(pid: int) -> float:
    """The CPU time a process (all its threads) has had so far, in ms (Linux schedstat)."""
    from pathlib import Path

    tasks = Path(f"/proc/{pid}/task")
    return sum(int((task / "schedstat").read_text().split()[0]) for task in tasks.iterdir()) / 1e6


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

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(looks):
        ask()
    profiler.disable()
    print_profile([profiler])


def print_profile(profilers: list) -> None:
    import pstats

    stats = pstats.Stats(profilers[0])
    for other in profilers[1:]:
        stats.add(other)
    stats.strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(120)


class PooledProfiles:
    """A profile of every read the page sends side by side, each in its pool thread: cProfile
    sees only the thread it was enabled in, and a cold page does most of its reading there."""

    def __init__(self) -> None:
        from portal.reads import together

        self.profilers: list = []
        self._together = together
        self._pool = together._pool
        outer = self

        class Profiled:
            def get(self):
                return outer

        together._pool = Profiled()

    def submit(self, read):
        import cProfile

        def profiled():
            profiler = cProfile.Profile()
            profiler.enable()
            try:
                return read()
            finally:
                profiler.disable()
                self.profilers.append(profiler)

        return self._pool.get().submit(profiled)

    def close(self) -> None:
        self._together._pool = self._pool


def cold_profile(ask, looks: int, log: "CallLog", sandbox: SandboxProcess) -> None:
    """Where a cold look's time goes: first a timeline of plain looks (no profiler: the page's
    own time before, between and after its APIO reads, this process's CPU time, all threads,
    and the sandbox's own time for the reads), then a cProfile of as many cold looks, the
    request's thread and the read pool's together."""
    import cProfile

    columns = (
        f"{'look':>4}{'total':>8}{'cpu':>8}{'before':>8}{'reads':>8}{'after':>8}{'calls':>6}"
        f"{'sum':>7}{'server':>8}{'sbcpu':>6}{'redis':>6}{'in':>6}{'gc':>6} |"
        f"{'replay':>7}{'server':>7}{'sbcpu':>6}"
    )
    print(columns)
    print(
        "  (ms; reads: first APIO start to last end; sum: their client times; server: the"
        " sandbox's own time for them (its log); sbcpu: the sandbox process's CPU time; redis:"
        " round trips, their time; gc: the garbage collector's time; replay: the same reads"
        " one after the other, then the sandbox's time and CPU time for them)"
    )
    redis_log, gc_log = RedisLog(), GcLog()
    walls, cpus = [], []
    for _ in range(looks):
        cpu, started = time.process_time(), time.perf_counter()
        ask()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    print(f"{'cached':>6}{statistics.median(walls):6.1f}{statistics.median(cpus):8.1f}"
          "  (medians)")  # fmt: skip
    timelines = []
    for look in range(looks):
        cache.clear()
        sandbox.clear_requests()
        redis_log.reset()
        gc_log.reset()
        sandbox_cpu = cpu_ms(sandbox.process.pid)
        cpu, started = time.process_time(), time.perf_counter()
        calls = log.record(ask)
        ended, cpu = time.perf_counter(), time.process_time() - cpu
        sandbox_cpu = cpu_ms(sandbox.process.pid) - sandbox_cpu
        trips, redis_seconds, gc_seconds = redis_log.trips, redis_log.seconds, gc_log.seconds
        served = sandbox.requests()
        sandbox.clear_requests()
        replay_cpu = cpu_ms(sandbox.process.pid)
        replayed = replay_ms(calls)
        replay_cpu = cpu_ms(sandbox.process.pid) - replay_cpu
        replay_served = sum(entry["ms"] for entry in sandbox.requests())
        first = min((c[3] for c in calls), default=ended)
        last = max((c[4] for c in calls), default=ended)
        spent = sum(end - start for *_, start, end in calls)
        timelines.append(((ended - started) * 1000, look, calls, served))
        print(
            f"{look:4d}{(ended - started) * 1000:8.1f}{cpu * 1000:8.1f}"
            f"{(first - started) * 1000:8.1f}{(last - first) * 1000:8.1f}"
            f"{(ended - last) * 1000:8.1f}{len(calls):6d}{spent * 1000:7.1f}"
            f"{sum(entry['ms'] for entry in served):8.1f}{sandbox_cpu:6.1f}"
            f"{trips:6d}{redis_seconds * 1000:6.1f}"
            f"{gc_seconds * 1000:6.1f} |{replayed:7.1f}{replay_served:7.1f}{replay_cpu:6.1f}"
        )
    _, look, calls, served = sorted(timelines)[len(timelines) // 2]
    print(f"the reads of look {look} (the median): start, client time, server time")
    server_ms = {(entry["method"], entry["raw_path"]): entry["ms"] for entry in served}
    first = min((c[3] for c in calls), default=0.0)
    for method, path, body, start, end in sorted(calls, key=lambda call: call[3]):
        shown = "" if body is apio_client._NO_BODY else f" {body}"
        at, took = (start - first) * 1000, (end - start) * 1000
        print(f"  {at:6.1f} +{took:5.1f} {server_ms.get((method, path), 0):5.1f} "
              f"{method} {path}{shown}")  # fmt: skip
    pooled = PooledProfiles()
    profiler = cProfile.Profile()
    try:
        for _ in range(looks):
            cache.clear()
            profiler.enable()
            ask()
            profiler.disable()
    finally:
        pooled.close()
    print_profile([profiler, *pooled.profilers])


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
    parser.add_argument(
        "--cold-profile",
        action="store_true",
        help="with --profile: where a cold look spends its time (--cold looks)",
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
        if args.profile and args.cold_profile:
            return cold_profile(asks[args.profile], args.cold, log, sandbox)
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
