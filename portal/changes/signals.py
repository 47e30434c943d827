"""What the outbox tells the rest of the portal, without knowing who listens.

- `change_due`: a change is due to be sent (now, or after `countdown` seconds). The Celery
  tasks publish a push for it; a receiver answers True when the push was queued.
- `changes_applied`: APIO now holds these changes, so whatever was read of their objects
  before is out of date. Sent as soon as APIO's answer says so, before the outcome is recorded:
  a page that sees the change applied must not find the old value still kept.
"""

from django.dispatch import Signal

change_due = Signal()  # change_id: int, countdown: float | None, by_sweeper: bool
changes_applied = Signal()  # changes: list[PendingChange]
