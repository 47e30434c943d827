"""What was read of a user, kept in Redis for a short time and forgotten the moment it is stale.

Each user has a generation, a counter in Redis. A value is kept with the generation it was
read under, and is only good while the generation has not moved. Forgetting a user (a change
to them was applied, or someone asked to read again) moves it on: every value kept before
is stale at once, including one that a read begun before the change stores afterwards, which
deleting the keys alone would let through. Reading a kept value and its user's generation is
one round trip to Redis.

A cache that fails is a miss, and is left alone for a few seconds: the reads go to APIO.
"""

import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from portal.apio import paths
from portal.core import UserRef

logger = logging.getLogger(__name__)

# After a failure, how long reads and writes of kept values leave Redis alone.
AWAY_SECONDS = 5
# Longer than any value is kept: a generation that lapsed would let an old value pass as new
# only if that value outlived it.
GENERATION_SECONDS = 24 * 3600
# …/tenants/{t}/groups/{g}/users/{u}/: the user an APIO path belongs to.
_USER_PATH = re.compile(rf"^{re.escape(paths.API)}/tenants/[^/]+/groups/[^/]+/users/[^/]+/")


def owner(ref: UserRef) -> str:
    """The user's key: their APIO path, in one case (BroadWorks ids ignore case)."""
    return paths.user(ref).lower()


def owner_of_path(path: str) -> str | None:
    """The user an APIO path is under (their key), or None for a path of no one user."""
    found = _USER_PATH.match(path)
    return found[0].lower() if found else None


def _generation_key(who: str) -> str:
    return f"reads:generation:{who}"


class _Redis:
    """The cache's own client, which raises on a failure rather than answering None, so that
    one failure stops the others for a few seconds: with a Redis that takes connections and
    never answers, every call waits its full timeout, and a page makes dozens."""

    away_until = 0.0

    def __getattr__(self, name: str):
        return getattr(getattr(cache, "client", cache), name)

    def values(self, call, *args, default=None, **kwargs):
        """A read or write of kept values: skipped while Redis is away, a miss on failure."""
        if time.monotonic() < _Redis.away_until:
            return default
        try:
            return call(*args, **kwargs)
        except Exception as exc:  # ConnectionInterrupted, or redis-py's own errors
            _Redis.away_until = time.monotonic() + AWAY_SECONDS
            logger.warning("the cache failed (%s): reading APIO for %s s", exc, AWAY_SECONDS)
            return default


_redis = _Redis()


def cache_is_back() -> None:
    """Use Redis again at once (it was replaced, or restarted)."""
    _Redis.away_until = 0.0


def kept(kind: str, who: str, seconds: int, read: Callable[[], Any], part: str = "") -> Any:
    """The value kept for (kind, who, part) if still good, else `read()`, then kept."""
    good, generation = _kept(kind, who, [part])
    if part in good:
        return good[part]
    value = read()
    _redis.values(_redis.set, _key(kind, who, part), (generation, value), seconds)
    return value


class KeptTogether:
    """Several parts of one user read for one page: those kept and still good (`good`), found
    with the user's generation in one round trip; the others, read afterwards (side by side,
    from any thread) and handed to `add`, kept by `keep` in one more round trip, where `kept`
    makes two for each. They are kept under the generation found first, before any of them was
    read: a change applied meanwhile makes them stale, as with `kept`."""

    def __init__(self, kind: str, who: str, parts: list[str], seconds: int) -> None:
        self.kind, self.who, self.seconds = kind, who, seconds
        self.good, self.generation = _kept(kind, who, parts)
        self._read: dict[str, Any] = {}
        self._lock = threading.Lock()

    def add(self, part: str, value: Any) -> None:
        with self._lock:
            self._read[part] = value

    def keep(self) -> None:
        with self._lock:
            read, self._read = self._read, {}
        if read:
            entries = {
                _key(self.kind, self.who, part): (self.generation, value)
                for part, value in read.items()
            }
            _redis.values(_redis.set_many, entries, self.seconds)


def _key(kind: str, who: str, part: str) -> str:
    return f"reads:{kind}:{who}{part}"


def _kept(kind: str, who: str, parts: list[str]) -> tuple[dict[str, Any], int]:
    """The values still good, by part, and the user's generation they were read under."""
    keys = {_key(kind, who, part): part for part in parts}
    generation_key = _generation_key(who)
    found = _redis.values(_redis.get_many, [*keys, generation_key], default={})
    generation = found.get(generation_key) or 0
    good = {}
    for key, part in keys.items():
        entry = found.get(key)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generation:
            good[part] = entry[1]
    return good, generation


def forget(*users: str) -> None:
    """Make everything kept of these users stale, now (one round trip to Redis for all).

    Tried even while reads skip a Redis that failed: a Redis back from a short outage still
    holds what was kept before it, and that must not pass for current.
    """
    keys = [_generation_key(who) for who in users]
    if not keys:
        return
    try:
        if hasattr(cache, "client"):  # django-redis
            redis = cache.client.get_client(write=True)
            pipeline = redis.pipeline(transaction=False)
            for key in keys:
                full_key = cache.client.make_key(key)
                pipeline.incr(full_key).expire(full_key, GENERATION_SECONDS)
            pipeline.execute()
        else:
            for key in keys:
                _redis.incr(key, ignore_key_check=True)  # a missing generation was 0: now 1
                _redis.expire(key, GENERATION_SECONDS)
    except Exception:
        logger.exception("could not forget what was read of %s", ", ".join(users))
