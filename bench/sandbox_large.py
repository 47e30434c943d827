"""How fast the full-size sandbox starts and answers: 20,000 users, tenant searches, the
supervisors' agent lists of 10, 200 and 2,000 agents.

    .venv/bin/python bench/sandbox_large.py [--users 20000] [--looks 10]

Starts its own sandbox (`--users` demo users), then times each tenant search of
tests/sandbox/test_large.py and each supervisor's agent list, `--looks` times after one warm-up
look, over loopback HTTP. Prints the start-up time, then p50 and the slowest look per request.
"""

import argparse
import statistics
import time

import stage  # noqa: F401 - first: the project importable

from tests.sandbox.helpers import SUPERVISORS, TENANT
from tests.sandbox.test_large import SEARCHES
from tests.sandbox_process import SandboxProcess

CENTERS = (
    "acme-hq/services/call_centers/cc-helpdesk@acme.example",
    "acme-sales/services/call_centers/cc-sales@acme.example",
    "acme-support/services/call_centers/cc-support@acme.example",
)


def timed(ask, looks: int) -> list[float]:
    ask()  # warm: the sandbox's page cache, the connection
    times = []
    for _ in range(looks):
        started = time.perf_counter()
        ask()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument("--looks", type=int, default=10)
    args = parser.parse_args()

    started = time.perf_counter()
    process = SandboxProcess().start(users=args.users, seed=1)
    print(f"start-up with {args.users} users: {time.perf_counter() - started:.1f} s")
    client = process.client()
    try:
        asks = {
            f"search {body or 'everyone'}": lambda body=body: client.request(
                "GET", f"{TENANT}/search/users/", json=body
            ).raise_for_status()
            for body, _ in SEARCHES
        }
        for supervisor, center in zip(SUPERVISORS, CENTERS, strict=False):
            path = f"{TENANT}/groups/{center}/supervisors/{supervisor}/agents/"
            asks[f"agents of {supervisor}"] = lambda path=path: client.get(path).raise_for_status()
        print(f"{'request':70} {'p50 ms':>8} {'max ms':>8}")
        for label, ask in asks.items():
            times = timed(ask, args.looks)
            print(f"{label[:70]:70} {statistics.median(times):8.1f} {max(times):8.1f}")
    finally:
        client.close()
        process.stop()


if __name__ == "__main__":
    main()
