"""The only code that writes pending changes; views, tasks and the sweeper call these.

- submission: a person's change in, with its audit entry; retry, re-apply, cancel
- queueing: handing change ids to the broker; backoff
- claims and outcomes: a push takes changes for sending and records what became of them
- sweeper: queues what the broker lost and takes back what a dead worker held
"""

from portal.changes.services.claims import Batch, claim
from portal.changes.services.outcomes import UNSENT, Outcome, record
from portal.changes.services.queueing import backoff_seconds, enqueue, push_done, push_running
from portal.changes.services.submission import (
    ChangeRequest,
    cancel_change,
    reapply_change,
    retry_change,
    submit_change,
)
from portal.changes.services.sweeper import sweep

__all__ = [
    "UNSENT",
    "Batch",
    "ChangeRequest",
    "Outcome",
    "backoff_seconds",
    "cancel_change",
    "claim",
    "enqueue",
    "push_done",
    "push_running",
    "reapply_change",
    "record",
    "retry_change",
    "submit_change",
    "sweep",
]
