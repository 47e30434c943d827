"""Changes per second through the whole outbox pipeline, against a plain httpx loop.

    .venv/bin/python bench/push.py [--changes 300] [--targets 300] [--concurrency 4]

Starts its own sandbox APIO, Redis (embedded unless REDIS_URL is set) and one Celery worker
process; uses DATABASE_URL when set, otherwise a fresh SQLite file. Both runs make the same
PUTs to the same sandbox. The last line is `push_ratio=<pipeline rate / plain loop rate>`.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("SWITCHBOARD_VAR_DIR", tempfile.mkdtemp(prefix="switchboard-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from portal import env  # noqa: E402
from portal.accounts.models import Role, User  # noqa: E402
from portal.apio.paths import UserRef, user_service  # noqa: E402
from portal.changes.models import ChangeStatus, PendingChange  # noqa: E402
from portal.changes.services import ChangeRequest, submit_change  # noqa: E402
from portal.stack.redis import EmbeddedRedis  # noqa: E402
from tests.changes.pipeline import users_with_service  # noqa: E402
from tests.processes import CeleryWorker  # noqa: E402
from tests.sandbox_process import SandboxProcess  # noqa: E402


def plain_loop(sandbox: SandboxProcess, refs: list[UserRef], changes: int) -> float:
    client = sandbox.client()
    started = time.perf_counter()
    for number in range(changes):
        ref = refs[number % len(refs)]
        body = {"active": True, "destination": f"+32470{number:06d}"}
        client.put(user_service(ref, "cfa"), json=body).raise_for_status()
    elapsed = time.perf_counter() - started
    client.close()
    return changes / elapsed


def current_values(sandbox: SandboxProcess, refs: list[UserRef]) -> tuple[dict, datetime]:
    """What each form would have loaded (the snapshot its change carries), and when."""
    loaded_at = timezone.now()
    client = sandbox.client()
    values = {ref.user_id: client.get(user_service(ref, "cfa")).json() for ref in refs}
    client.close()
    return values, loaded_at


def pipeline(
    refs: list[UserRef], loaded: tuple[dict, datetime], changes: int, timeout: float = 45.0
) -> tuple[float, list]:
    values, loaded_at = loaded
    actor, _ = User.objects.get_or_create(username="bench", defaults={"role": Role.HELPDESK})
    started = time.perf_counter()
    submitted = []
    for number in range(changes):
        ref = refs[number % len(refs)]
        request = ChangeRequest(
            target=ref,
            feature="call-forwarding/always",
            definition="call_forwarding",
            method="PUT",
            path=user_service(ref, "cfa"),
            payload={"active": True, "destination": f"+32471{number:06d}"},
            snapshot={k: values[ref.user_id].get(k) for k in ("active", "destination")},
            loaded_at=loaded_at,
        )
        submitted.append(submit_change(actor, request).pk)
    deadline = time.monotonic() + timeout
    open_statuses = (ChangeStatus.QUEUED, ChangeStatus.SENDING)
    while PendingChange.objects.filter(pk__in=submitted, status__in=open_statuses).exists():
        if time.monotonic() > deadline:
            counts = PendingChange.objects.filter(pk__in=submitted).values_list("status")
            raise SystemExit(f"the pipeline did not finish in time: {sorted(set(counts))}")
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    done = PendingChange.objects.filter(pk__in=submitted)
    if set(done.values_list("status", flat=True)) != {ChangeStatus.APPLIED}:
        raise SystemExit("some changes did not end applied")
    latencies = [(c.finished_at - c.created_at).total_seconds() for c in done]
    return changes / elapsed, latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=300)
    parser.add_argument("--users", type=int, default=400, help="demo users in the sandbox")
    parser.add_argument(
        "--targets", type=int, default=300, help="users the changes go to, round robin"
    )
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    redis_server = EmbeddedRedis(env.embedded_redis_socket()) if env.uses_embedded_redis() else None
    if redis_server:
        redis_server.start()
    sandbox = SandboxProcess().start(users=args.users)
    worker_env = dict(os.environ, APIO_BASE_URL=sandbox.url, REDIS_URL=env.redis_url())
    worker = CeleryWorker(worker_env, concurrency=args.concurrency)
    try:
        refs = users_with_service(sandbox, args.targets)
        plain_rate = plain_loop(sandbox, refs, args.changes)
        os.environ["APIO_BASE_URL"] = sandbox.url
        worker.start()
        loaded = current_values(sandbox, refs)
        pipeline(refs[-20:], loaded, 20)  # warm up: connections, sign-in, worker processes
        rate, latencies = pipeline(refs, current_values(sandbox, refs), args.changes)
    finally:
        worker.stop()
        sandbox.stop()
        if redis_server:
            redis_server.stop()
    print(f"changes:            {args.changes} PUTs to {len(refs)} users, round robin")
    print(f"plain httpx loop:   {plain_rate:8.1f} PUT/s (sequential, one connection)")
    print(f"pipeline:           {rate:8.1f} changes/s (submit -> applied, 1 worker, "
          f"concurrency {args.concurrency})")  # fmt: skip
    print(f"submit -> applied:  p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms")  # fmt: skip
    print(f"push_ratio={rate / plain_rate:.2f}")


if __name__ == "__main__":
    main()
