"""The only code that writes pending changes; views, the push and the tasks call these.

- submission: a person's change in, with its audit entry; retry, re-apply, cancel
- items: the requests that create, update (or rename) and delete an item of a collection
- claims and outcomes: a push takes changes for sending, holds them while it lives (a lease
  it renews), and records what became of them
- sweeper: wakes what the broker lost and takes back what a dead worker held
- waking: asks for a push through a signal (the Celery tasks listen); backoff

Nothing here knows Celery: the outbox only says, through `portal.changes.signals`, that a
change is due or applied.
"""

from portal.changes.services.claims import claim, heartbeat_seconds, lease_seconds, renew
from portal.changes.services.items import create_item, delete_item, update_item
from portal.changes.services.outcomes import UNSENT, Outcome, record
from portal.changes.services.submission import (
    AlreadyQueued,
    ChangeRequest,
    cancel_change,
    reapply_change,
    retry_change,
    submit_change,
)
from portal.changes.services.sweeper import sweep
from portal.changes.services.waking import backoff_seconds, wake

__all__ = [
    "UNSENT",
    "AlreadyQueued",
    "ChangeRequest",
    "Outcome",
    "backoff_seconds",
    "cancel_change",
    "claim",
    "create_item",
    "delete_item",
    "heartbeat_seconds",
    "lease_seconds",
    "reapply_change",
    "record",
    "renew",
    "retry_change",
    "submit_change",
    "sweep",
    "update_item",
    "wake",
]
