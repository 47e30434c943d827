"""What the push sends as one request: an object's claimed line, the PUTs merged into one."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from portal.changes.models import PendingChange
from portal.changes.services import Outcome


@dataclass
class Batch:
    """Changes to one object sent as one request: the head, then the PUTs merged into it."""

    changes: list[PendingChange]
    started: datetime = field(default_factory=timezone.now)

    @property
    def head(self) -> PendingChange:
        return self.changes[0]

    @property
    def payload(self) -> dict:
        merged: dict = {}
        for member in self.changes:
            merged.update(member.payload)
        return merged

    def outcome(self, kind: str, **details) -> Outcome:
        return Outcome(self.changes, kind, started=self.started, **details)

    def part(self, changes: list[PendingChange]) -> "Batch":
        return Batch(changes, self.started)
