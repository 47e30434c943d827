"""Reading a section's object from APIO, and turning a saved form into a pending change."""

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.core import signing
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import reasons
from portal.apio import paths
from portal.apio.errors import ApioError, ApioNotFound, TransientApioError
from portal.changes.models import ChangeStatus, PendingChange
from portal.changes.secrets import strip_secrets
from portal.changes.services import ChangeRequest
from portal.core import UserRef
from portal.features.base import Feature, Section
from portal.features.lookups import SOURCES
from portal.features.wording import field_label
from portal.reads import SettingsReading, get_services, read_settings, side_by_side

logger = logging.getLogger(__name__)

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


def load_section(
    ref: UserRef,
    section: Section,
    assigned: set[str] | None = None,
    known: dict | None = None,
    read=read_settings,
) -> LoadedSection:
    """The section's object as APIO holds it now (`known`: as kept, found already; `read`:
    how to read it otherwise).

    Whether the service is assigned is the user's services list's to say (`assigned`, the
    names it lists as assigned, when the caller has read it already): a 404 from a service
    that list calls assigned is the platform not finding the setting, not "not assigned".
    """
    loaded = LoadedSection(section=section, path=section_path(ref, section))
    try:
        if assigned is None:
            assigned = {state.name for state in get_services(ref) if state.assigned}
        if section.service_name not in assigned:
            loaded.not_assigned = True
            return loaded
        loaded.values = known if known is not None else read(loaded.path)
    except ApioNotFound:
        logger.error("%s is assigned but %s answered 404", section.service_name, loaded.path)
        loaded.error = _(
            "The platform did not find this setting, although the service is assigned. "
            "Tell your platform administrator; reloading will not help."
        )
    except TransientApioError:
        loaded.error = _("The platform did not answer just now. Reload the page to try again.")
    except ApioError as exc:
        loaded.error = _("The platform refused to show this setting: %(reason)s.") % {
            "reason": reasons.shown(str(exc))
        }
    return loaded


def load_sections(
    ref: UserRef, sections: list[Section], lookups: bool = False
) -> dict[Section, LoadedSection]:
    """Several sections of a user, their objects read side by side (after the user's services,
    which say which of them to read). With `lookups`, the values their forms offer as choices
    are read alongside, so that drawing the forms finds them kept."""
    try:
        assigned = {state.name for state in get_services(ref) if state.assigned}
    except ApioError:
        assigned = None  # each section says what went wrong, in its own words
    # What is kept comes in one round trip; only the rest is read, side by side.
    wanted = [s for s in sections if assigned is not None and s.service_name in assigned]
    reading = SettingsReading([section_path(ref, section) for section in wanted])
    known = reading.known
    loaded = {
        section: load_section(ref, section, assigned, known[path])
        for section in sections
        if (path := section_path(ref, section)) in known
    }
    missing = [section for section in sections if section not in loaded]
    reads = [
        lambda section=section: load_section(ref, section, assigned, read=reading.read)
        for section in missing
    ]
    if lookups and assigned is not None:
        sources = {lookup.source for section in sections for lookup in section.lookups}
        reads += [lambda source=source: _looked_up(SOURCES[source], ref) for source in sources]
    read = side_by_side(reads)
    reading.keep()  # what was read, kept in one round trip
    loaded.update(zip(missing, read[: len(missing)], strict=True))
    return {section: loaded[section] for section in sections}


def _looked_up(source, ref: UserRef) -> None:
    # On failure the form's own lookup reads again, or falls back to typing the value.
    with contextlib.suppress(ApioError):
        source(ref)


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
    return _worth_showing(change)


def latest_changes(paths: list[str]) -> dict[str, PendingChange | None]:
    """`latest_change` of several objects, in two queries however many objects and changes:
    the last change of each is the one filed last (the highest id)."""
    last_ids = (
        PendingChange.objects.filter(object_key__in=paths)
        .values("object_key")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    found = {c.object_key: c for c in PendingChange.objects.filter(id__in=list(last_ids))}
    return {path: _worth_showing(found.get(path)) for path in paths}


def _worth_showing(change: PendingChange | None) -> PendingChange | None:
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


def describe_change(change: PendingChange | None) -> str:
    """What a change changes, in the form's labels: "Forward calls when busy, Forward to"."""
    if change is None:
        return ""
    names = [*change.payload, *change.redacted_fields]
    return ", ".join(dict.fromkeys(field_label(change.feature, name) for name in names))
