"""Requests per second of the sandbox APIO on loopback, for a typical GET and a typical PUT.

    .venv/bin/python bench/sandbox.py [--users 2000] [--clients 8] [--seconds 5]

Starts its own sandbox on a temporary database, signs in as the portal's system account, then
keeps `--clients` connections busy (one thread and one keep-alive httpx client each) on
GET …/services/cfa/ and then on PUT …/services/cfa/ with a valid body. The last line is
machine-readable: sandbox_get_rps=<n> sandbox_put_rps=<n>.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.sandbox_process import SandboxProcess  # noqa: E402

CFA = "/api/v1/tenants/acme/groups/acme-hq/users/user00001@acme.example/services/cfa/"
PUT_BODIES = (
    {"active": True, "destination": "+3225551234", "ringSplashActive": False},
    {"active": False, "destination": "+3225551234", "ringSplashActive": True},
)


def hammer(
    sandbox: SandboxProcess, method: str, clients: int, seconds: float
) -> tuple[float, list[float], int]:
    """(elapsed seconds, latencies in ms, non-200 answers) of `clients` threads for `seconds`."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    clock: dict[str, float] = {}

    def start_clock() -> None:  # run once, as every thread passes the barrier together
        clock["start"] = time.perf_counter()
        clock["deadline"] = clock["start"] + seconds

    ready = threading.Barrier(clients, action=start_clock)

    def worker(index: int) -> None:
        client = sandbox.client()
        ready.wait()
        mine, n = latencies[index], 0
        while time.perf_counter() < clock["deadline"]:
            body = PUT_BODIES[n % 2] if method == "PUT" else None
            started = time.perf_counter()
            response = client.request(method, CFA, json=body)
            mine.append((time.perf_counter() - started) * 1000)
            errors[index] += response.status_code != 200
            n += 1
        client.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - clock["start"]
    return elapsed, [ms for per_thread in latencies for ms in per_thread], sum(errors)


def report(label: str, elapsed: float, latencies: list[float], errors: int) -> float:
    rps = len(latencies) / elapsed
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"{label:<4} {rps:8.0f} req/s   p50 {cuts[49]:6.2f} ms   p95 {cuts[94]:6.2f} ms   "
        f"({len(latencies)} requests in {elapsed:.1f} s, {errors} errors)"
    )
    return rps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()

    started = time.perf_counter()
    sandbox = SandboxProcess().start(users=args.users)
    print(f"sandbox with {args.users} users ready in {time.perf_counter() - started:.1f} s")
    print(f"{args.clients} concurrent keep-alive clients, {args.seconds:.0f} s per case, {CFA}")
    try:
        figures = {}
        for method in ("GET", "PUT"):
            elapsed, latencies, errors = hammer(sandbox, method, args.clients, args.seconds)
            figures[method] = report(method, elapsed, latencies, errors)
            if errors:
                raise SystemExit(f"{errors} {method} requests did not answer 200")
    finally:
        sandbox.stop()
    print(f"sandbox_get_rps={figures['GET']:.0f} sandbox_put_rps={figures['PUT']:.0f}")


if __name__ == "__main__":
    main()
