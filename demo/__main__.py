"""`python -m demo [--addr HOST:PORT]`: run the whole demo stack until Ctrl-C."""

import argparse
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")


def main() -> None:
    import django
    from django.core.management.base import CommandError

    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument("--addr", default=os.environ.get("DEMO_ADDR", "127.0.0.1:8000"))
    args = parser.parse_args()
    django.setup()
    from demo.stack import run

    try:
        run(args.addr)
    except CommandError as exc:
        sys.exit(f"CommandError: {exc}")


if __name__ == "__main__":
    main()
