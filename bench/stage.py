"""What every benchmark stands on, imported first: the project on the import path, and Django
set up on the demo settings (unless DJANGO_SETTINGS_MODULE says otherwise), in a folder of its
own and without DEBUG's query log, as in production."""

import os
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("SWITCHBOARD_VAR_DIR", tempfile.mkdtemp(prefix="switchboard-bench-"))
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")

import django  # noqa: E402

django.setup()


def migrated_with_redis():
    """The database migrated, and Redis: an embedded one started here (to stop when done, the
    one returned) unless REDIS_URL names one; then None."""
    from django.core.management import call_command

    from demo.redis import EmbeddedRedis
    from portal import env

    call_command("migrate", verbosity=0)
    if not env.uses_embedded_redis():
        return None
    server = EmbeddedRedis(env.embedded_redis_socket())
    server.start()
    return server


def percentile(values: list[float], share: float) -> float:
    """The value at `share` (0.95: p95) of the sorted values, the nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
