"""The portal's settings for the demo: its SQLite file shared by web, worker and beat.

The product runs on Django's own database backends; here the default SQLite database goes
through `demo.sqlite`, whose writers queue on a file lock instead of SQLite's sleep-and-retry.

The demo runs with DEBUG off, as the product does, so that a visitor sees the portal's own
error pages and never Django's debug page. WhiteNoise serves the static files from the source
folders all the same (`WHITENOISE_USE_FINDERS` in the portal's settings).
"""

import os

from portal import env
from portal.settings import *  # noqa: F403
from portal.settings import ALLOWED_HOSTS, DATABASES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "demo.sqlite"

DEBUG = env.env_bool("DJANGO_DEBUG", default=False)


def demo_hosts(addr: str) -> list[str]:
    """The host names the demo's web server answers to when started on `addr` (HOST:PORT).

    On every interface (0.0.0.0), the machine is reached by any of its names and addresses.
    """
    host = addr.rpartition(":")[0] if ":" in addr else addr
    if not host:
        return []
    return ["*"] if host in ("0.0.0.0", "[::]") else [host]  # noqa: S104 (a name, no bind)


if not os.environ.get("DJANGO_ALLOWED_HOSTS"):
    # `DEMO_ADDR=0.0.0.0:8000 make demo` is reached from other machines, by whatever name.
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, *demo_hosts(os.environ.get("DEMO_ADDR", ""))]
