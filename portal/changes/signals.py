"""What the outbox tells the rest of the portal, without knowing who listens.

- `change_due`: a change is due to be sent (now, or after `countdown` seconds). The Celery
  tasks publish a push for it; a receiver answers True when the push was queued.
- `changes_applied`: APIO now holds these changes (sent after the outcome is committed), so
  whatever was read of their objects before is out of date.
"""

from django.dispatch import Signal

change_due = Signal()  # change_id: int, countdown: float | None, by_sweeper: bool
changes_applied = Signal()  # changes: list[PendingChange]
