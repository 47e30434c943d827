"""Names the whole portal shares, free of HTTP, Django models and forms."""

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class UserRef:
    """Where a BroadWorks user lives: the three ids every user path needs."""

    tenant_id: str
    group_id: str
    user_id: str


class PerProcess(Generic[T]):
    """One T for this process, made on first use and made again in a forked child: threads and
    sockets do not survive a fork (gunicorn's and Celery's worker processes)."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._pid: int | None = None
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        pid = os.getpid()
        if self._pid != pid:
            with self._lock:
                if self._pid != pid:
                    self._value, self._pid = self._make(), pid
        return self._value  # type: ignore[return-value]

    def drop(self) -> T | None:
        """Forget this process's T (the next `get` makes another); the one dropped, if any."""
        with self._lock:
            dropped = self._value if self._pid == os.getpid() else None
            self._value, self._pid = None, None
        return dropped
