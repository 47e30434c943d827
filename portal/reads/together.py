"""Independent reads of APIO sent side by side, rather than one after the other.

A page that needs four objects of a user waits for the slowest of them, not for their sum.
Only reads of APIO (and of the cache) belong here: they touch no database, so a pool thread
never opens a connection of its own. The caller's language goes with each read, since a read
may word an error for the page.
"""

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.utils import translation

from portal.core import PerProcess

T = TypeVar("T")

# Enough for the widest page (the user page reads about twenty objects on a cold look), few
# enough that a page cannot flood APIO: the client's pool keeps 20 connections.
THREADS = 8
_pool = PerProcess(lambda: ThreadPoolExecutor(THREADS, thread_name_prefix="apio-read"))
_inside = threading.local()


def side_by_side(reads: Iterable[Callable[[], T]]) -> list[T]:
    """Run every read at once; their results in the same order. The first read that raised
    is raised again, once all have finished (none is left running behind the page)."""
    reads = list(reads)
    if len(reads) <= 1 or getattr(_inside, "pool", False):
        # A read that asks for reads side by side itself waits for them in its own thread:
        # pool threads waiting on the pool could wait for ever.
        return [read() for read in reads]
    language = translation.get_language()

    def in_language(read: Callable[[], T]) -> Callable[[], T]:
        def run() -> T:
            _inside.pool = True
            try:
                with translation.override(language):
                    return read()
            finally:
                _inside.pool = False

        return run

    pool = _pool.get()
    futures = [pool.submit(in_language(read)) for read in reads]
    errors = [future.exception() for future in futures]
    for error in errors:
        if error is not None:
            raise error
    return [future.result() for future in futures]
