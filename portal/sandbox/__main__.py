"""``python -m portal.sandbox --addr 127.0.0.1:8001``: run the sandbox APIO.

Options: --db PATH (default var/sandbox.sqlite3, under SWITCHBOARD_VAR_DIR when set),
--users N (default 20000), --seed S (default 1), --reset (rebuild the demo data).
The environment sets the rest: SANDBOX_ADMIN_USERNAME / SANDBOX_ADMIN_PASSWORD,
SANDBOX_SESSION_TTL, the SANDBOX_* fault settings (see faults.py), SANDBOX_REQUEST_LOG_SIZE.
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from aiohttp import web

from portal.sandbox.app import build
from portal.sandbox.context import SandboxConfig

logger = logging.getLogger("portal.sandbox")


def default_db_path() -> Path:
    var_dir = os.environ.get("SWITCHBOARD_VAR_DIR")
    return (Path(var_dir) if var_dir else Path("var")) / "sandbox.sqlite3"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m portal.sandbox", description=__doc__)
    parser.add_argument("--addr", default="127.0.0.1:8001", help="host:port to listen on")
    parser.add_argument("--db", type=Path, default=None, help="SQLite file of the sandbox state")
    parser.add_argument("--users", type=int, default=20000, help="number of demo users")
    parser.add_argument("--seed", type=int, default=1, help="seed of the demo data")
    parser.add_argument("--reset", action="store_true", help="rebuild the demo data at start")
    args = parser.parse_args(argv)
    if args.users < 1:
        parser.error("--users must be at least 1")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    host, _, port = args.addr.rpartition(":")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s sandbox %(message)s")
    config = SandboxConfig.from_env(args.db or default_db_path(), args.users, args.seed)
    app = build(config, reset=args.reset)
    logger.info(
        "APIO listening on http://%s:%s (%d users, seed %d, db %s)",
        host,
        port,
        config.users,
        config.seed,
        config.db_path,
    )
    web.run_app(
        app,
        host=host.strip("[]") or "127.0.0.1",
        port=int(port),
        access_log=None,  # the observe middleware logs one line per request
        print=None,
        handler_cancellation=True,  # a client that gave up stops its hanging (timeout) request
        shutdown_timeout=2.0,
    )


if __name__ == "__main__":
    main()
