"""Changes per second through the whole outbox pipeline, against a plain httpx loop.

    .venv/bin/python bench/push.py [--changes 300] [--targets 300] [--rounds 5] [--concurrency 2]

Starts its own sandbox APIO, Redis (embedded unless REDIS_URL is set) and one Celery worker
process; uses DATABASE_URL when set, otherwise a fresh SQLite file, through the demo's
settings (`demo.settings`: writers queued on a file lock) unless DJANGO_SETTINGS_MODULE says
otherwise (`portal.settings`: Django's own SQLite backend). Each round makes the same
PUTs to the same sandbox in a plain sequential httpx loop just before and just after the
pipeline, and as changes submitted through the portal's service (submit -> applied). Each
round's ratio sets the pipeline against the loops around it, so that both saw the same
machine (others' load on it comes and goes within seconds); the figures are medians over
the rounds. The last line is `push_ratio=<median of the rounds' pipeline rate / plain
loop rate>`.
"""

import argparse
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import stage  # first: the project importable, Django set up
from django.db import connection
from django.utils import timezone

from bench.seeding import forward_always
from portal import env
from portal.accounts.models import Role, User
from portal.apio.client import ApioClient, ApioSettings
from portal.apio.paths import user_service
from portal.changes.models import ChangeStatus, PendingChange
from portal.changes.services import submit_change
from portal.core import UserRef
from tests.changes.pipeline import users_with_service
from tests.processes import CeleryWorker
from tests.sandbox_process import ADMIN_PASSWORD, ADMIN_USERNAME, SandboxProcess


def destination(run: int, number: int) -> str:
    return f"+3247{run:02d}{number:05d}"


def plain_httpx_loop(sandbox: SandboxProcess, refs: list[UserRef], run: int, changes: int):
    client = sandbox.client()
    started = time.perf_counter()
    for number in range(changes):
        ref = refs[number % len(refs)]
        body = {"active": True, "destination": destination(run, number)}
        client.put(user_service(ref, "cfa"), json=body).raise_for_status()
    elapsed = time.perf_counter() - started
    client.close()
    return changes / elapsed


def plain_portal_client_loop(sandbox: SandboxProcess, refs: list[UserRef], run: int, changes: int):
    """The same loop through the portal's own APIO client, for comparison."""
    client = ApioClient(ApioSettings(sandbox.url, ADMIN_USERNAME, ADMIN_PASSWORD))
    client.sign_in()
    started = time.perf_counter()
    for number in range(changes):
        ref = refs[number % len(refs)]
        body = {"active": True, "destination": destination(run, number)}
        client.put(user_service(ref, "cfa"), body)
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
    sandbox: SandboxProcess,
    refs: list[UserRef],
    run: int,
    changes: int,
    submitters: int = 1,
    snapshot: tuple[dict, datetime] | None = None,
):
    """Changes per second from the first submit to the last applied, and each one's latency.

    With several `submitters`, the changes are submitted from that many threads at once (as
    several people saving at the same moment), each taking every n-th change.
    """
    values, loaded_at = snapshot or current_values(sandbox, refs)
    actor, _ = User.objects.get_or_create(username="bench", defaults={"role": Role.HELPDESK})
    started = time.perf_counter()
    submitted: list[int] = []

    def submit_share(first: int) -> None:
        try:
            for number in range(first, changes, submitters):
                ref = refs[number % len(refs)]
                request = forward_always(
                    ref, destination(run + 50, number), values[ref.user_id], loaded_at
                )
                submitted.append(submit_change(actor, request).pk)
        finally:
            if submitters > 1:
                # Each thread's own connection; its server process ends with it, so its CPU
                # is counted here (`measured` sees only the processes alive at the end).
                if connection.vendor == "postgresql" and connection.connection:
                    pid = connection.connection.info.backend_pid
                    ended_database_cpu.append(process_cpu_seconds(pid))
                connection.close()

    if submitters == 1:
        submit_share(0)
    else:
        threads = [threading.Thread(target=submit_share, args=(n,)) for n in range(submitters)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if len(submitted) != changes:
        raise SystemExit("some submits failed")
    submitted.sort()
    deadline = time.monotonic() + 45
    open_statuses = (ChangeStatus.QUEUED, ChangeStatus.SENDING)
    these = PendingChange.objects.filter(pk__range=(submitted[0], submitted[-1]))
    while these.filter(status__in=open_statuses).exists():
        if time.monotonic() > deadline:
            counts = PendingChange.objects.filter(pk__in=submitted).values_list("status")
            raise SystemExit(f"the pipeline did not finish in time: {sorted(set(counts))}")
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    done = PendingChange.objects.filter(pk__in=submitted)
    if set(done.values_list("status", flat=True)) != {ChangeStatus.APPLIED}:
        raise SystemExit("some changes did not end applied")
    latencies = [(c.finished_at - c.created_at).total_seconds() for c in done]
    return changes / elapsed, latencies


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and the processes of its group (Linux /proc)."""
    group = subprocess.run(
        ["pgrep", "-g", str(os.getpgid(pid))], capture_output=True, text=True, check=False
    )
    total = 0.0
    for member in {pid, *map(int, group.stdout.split())}:
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_cpu() -> dict[int, float]:
    """CPU time of each PostgreSQL server process serving this database (none for SQLite)."""
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        return {pid: process_cpu_seconds(pid) for (pid,) in cursor.fetchall()}


# The CPU of the database server processes that ended during a round (the submitting threads').
ended_database_cpu: list[float] = []


def measured(call: Callable, pids: dict[str, int]):
    ended_database_cpu.clear()
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    database_before = database_cpu()
    own = time.process_time()
    result = call()
    spent = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
    spent["submitting"] = time.process_time() - own
    if connection.vendor == "postgresql":
        # The workers' and this process's connections are kept open (CONN_MAX_AGE); the
        # submitting threads' end with the round and tell their CPU as they go.
        after = database_cpu()
        spent["postgresql"] = sum(
            after[pid] - database_before.get(pid, 0.0) for pid in after
        ) + sum(ended_database_cpu)
    return result, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=300, help="PUTs per run")
    parser.add_argument("--users", type=int, default=400, help="demo users in the sandbox")
    parser.add_argument(
        "--targets", type=int, default=300, help="users the changes go to, round robin"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=2, help="the worker's processes")
    parser.add_argument(
        "--submitters", type=int, default=1, help="threads submitting the changes at once"
    )
    args = parser.parse_args()

    redis_server = stage.migrated_with_redis()
    sandbox = SandboxProcess().start(users=args.users)
    os.environ["APIO_BASE_URL"] = sandbox.url
    worker_env = dict(os.environ, REDIS_URL=env.redis_url())
    worker = CeleryWorker(worker_env, concurrency=args.concurrency)
    plain, portal_client, rates, ratios, latencies, cpu = [], [], [], [], [], []
    try:
        refs = users_with_service(sandbox, args.targets)
        worker.start()
        pipeline(sandbox, refs[-20:], 0, 20)  # warm up: connections, sign-in, worker processes
        pids = {"worker": worker.process.pid, "sandbox": sandbox.process.pid}
        for run in range(1, args.rounds + 1):
            before = plain_httpx_loop(sandbox, refs, run, args.changes)
            snapshot = current_values(sandbox, refs)  # read before the clock starts
            (rate, times), spent = measured(
                lambda run=run, snapshot=snapshot: pipeline(
                    sandbox, refs, run, args.changes, args.submitters, snapshot
                ),
                pids,
            )
            after = plain_httpx_loop(sandbox, refs, run + 100, args.changes)
            portal_client.append(plain_portal_client_loop(sandbox, refs, run + 20, args.changes))
            # The loop's rate over both runs (as many PUTs in each: the harmonic mean), the
            # one just before and the one just after: the load the pipeline saw.
            around = 2 / (1 / before + 1 / after)
            plain.append(around)
            rates.append(rate)
            ratios.append(rate / around)
            latencies += times
            cpu.append(spent)
    finally:
        worker.stop()
        sandbox.stop()
        if redis_server:
            redis_server.stop()
    plain_rate, rate = statistics.median(plain), statistics.median(rates)
    per_change = {
        name: statistics.median(spent[name] for spent in cpu) * 1000 / args.changes
        for name in cpu[0]
    }
    print(f"changes:            {args.changes} PUTs to {len(refs)} users, round robin, "
          f"{args.rounds} rounds, medians")  # fmt: skip
    print(f"plain httpx loop:   {plain_rate:8.1f} PUT/s (sequential, one connection, before "
          f"and after each pipeline; rounds {', '.join(f'{r:.0f}' for r in plain)})")  # fmt: skip
    print(f"plain loop, portal's APIO client: {statistics.median(portal_client):8.1f} PUT/s")
    rounds = ", ".join(f"{r:.0f}" for r in rates)
    print(f"pipeline:           {rate:8.1f} changes/s (submit -> applied, {args.submitters} "
          f"submitting, 1 worker of {args.concurrency} processes; rounds {rounds})")  # fmt: skip
    print(f"submit -> applied:  p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms")  # fmt: skip
    print("CPU per change:     " + ", ".join(f"{k} {v:.1f} ms" for k, v in per_change.items()))
    print(f"ratio per round:    {', '.join(f'{r:.2f}' for r in ratios)}")
    print(f"push_ratio={statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
