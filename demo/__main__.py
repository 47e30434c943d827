"""`python -m demo [--addr HOST:PORT]`: run the whole demo stack until Ctrl-C."""

import argparse
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")


def main() -> None:
    import django

    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument("--addr", default=os.environ.get("DEMO_ADDR", "127.0.0.1:8000"))
    args = parser.parse_args()
    os.environ["DEMO_ADDR"] = args.addr  # the settings let the web server answer to that host
    django.setup()
    from demo.stack import run

    run(args.addr)  # a busy port ends it with a message saying which (SystemExit)


if __name__ == "__main__":
    main()
