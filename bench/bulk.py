"""A bulk edit: 1,000 changes submitted at once, from the first submit to the last applied,
with a Celery worker of 1 and of 2 processes.

    .venv/bin/python bench/bulk.py [--changes 1000] [--targets 500] [--processes 1 2]

Starts its own sandbox APIO, Redis (embedded unless REDIS_URL is set) and, for each count of
processes in turn, one Celery worker with that concurrency; uses DATABASE_URL when set,
otherwise a fresh SQLite file (`demo.settings`). The changes set the call forwarding of
`--targets` users, round robin, submitted one after the other through the portal's service
as fast as it takes them (as a bulk import would). Prints, for each worker: how long the
submits took, the time to the last change applied, changes per second, and each change's
submit -> applied latency (p50, p95).
"""

import argparse
import os
import statistics
import time

import stage  # first: the project importable, Django set up
from django.utils import timezone

from bench.push import current_values, destination, percentile
from bench.seeding import forward_always
from portal import env
from portal.accounts.models import Role, User
from portal.changes.models import ChangeStatus, PendingChange
from portal.changes.services import submit_change
from tests.changes.pipeline import users_with_service
from tests.processes import CeleryWorker
from tests.sandbox_process import SandboxProcess

OPEN = (ChangeStatus.QUEUED, ChangeStatus.SENDING)


def bulk(refs, run: int, changes: int, values: dict, loaded_at) -> dict:
    actor, _ = User.objects.get_or_create(username="bench-bulk", defaults={"role": Role.HELPDESK})
    started = time.perf_counter()
    ids = []
    for number in range(changes):
        ref = refs[number % len(refs)]
        request = forward_always(ref, destination(run, number), values[ref.user_id], loaded_at)
        ids.append(submit_change(actor, request).pk)
    submitted = time.perf_counter() - started
    these = PendingChange.objects.filter(pk__in=ids)
    deadline = time.monotonic() + 120
    while these.filter(status__in=OPEN).exists():
        if time.monotonic() > deadline:
            raise SystemExit("the changes were not all done within two minutes")
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    statuses = set(these.values_list("status", flat=True))
    if statuses != {ChangeStatus.APPLIED}:
        raise SystemExit(f"some changes did not end applied: {statuses}")
    latencies = [(c.finished_at - c.created_at).total_seconds() for c in these]
    requests = these.filter(merged_into__isnull=True).count()
    return {
        "submitted": submitted,
        "elapsed": elapsed,
        "latencies": latencies,
        "requests": requests,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--targets", type=int, default=500, help="users, round robin")
    parser.add_argument("--users", type=int, default=800, help="demo users in the sandbox")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    redis_server = stage.migrated_with_redis()
    sandbox = SandboxProcess().start(users=args.users)
    os.environ["APIO_BASE_URL"] = sandbox.url
    worker_env = dict(os.environ, REDIS_URL=env.redis_url())
    results = {}
    try:
        refs = users_with_service(sandbox, args.targets)
        for run, processes in enumerate(args.processes, start=1):
            worker = CeleryWorker(worker_env, concurrency=processes)
            worker.start()
            try:
                values, loaded_at = current_values(sandbox, refs)
                # Warm up first: connections, sign-in, the worker's processes.
                bulk(refs[-20:], run + 50, 20, values, loaded_at)
                values, loaded_at = current_values(sandbox, refs)
                results[processes] = bulk(refs, run, args.changes, values, loaded_at)
            finally:
                worker.stop()
    finally:
        sandbox.stop()
        if redis_server:
            redis_server.stop()
    print(f"changes={args.changes} to {len(refs)} users, round robin ({timezone.now():%Y-%m-%d})")
    for processes, found in results.items():
        latencies = found["latencies"]
        print(
            f"worker of {processes} process{'es' if processes > 1 else ''}: "
            f"submits {found['submitted']:.1f} s, last applied after {found['elapsed']:.1f} s, "
            f"{args.changes / found['elapsed']:.0f} changes/s, "
            f"submit -> applied p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
