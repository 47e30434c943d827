"""Reading a section's object from APIO, and turning a saved form into a pending change."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core import signing
from django.utils import timezone

from portal.apio import paths
from portal.apio.errors import ApioError, ApioNotFound
from portal.changes.models import ChangeStatus, PendingChange
from portal.changes.secrets import strip_secrets
from portal.changes.services import ChangeRequest
from portal.core import UserRef
from portal.features.base import Feature, Section
from portal.reads import read_settings

SNAPSHOT_SALT = "features.section.snapshot"
RECENT_CHANGE_SECONDS = 600


@dataclass
class LoadedSection:
    section: Section
    path: str
    values: dict = field(default_factory=dict)
    not_assigned: bool = False
    error: str = ""
    loaded_at: datetime = field(default_factory=timezone.now)

    @property
    def available(self) -> bool:
        return not self.not_assigned and not self.error

    def signed_snapshot(self) -> str:
        """The values the form starts from, carried by the form itself (secrets left out)."""
        values, _ = strip_secrets(self.section.definition, self.values)
        data = {"values": values, "loaded_at": self.loaded_at.isoformat()}
        return signing.dumps(data, salt=SNAPSHOT_SALT)


def section_path(ref: UserRef, section: Section) -> str:
    return paths.user_service(ref, section.service_path)


def load_section(ref: UserRef, section: Section) -> LoadedSection:
    loaded = LoadedSection(section=section, path=section_path(ref, section))
    try:
        loaded.values = read_settings(loaded.path)
    except ApioNotFound:
        loaded.not_assigned = True
    except ApioError as exc:
        loaded.error = f"The platform did not answer ({exc}). Reload the page to try again."
    return loaded


def read_snapshot(signed: str) -> tuple[dict, datetime] | None:
    """The snapshot a posted form carries, or None if it was tampered with or is missing."""
    try:
        data = signing.loads(signed, salt=SNAPSHOT_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None
    return data["values"], datetime.fromisoformat(data["loaded_at"])


def change_request(
    ref: UserRef, feature: Feature, section: Section, payload: dict, initial: dict, loaded_at
) -> ChangeRequest:
    return ChangeRequest(
        target=ref,
        feature=f"{feature.key}/{section.key}",
        definition=section.definition,
        method="PUT",
        path=section_path(ref, section),
        payload=payload,
        snapshot={name: initial.get(name) for name in payload if name in initial},
        loaded_at=loaded_at,
    )


def latest_change(path: str) -> PendingChange | None:
    """The last change to this object, while it is worth showing next to the form."""
    change = PendingChange.objects.filter(object_key=path).order_by("-created_at", "-id").first()
    if change is None:
        return None
    finished = change.finished_at
    if change.status == ChangeStatus.APPLIED and finished:
        age = (timezone.now() - finished).total_seconds()
        if age > RECENT_CHANGE_SECONDS:
            return None
    if change.status == ChangeStatus.CANCELLED:
        return None
    return change
