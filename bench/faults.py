"""What the outbox does through faults: a worker killed, Redis killed, APIO answering 5xx.

    .venv/bin/python bench/faults.py [--changes 200] [--targets 40] [--latency-ms 100]
                                     [--patience 120] [--only worker-kill,5xx,redis-kill]

Starts its own sandbox APIO, its own Redis (the embedded server on a unix socket of its own,
whatever REDIS_URL says: this one gets killed), Celery worker processes and Celery beat, with
the portal's default timers; uses DATABASE_URL when set, otherwise a fresh SQLite file through
the demo's settings. Each scenario submits `--changes` changes to `--targets` users (so that
several wait in line on each object), then:

- worker kill: kill -9 of the worker and its pool processes half-way through, a new worker
  started at once;
- Redis kill: kill -9 of Redis half-way through, half of the changes submitted while it is
  down (spread over the outage), Redis back 10 s later (nothing else restarted);
- 5xx: the sandbox answers 30% of requests with a 5xx.

and waits until every change is final, or `--patience` seconds after the fault. The table
compares what the database says with what APIO received (the sandbox's request log):
applied twice is the same change's value taken by two PUTs; out of order, a PUT carrying an
older change of an object than one APIO had already taken; lost, a change that did not end
applied, or that the database says applied while its value never reached APIO.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("SWITCHBOARD_VAR_DIR", tempfile.mkdtemp(prefix="switchboard-faults-"))
# This Redis is killed during the run: always one of our own, never the one REDIS_URL names.
REDIS_SOCKET = Path(os.environ["SWITCHBOARD_VAR_DIR"]) / "faults-redis.sock"
os.environ["REDIS_URL"] = f"unix://{REDIS_SOCKET}"
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from demo.redis import EmbeddedRedis  # noqa: E402
from portal.changes.models import ChangeStatus, PendingChange  # noqa: E402
from tests.changes.pipeline import forwarding_change, submit_all, users_with_service  # noqa: E402
from tests.processes import CeleryBeat, CeleryWorker  # noqa: E402
from tests.sandbox_process import SandboxProcess  # noqa: E402

OPEN = (ChangeStatus.QUEUED, ChangeStatus.SENDING)
REDIS_DOWN_SECONDS = 10


@dataclass
class Stack:
    sandbox: SandboxProcess
    redis: EmbeddedRedis
    environment: dict[str, str]
    workdir: Path
    workers: list[CeleryWorker] = field(default_factory=list)

    def start_worker(self) -> CeleryWorker:
        worker = CeleryWorker(self.environment, concurrency=2)
        worker.start(timeout=60)
        self.workers.append(worker)
        return worker


@dataclass
class Run:
    """One scenario's changes and what happened to the processes."""

    changes: list[PendingChange]
    submitted_at: float  # wall clock of the first submit
    fault_at: float  # wall clock of the fault
    fault: str  # what the time to the last applied is counted from
    notes: list[str] = field(default_factory=list)


def ids(changes: list[PendingChange]) -> list[int]:
    return [change.pk for change in changes]


def statuses(changes: list[PendingChange]) -> set[str]:
    return set(PendingChange.objects.filter(pk__in=ids(changes)).values_list("status", flat=True))


def wait_for(condition: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def half_way(changes: list[PendingChange]) -> None:
    """Until a push is caught in the middle: some changes applied, some being sent."""
    if not wait_for(lambda: {ChangeStatus.APPLIED, ChangeStatus.SENDING} <= statuses(changes), 60):
        raise SystemExit("no push was caught half-way: try a higher --latency-ms")


def requests_for(refs, run: int, count: int, seed: int) -> list:
    rng = random.Random(seed)  # noqa: S311 (which user gets which change, not security)
    return [
        forwarding_change(rng.choice(refs), f"+324{run}{number:07d}") for number in range(count)
    ]


# -- the scenarios ---------------------------------------------------------------------------


def worker_kill(stack: Stack, requests: list) -> Run:
    worker = stack.start_worker()
    submitted_at = time.time()
    changes = submit_all(requests)
    half_way(changes)
    worker.kill()
    fault_at = time.time()
    stack.start_worker()
    return Run(changes, submitted_at, fault_at, "the kill", ["a new worker started at once"])


def redis_kill(stack: Stack, requests: list) -> Run:
    worker = stack.start_worker()
    before, during = requests[: len(requests) // 2], requests[len(requests) // 2 :]
    submitted_at = time.time()
    changes = submit_all(before)
    half_way(changes)
    stack.redis.process.kill()  # kill -9
    stack.redis.process.wait()
    fault_at = time.time()
    # Spread over the outage: the later ones come after the push that was running has ended.
    slices = 10
    for number in range(slices):
        changes += submit_all(during[number::slices])
        time.sleep(max(0.0, fault_at + (number + 1) * REDIS_DOWN_SECONDS / slices - time.time()))
    stack.redis.process = None
    stack.redis.start()
    notes = [f"{len(during)} changes submitted while Redis was down, spread over the 10 s"]
    time.sleep(5)
    alive = worker.process.poll() is None
    notes.append(
        "the worker was still running 5 s after Redis came back"
        if alive
        else f"the worker exited (code {worker.process.returncode}) and was not restarted"
    )
    return Run(changes, submitted_at, fault_at, "the kill", notes)


def server_errors(stack: Stack, requests: list) -> Run:
    stack.start_worker()
    stack.sandbox.set_faults(error_rate=0.3)
    submitted_at = time.time()
    changes = submit_all(requests)
    return Run(changes, submitted_at, submitted_at, "the first submit")


SCENARIOS = {
    "worker-kill": ("worker kill -9", worker_kill),
    "5xx": ("30% 5xx from APIO", server_errors),
    "redis-kill": ("Redis kill -9, back after 10 s", redis_kill),
}


# -- what the platform received --------------------------------------------------------------


def taken_by_apio(sandbox: SandboxProcess) -> dict[str, list[str]]:
    """The destinations APIO took on each path (PUTs answered 200), in the order it took them."""
    taken: dict[str, list[str]] = {}
    for request in sandbox.requests():
        if request["method"] == "PUT" and request["status"] == 200:
            taken.setdefault(request["path"], []).append(request["body"]["destination"])
    return taken


def figures(run: Run, sandbox: SandboxProcess, patience: float) -> dict[str, str]:
    changes = list(PendingChange.objects.filter(pk__in=ids(run.changes)).order_by("id"))
    taken = taken_by_apio(sandbox)
    order = {change.payload["destination"]: change.pk for change in changes}
    applied = [change for change in changes if change.status == ChangeStatus.APPLIED]
    stuck = [change for change in changes if change.status in OPEN]

    # An applied change went out in its head's request, whose value is its last member's.
    groups: dict[int, list[PendingChange]] = {}
    for change in applied:
        groups.setdefault(change.merged_into_id or change.pk, []).append(change)
    never_reached = 0
    for members in groups.values():
        carried = max(members, key=lambda change: change.pk).payload["destination"]
        if carried not in taken.get(members[0].path, []):
            never_reached += len(members)
    not_applied = len(changes) - len(applied) - len(stuck)

    every = [destination for values in taken.values() for destination in values]
    duplicated = len(every) - len(set(every))
    out_of_order = 0
    for values in taken.values():
        newest = 0
        for destination in values:
            submitted = order.get(destination, 0)
            out_of_order += submitted < newest
            newest = max(newest, submitted)

    last = max((change.finished_at.timestamp() for change in applied), default=None)
    to_last = "–" if last is None else f"{last - run.fault_at:.1f} s after {run.fault}"
    return {
        "changes submitted": str(len(changes)),
        "applied": str(len(applied)),
        "lost": str(not_applied + never_reached),
        "applied twice": str(duplicated),
        "out of order": str(out_of_order),
        f"stuck (not final {patience:.0f} s after the fault)": str(len(stuck)),
        "last applied": to_last,
    }


def run_scenario(
    stack: Stack, key: str, number: int, refs: list, args
) -> tuple[dict[str, str], list[str]]:
    """The scenario's figures, and notes on what happened to its processes."""
    _, scenario = SCENARIOS[key]
    stack.sandbox.reset()  # the demo data, no faults, an empty request log
    stack.sandbox.set_faults(latency_ms=args.latency_ms)
    beat = CeleryBeat(stack.environment, stack.workdir / key)
    (stack.workdir / key).mkdir(parents=True, exist_ok=True)
    if not stack.redis.is_running():
        stack.redis.start()
    beat.start()
    try:
        run = scenario(stack, requests_for(refs, number, args.changes, seed=number))
        deadline = run.fault_at + args.patience
        finished = wait_for(
            lambda: (
                not PendingChange.objects.filter(pk__in=ids(run.changes), status__in=OPEN).exists()
            ),
            max(0.0, deadline - time.time()),
            interval=0.2,
        )
        if not finished:
            run.notes.append(f"not all final {args.patience:.0f} s after the fault")
        time.sleep(1)  # a request still on its way shows in the log
        return figures(run, stack.sandbox, args.patience), run.notes
    finally:
        beat.stop()
        while stack.workers:
            stack.workers.pop().stop()


def print_table(results: dict[str, tuple[dict[str, str], list[str]]], args) -> None:
    titles = [SCENARIOS[key][0] for key in results]
    tables = [values for values, _ in results.values()]
    rows = list(tables[0])
    when = timezone.localdate().strftime("%-d %B %Y")
    print(
        f"\n{args.changes} changes to {args.targets} users per scenario, sandbox latency "
        f"{args.latency_ms:.0f} ms, 1 worker of 2 processes, default timers ({when})\n"
    )
    print("| | " + " | ".join(titles) + " |")
    print("| --- |" + " --- |" * len(titles))
    for row in rows:
        print(f"| {row} | " + " | ".join(values[row] for values in tables) + " |")
    print()
    for key, (_, notes) in results.items():
        if notes:
            print(f"{SCENARIOS[key][0]}: {'; '.join(notes)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200, help="changes per scenario")
    parser.add_argument("--targets", type=int, default=40, help="users the changes go to")
    parser.add_argument("--users", type=int, default=400, help="demo users in the sandbox")
    parser.add_argument("--latency-ms", type=float, default=100, help="the sandbox's latency")
    parser.add_argument(
        "--patience", type=float, default=120, help="seconds after the fault before stuck"
    )
    parser.add_argument("--only", default=",".join(SCENARIOS), help="scenarios, comma-separated")
    args = parser.parse_args()
    chosen = [key.strip() for key in args.only.split(",") if key.strip()]
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")

    call_command("migrate", verbosity=0)
    workdir = Path(os.environ["SWITCHBOARD_VAR_DIR"])
    redis_server = EmbeddedRedis(REDIS_SOCKET, workdir / "faults-redis")
    redis_server.start()
    sandbox = SandboxProcess().start(
        users=args.users, env={"SANDBOX_REQUEST_LOG_SIZE": str(20 * args.changes + 5000)}
    )
    environment = dict(os.environ, APIO_BASE_URL=sandbox.url)
    os.environ["APIO_BASE_URL"] = sandbox.url
    stack = Stack(sandbox, redis_server, environment, workdir)
    results = {}
    try:
        # Users of their own for each scenario: what one left open does not hold up the next.
        refs = users_with_service(sandbox, args.targets * len(chosen))
        for number, key in enumerate(chosen, start=1):
            print(f"{SCENARIOS[key][0]}…", flush=True)
            own = refs[(number - 1) * args.targets : number * args.targets]
            results[key] = run_scenario(stack, key, number, own, args)
    finally:
        while stack.workers:
            stack.workers.pop().kill()
        sandbox.stop()
        redis_server.stop()
    print_table(results, args)


if __name__ == "__main__":
    main()
