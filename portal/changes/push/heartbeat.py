"""A round's heartbeat: while it sends, it renews the short lease of the changes it holds.

When the worker dies (kill -9, out of memory, a lost machine), the renewals stop, the lease
lapses within seconds and the sweeper gives the changes to another push. A round that can no
longer renew (the database is out of reach) sends nothing more: the sweeper may already have
given its changes away. However long it lives, a round holds its changes no longer than the
time it needs to send them all (`services.lease_seconds`).
"""

import logging
import threading
from datetime import datetime, timedelta

from django.db import DatabaseError, connections
from django.utils import timezone

from portal.changes import services
from portal.changes.models import PendingChange

logger = logging.getLogger(__name__)


class Heartbeat:
    """Renews the round's lease every third of it, on a thread of its own, until stopped.

    Use as a context manager around the round: `with Heartbeat(changes) as heartbeat:`.
    """

    def __init__(self, changes: list[PendingChange], objects: int) -> None:
        self.changes = changes
        self.lease = timedelta(seconds=services.heartbeat_seconds())
        self.longest = timezone.now() + timedelta(seconds=services.lease_seconds(objects))
        # Known held in the database until then (the claim's lease, then each renewal's).
        self.held_until: datetime = min(
            (change.lease_expires_at for change in changes), default=timezone.now()
        )
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="changes-heartbeat", daemon=True)

    def __enter__(self) -> "Heartbeat":
        if self.changes:
            self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def holds(self) -> bool:
        """True while a request may start: the lease has a beat to spare, and the round has
        not outlived the time it needs."""
        now = timezone.now()
        return not self.lost and now < self.longest and now + self.lease / 3 < self.held_until

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.lease.total_seconds() / 3):
                self._beat()
        finally:
            connections.close_all()  # this thread's connections only

    def _beat(self) -> None:
        until = min(timezone.now() + self.lease, self.longest)
        try:
            held = services.renew(self.changes, until)
        except DatabaseError as exc:
            logger.warning("could not renew the lease of changes being sent: %s", exc)
            return
        if held < len(self.changes):
            # Recorded meanwhile, or taken back by the sweeper: send nothing more either way.
            self.lost = True
            self._stop.set()
        else:
            self.held_until = until
